using System;
using System.Collections.Generic;
using Lineage.Core.Diagnostics;

namespace Lineage.Core.Yaml;

/// <summary>
/// Parses a large document's biggest top-level block sequence (a catalog's <c>circuits:</c> list) in parallel
/// chunks, one item each, still with YamlDotNet. <see cref="TryCompose"/> composes the rest of the document with the
/// list blanked out and leaves a <see cref="SequenceNode"/> whose <see cref="SequenceNode.Split"/> holds the items'
/// text; the constructor composes and constructs each item in one go on a worker thread (<see cref="Chunks"/>), so
/// an item's node graph dies young. The split is only kept when it is provably the same as one pass: the key's value
/// in the blanked document is empty, every chunk is one well-formed item that defines no anchor and uses only
/// anchors defined above the list, and the load raises nothing. Anything else (see
/// <see cref="AbandonException"/>) makes <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/> load the
/// whole text again in one pass, which also produces the right error message.
/// </summary>
internal static class SequenceSplitter
{
    /// <summary>Thrown inside a chunk, or by the constructor, to abandon the split.</summary>
    internal sealed class AbandonException : Exception
    {
    }

    /// <summary>The items of a split sequence, as text still to compose, in groups of consecutive items.</summary>
    internal sealed class Chunks
    {
        // Items per group: one parser per group rather than per item, and still hundreds of groups to spread.
        private const int GroupSize = 8;

        private readonly string _text;
        private readonly List<(int Start, int End, int Line)> _items;
        private readonly Dictionary<string, YamlNode> _headAnchors;
        private readonly YamlLoadOptions _options;
        private long _expandedSize;

        public Chunks(string key, string text, List<(int Start, int End, int Line)> items, Dictionary<string, YamlNode> headAnchors, long documentSize, YamlLoadOptions options)
        {
            Key = key;
            _text = text;
            _items = items;
            _headAnchors = headAnchors;
            _options = options;
            _expandedSize = documentSize;
        }

        /// <summary>The top-level key whose value the sequence is.</summary>
        public string Key { get; }

        /// <summary>The number of items.</summary>
        public int Count => _items.Count;

        /// <summary>The number of groups.</summary>
        public int GroupCount => (_items.Count + GroupSize - 1) / GroupSize;

        /// <summary>The index of the first item of <paramref name="group"/>.</summary>
        public static int FirstItem(int group) => group * GroupSize;

        /// <summary>
        /// Composes the items of <paramref name="group"/> into <paramref name="items"/>. Throws
        /// <see cref="AbandonException"/> when they do not parse on their own as that many items, define an anchor, or
        /// the document's nodes with aliases expanded exceed the limit.
        /// </summary>
        public void Compose(int group, List<YamlNode> items)
        {
            var first = FirstItem(group);
            var count = Math.Min(GroupSize, _items.Count - first);
            var start = _items[first].Start;
            var end = _items[first + count - 1].End;
            try
            {
                YamlComposer.ComposeSequenceItems(_text.Substring(start, end - start), _items[first].Line - 1, count, _headAnchors, _options, items);
            }
            catch (Exception ex) when (ex is LineageException or YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                throw new AbandonException();
            }

            long size = 0;
            foreach (var item in items)
            {
                size += item.ExpandedSize;
            }

            if (System.Threading.Interlocked.Add(ref _expandedSize, size) > _options.MaxExpandedNodes)
            {
                throw new AbandonException();
            }
        }
    }

    private static int _splits;

    /// <summary>How many documents were loaded split (for tests: the split must really be exercised).</summary>
    internal static int Splits => _splits;

    /// <summary>Counts a split load that was kept.</summary>
    internal static void CountSplit() => System.Threading.Interlocked.Increment(ref _splits);

    public static YamlNode? TryCompose(string text, YamlLoadOptions options)
    {
        if (!FindRegion(text, out var region))
        {
            return null;
        }

        // The head and tail, with the list replaced by as many line breaks, keep every line number.
        var blanked = string.Concat(text.Substring(0, region.Start), new string('\n', region.LineCount), text.Substring(region.End));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        YamlNode? root;
        try
        {
            root = YamlComposer.ComposeWhole(blanked, options, anchors);
        }
        catch (LineageException)
        {
            return null;
        }

        if (root is not MappingNode mapping || mapping.Shared)
        {
            // Not a mapping, or an anchored one: an item could then alias the document itself, which is still being
            // built while the items are (and a consumer of the items, see PyYaml's split item sink, would see it so).
            return null;
        }

        var pairIndex = mapping.Pairs.FindIndex(p =>
            p.Key is ScalarNode { Value: var key } k && key == region.Key && k.Tag == YamlTags.Str && k.Line == region.KeyLine && k.Column == 1
            && p.Value is ScalarNode { Value: "", Tag: YamlTags.Null });
        if (pairIndex < 0)
        {
            return null;
        }

        // Items may use only the anchors defined above the list: an alias to one defined below it is an error.
        var headAnchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            if (anchor.Value.Line < region.KeyLine)
            {
                headAnchors.Add(anchor.Key, anchor.Value);
            }
        }

        var sequence = new SequenceNode(YamlTags.Seq, region.Items[0].Line, region.Indent + 1)
        {
            Split = new Chunks(region.Key, text, region.Items, headAnchors, mapping.ExpandedSize, options),
        };
        mapping.Pairs[pairIndex] = new KeyValuePair<YamlNode, YamlNode>(mapping.Pairs[pairIndex].Key, sequence);
        return root;
    }

    private sealed class Region
    {
        public string Key = string.Empty;
        public int KeyLine;
        public int Indent;
        public int Start;
        public int End;
        public int LineCount;
        public List<(int Start, int End, int Line)> Items = new();
    }

    /// <summary>
    /// Finds the longest run of items <c>- ...</c> at one indentation right under a plain top-level key line
    /// (<c>key:</c> with nothing but a comment after it). An item is split off only at a line that is exactly the
    /// indentation followed by <c>- </c> or a lone <c>-</c>; block scalars and plain scalars cannot continue on such
    /// a line, and a quoted scalar or flow collection that would makes its chunk fail to parse, which abandons the split.
    /// </summary>
    private static bool FindRegion(string text, out Region best)
    {
        best = null!;
        var lineStarts = new List<int>((text.Length / 24) + 16) { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lineStarts.Add(i + 1);
        }

        var lineCount = lineStarts.Count;
        int LineEnd(int line) => line + 1 < lineCount ? lineStarts[line + 1] : text.Length;

        var lineNo = 0;
        while (lineNo < lineCount)
        {
            var key = KeyLine(text, lineStarts[lineNo], LineEnd(lineNo));
            if (key is null)
            {
                lineNo++;
                continue;
            }

            var region = new Region { Key = key, KeyLine = lineNo + 1, Indent = -1 };
            var next = lineNo + 1;
            for (; next < lineCount; next++)
            {
                var (indent, kind) = Classify(text, lineStarts[next], LineEnd(next));
                if (kind == LineKind.Ignorable)
                {
                    continue;
                }

                if (region.Indent < 0)
                {
                    if (kind != LineKind.Item)
                    {
                        break;
                    }

                    region.Indent = indent;
                    region.Start = lineStarts[next];
                }

                if (kind == LineKind.Item && indent == region.Indent)
                {
                    region.Items.Add((lineStarts[next], 0, next + 1));
                }
                else if (indent <= region.Indent)
                {
                    break;
                }
            }

            if (region.Items.Count > 0)
            {
                region.End = next < lineCount ? lineStarts[next] : text.Length;
                for (var i = 0; i < region.Items.Count; i++)
                {
                    var end = i + 1 < region.Items.Count ? region.Items[i + 1].Start : region.End;
                    region.Items[i] = (region.Items[i].Start, end, region.Items[i].Line);
                }

                // Line breaks in [Start, End): every line but the last one of the text ends in one.
                region.LineCount = (next < lineCount ? next : lineCount - 1) - LineIndex(lineStarts, region.Start);

                if (best is null || region.Items.Count > best.Items.Count)
                {
                    best = region;
                }
            }

            lineNo = Math.Max(next, lineNo + 1);
        }

        return best is not null && best.Items.Count >= 2;
    }

    private static int LineIndex(List<int> lineStarts, int start)
    {
        var index = lineStarts.BinarySearch(start);
        return index >= 0 ? index : ~index - 1;
    }

    private enum LineKind
    {
        Ignorable,
        Item,
        Other,
    }

    private static (int Indent, LineKind Kind) Classify(string text, int start, int end)
    {
        var i = start;
        while (i < end && text[i] == ' ')
        {
            i++;
        }

        var indent = i - start;
        if (i >= end || text[i] == '\n' || text[i] == '\r' || text[i] == '#')
        {
            return (indent, LineKind.Ignorable);
        }

        if (text[i] == '-' && (i + 1 >= end || text[i + 1] is ' ' or '\n' or '\r'))
        {
            return (indent, LineKind.Item);
        }

        return (indent, LineKind.Other);
    }

    // A top-level key that opens a block value: "name:" at column 1, then only spaces and an optional comment.
    private static string? KeyLine(string text, int start, int end)
    {
        var i = start;
        if (i >= end || !(char.IsLetter(text[i]) || text[i] == '_'))
        {
            return null;
        }

        while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.'))
        {
            i++;
        }

        if (i >= end || text[i] != ':')
        {
            return null;
        }

        var key = text.Substring(start, i - start);
        i++;
        while (i < end && text[i] == ' ')
        {
            i++;
        }

        if (i < end && text[i] == '#' && i > start + key.Length + 1)
        {
            return key;
        }

        return i >= end || text[i] is '\n' or '\r' ? key : null;
    }
}
