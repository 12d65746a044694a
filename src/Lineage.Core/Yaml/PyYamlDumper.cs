using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Python;

namespace Lineage.Core.Yaml;

/// <summary>
/// <c>yaml.dump(data, sort_keys=..., default_flow_style=False)</c> with PyYAML's default Dumper: representer,
/// serializer (anchors for shared objects) and emitter (styles, folding at width 80, ASCII escapes), reproduced
/// to the byte.
/// </summary>
internal sealed class PyYamlDumper
{
    private const int BestIndent = 2;
    private const int BestWidth = 80;

    private readonly bool _sortKeys;
    // The serializer's anchors and "already serialized" marks live on the nodes (one node per object and dump).
    private readonly Dictionary<object, DumpNode> _represented = new(ReferenceEqualityComparer.Instance);
    private readonly StringBuilder _out = new(1024);
    private readonly Stack<int?> _indents = new();
    private int _lastAnchorId;

    // Emitter state, named as in PyYAML's emitter.
    private int? _indent;
    private int _flowLevel;
    private int _column;
    private bool _whitespace = true;
    private bool _indention = true;
    private bool _openEnded;
    private bool _rootContext;
    private bool _mappingContext;
    private bool _simpleKeyContext;

    private PyYamlDumper(bool sortKeys) => _sortKeys = sortKeys;

    public static string Dump(object? value, bool sortKeys)
    {
        var dumper = new PyYamlDumper(sortKeys);
        var root = dumper.Represent(value);
        dumper.AnchorNode(root);
        dumper.EmitNode(root, root: true, mapping: false, simpleKey: false);
        dumper.WriteIndent();
        if (dumper._openEnded)
        {
            dumper.WriteIndicator("...", true);
            dumper.WriteIndent();
        }

        return dumper._out.ToString();
    }

    // ---- Representer -------------------------------------------------------------------------------------

    private DumpNode Represent(object? data)
    {
        var ignoreAliases = data is null or string or PyBytes or bool or BigInteger or double || (data is PyTuple { Items.Count: 0 });
        if (!ignoreAliases && _represented.TryGetValue(data!, out var existing))
        {
            return existing;
        }

        switch (data)
        {
            case null:
                return SharedScalar(YamlTags.Null, "null");
            case string s:
                return SharedScalar(YamlTags.Str, s);
            case bool b:
                return SharedScalar(YamlTags.Bool, b ? "true" : "false");
            case BigInteger i:
                return i.Sign >= 0 && i < SmallInts ? SharedInt((int)i) : DumpNode.Scalar(YamlTags.Int, IntToString(i));
            case double d:
                return DumpNode.Scalar(YamlTags.Float, FloatToString(d));
            case PyBytes bytes:
                return DumpNode.Scalar(YamlTags.Binary, EncodeBytes(bytes.Data), literal: true);
            case PyDate date:
                return Remember(data, DumpNode.Scalar(YamlTags.Timestamp, date.ToString()));
            case PyDateTime dateTime:
                return Remember(data, DumpNode.Scalar(YamlTags.Timestamp, dateTime.ToString()));
            case PyList list:
            {
                var node = Remember(data, DumpNode.Sequence(YamlTags.Seq));
                foreach (var item in list)
                {
                    node.Items!.Add(Represent(item));
                }

                return node;
            }

            case PyTuple tuple:
            {
                var node = DumpNode.Sequence(YamlTags.PythonTuple);
                if (tuple.Items.Count > 0)
                {
                    Remember(data, node);
                }

                foreach (var item in tuple.Items)
                {
                    node.Items!.Add(Represent(item));
                }

                return node;
            }

            case PyDict dict:
                return RepresentMapping(data, YamlTags.Map, new List<KeyValuePair<object?, object?>>(dict.Entries), isSet: false);
            case PySet set:
            {
                var items = new List<KeyValuePair<object?, object?>>();
                foreach (var item in set)
                {
                    items.Add(new KeyValuePair<object?, object?>(item, null));
                }

                return RepresentMapping(data, YamlTags.Set, items, isSet: true);
            }

            default:
                throw new LineageException(DiagnosticCodes.CannotDump, $"cannot represent a value of type {data.GetType().Name}");
        }
    }

    // Nodes of plain-tagged scalars carry no per-dump state (PyYAML never anchors them), so one node per text and
    // tag serves every dump on this thread, its scalar analysis included.
    [ThreadStatic]
    private static Dictionary<string, DumpNode>? _sharedStr;

    [ThreadStatic]
    private static DumpNode?[]? _sharedConstants;

    [ThreadStatic]
    private static DumpNode?[]? _sharedInts;

    private const int SmallInts = 1024;

    private static DumpNode SharedInt(int value)
    {
        var nodes = _sharedInts ??= new DumpNode?[SmallInts];
        return nodes[value] ??= DumpNode.Scalar(YamlTags.Int, value.ToString(CultureInfo.InvariantCulture));
    }

    private static DumpNode SharedScalar(string tag, string value)
    {
        if (tag != YamlTags.Str)
        {
            // null, true, false
            var constants = _sharedConstants ??= new DumpNode?[3];
            var slot = tag == YamlTags.Null ? 0 : value == "true" ? 1 : 2;
            return constants[slot] ??= DumpNode.Scalar(tag, value);
        }

        if (value.Length > 128)
        {
            return DumpNode.Scalar(tag, value);
        }

        var cache = _sharedStr ??= new Dictionary<string, DumpNode>(StringComparer.Ordinal);
        if (!cache.TryGetValue(value, out var node))
        {
            if (cache.Count >= 16 * 1024)
            {
                cache.Clear();
            }

            node = DumpNode.Scalar(tag, value);
            cache.Add(value, node);
        }

        return node;
    }

    private DumpNode RepresentMapping(object data, string tag, List<KeyValuePair<object?, object?>> items, bool isSet)
    {
        var node = Remember(data, DumpNode.Mapping(tag));
        if (isSet && items.Count > 1 && items.Exists(i => i.Key is double d && double.IsNaN(d)))
        {
            // Python orders a set by hash, and a NaN's hash is its memory address: no stable order exists.
            throw new LineageException(
                DiagnosticCodes.Unsupported,
                "a !!set holding .nan and other items is written in an order that changes from run to run in Python; use a list");
        }

        if (_sortKeys)
        {
            // PyYAML swallows the TypeError of an unsortable dict and keeps insertion order.
            if (!PySort.TrySortByKey(items) && isSet && items.Count > 1)
            {
                throw new LineageException(
                    DiagnosticCodes.Unsupported,
                    "a !!set whose items cannot be sorted (mixed types) is written in Python's hash order, which is not stable; use a list");
            }
        }
        else if (isSet && items.Count > 1)
        {
            throw new LineageException(
                DiagnosticCodes.Unsupported,
                "a !!set of more than one item is written in Python's hash order when keys are not sorted; use a list");
        }

        foreach (var item in items)
        {
            var key = Represent(item.Key);
            var value = Represent(item.Value);
            node.Pairs!.Add(new KeyValuePair<DumpNode, DumpNode>(key, value));
        }

        return node;
    }

    private DumpNode Remember(object data, DumpNode node)
    {
        node.CanAlias = true;
        _represented[data] = node;
        return node;
    }

    private static string IntToString(BigInteger value)
    {
        if (!PyRepr.TryIntToText(value, out var text, out var digits))
        {
            throw new LineageException(
                DiagnosticCodes.CannotDump,
                $"an integer of {digits} decimal digits exceeds Python's limit ({ScalarConstructors.MaxIntStringDigits}) for integer string conversion, so yaml.dump fails on it too");
        }

        return text;
    }

    private static string FloatToString(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (double.IsPositiveInfinity(value))
        {
            return ".inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-.inf";
        }

        var text = PyFloatRepr.Repr(value).ToLowerInvariant();
        if (text.IndexOf('.') < 0 && text.IndexOf('e') >= 0)
        {
            var e = text.IndexOf('e');
            text = text.Substring(0, e) + ".0" + text.Substring(e);
        }

        return text;
    }

    // base64.encodebytes: lines of 76 characters, each ending in a newline.
    private static string EncodeBytes(byte[] data)
    {
        var encoded = Convert.ToBase64String(data);
        var sb = new StringBuilder(encoded.Length + (encoded.Length / 76) + 1);
        for (var i = 0; i < encoded.Length; i += 76)
        {
            sb.Append(encoded, i, Math.Min(76, encoded.Length - i)).Append('\n');
        }

        return sb.ToString();
    }

    // ---- Serializer ----------------------------------------------------------------------------------------

    private void AnchorNode(DumpNode node)
    {
        if (!node.CanAlias)
        {
            return; // a scalar PyYAML never aliases, and it has no children
        }

        if (node.AnchorSeen)
        {
            if (node.Anchor is null)
            {
                _lastAnchorId++;
                node.Anchor = "id" + _lastAnchorId.ToString("D3", CultureInfo.InvariantCulture);
            }

            return;
        }

        node.AnchorSeen = true;
        if (node.Items is not null)
        {
            foreach (var item in node.Items)
            {
                AnchorNode(item);
            }
        }
        else if (node.Pairs is not null)
        {
            foreach (var pair in node.Pairs)
            {
                AnchorNode(pair.Key);
                AnchorNode(pair.Value);
            }
        }
    }

    // ---- Emitter -------------------------------------------------------------------------------------------

    private void EmitNode(DumpNode node, bool root, bool mapping, bool simpleKey)
    {
        _rootContext = root;
        _mappingContext = mapping;
        _simpleKeyContext = simpleKey;
        string? anchor = null;
        if (node.CanAlias)
        {
            anchor = node.Anchor;
            if (node.Serialized)
            {
                WriteIndicator("*" + anchor, true);
                return;
            }

            node.Serialized = true;
        }

        if (anchor is not null)
        {
            WriteIndicator("&" + anchor, true);
        }

        if (node.Items is not null)
        {
            if (node.Tag != YamlTags.Seq)
            {
                WriteIndicator(PrepareTag(node.Tag), true);
            }

            if (_flowLevel > 0 || node.Items.Count == 0)
            {
                EmitEmptyFlowCollection("[", "]", node.Items.Count);
            }
            else
            {
                EmitBlockSequence(node);
            }
        }
        else if (node.Pairs is not null)
        {
            if (node.Tag != YamlTags.Map)
            {
                WriteIndicator(PrepareTag(node.Tag), true);
            }

            if (_flowLevel > 0 || node.Pairs.Count == 0)
            {
                EmitEmptyFlowCollection("{", "}", node.Pairs.Count);
            }
            else
            {
                EmitBlockMapping(node);
            }
        }
        else
        {
            EmitScalar(node);
        }
    }

    private void EmitEmptyFlowCollection(string open, string close, int count)
    {
        if (count != 0)
        {
            throw new InvalidOperationException("default_flow_style=False never writes a non-empty flow collection");
        }

        WriteIndicator(open, true, whitespace: true);
        _flowLevel++;
        IncreaseIndent(flow: true, indentless: false);
        _indent = _indents.Pop();
        _flowLevel--;
        WriteIndicator(close, false);
    }

    private void EmitBlockSequence(DumpNode node)
    {
        var indentless = _mappingContext && !_indention;
        IncreaseIndent(flow: false, indentless);
        foreach (var item in node.Items!)
        {
            WriteIndent();
            WriteIndicator("-", true, indention: true);
            EmitNode(item, root: false, mapping: false, simpleKey: false);
        }

        _indent = _indents.Pop();
    }

    private void EmitBlockMapping(DumpNode node)
    {
        IncreaseIndent(flow: false, indentless: false);
        foreach (var pair in node.Pairs!)
        {
            WriteIndent();
            if (CheckSimpleKey(pair.Key))
            {
                EmitNode(pair.Key, root: false, mapping: true, simpleKey: true);
                WriteIndicator(":", false);
                EmitNode(pair.Value, root: false, mapping: true, simpleKey: false);
            }
            else
            {
                WriteIndicator("?", true, indention: true);
                EmitNode(pair.Key, root: false, mapping: true, simpleKey: false);
                WriteIndent();
                WriteIndicator(":", true, indention: true);
                EmitNode(pair.Value, root: false, mapping: true, simpleKey: false);
            }
        }

        _indent = _indents.Pop();
    }

    private bool CheckSimpleKey(DumpNode node)
    {
        var length = 0;
        var anchor = node.CanAlias ? node.Anchor : null;
        if (node.CanAlias && node.Serialized)
        {
            // An alias event: only the anchor counts.
            return anchor!.Length < 128;
        }

        if (anchor is not null)
        {
            length += anchor.Length;
        }

        // The tag is counted even though it will not be written (PyYAML prepares it here).
        length += PreparedTagLength(node.Tag);
        if (node.Items is not null)
        {
            return length < 128 && node.Items.Count == 0;
        }

        if (node.Pairs is not null)
        {
            return length < 128 && node.Pairs.Count == 0;
        }

        var analysis = node.Analysis ??= ScalarAnalysis.Get(node.Value!);
        length += analysis.CodePointLength;
        return length < 128 && !analysis.Empty && !analysis.Multiline;
    }

    private void EmitScalar(DumpNode node)
    {
        var value = node.Value!;
        var analysis = node.Analysis ??= ScalarAnalysis.Get(value);
        var implicitPlain = analysis.ResolvedTag(value) == node.Tag;
        var implicitQuoted = node.Tag == YamlTags.Str;
        var style = ChooseScalarStyle(node, analysis, implicitPlain);
        if (!((style == ScalarStyle.Plain && implicitPlain) || (style != ScalarStyle.Plain && implicitQuoted)))
        {
            WriteIndicator(PrepareTag(node.Tag), true);
        }

        IncreaseIndent(flow: true, indentless: false);
        var split = !_simpleKeyContext;
        switch (style)
        {
            case ScalarStyle.DoubleQuoted:
                WriteDoubleQuoted(value, split);
                break;
            case ScalarStyle.SingleQuoted:
                WriteSingleQuoted(value, split);
                break;
            case ScalarStyle.Literal:
                WriteLiteral(value);
                break;
            default:
                WritePlain(value, split);
                break;
        }

        _indent = _indents.Pop();
    }

    private ScalarStyle ChooseScalarStyle(DumpNode node, ScalarAnalysis analysis, bool implicitPlain)
    {
        if (!node.Literal && implicitPlain)
        {
            if (!(_simpleKeyContext && (analysis.Empty || analysis.Multiline))
                && ((_flowLevel > 0 && analysis.AllowFlowPlain) || (_flowLevel == 0 && analysis.AllowBlockPlain)))
            {
                return ScalarStyle.Plain;
            }
        }

        if (node.Literal)
        {
            if (_flowLevel == 0 && !_simpleKeyContext && analysis.AllowBlock)
            {
                return ScalarStyle.Literal;
            }
        }
        else if (analysis.AllowSingleQuoted && !(_simpleKeyContext && analysis.Multiline))
        {
            return ScalarStyle.SingleQuoted;
        }

        return ScalarStyle.DoubleQuoted;
    }

    // PrepareTag(tag).Length without building the string.
    private static int PreparedTagLength(string tag) =>
        tag.StartsWith(YamlTags.Prefix, StringComparison.Ordinal) ? 2 + tag.Length - YamlTags.Prefix.Length : tag.Length + 3;

    private static string PrepareTag(string tag)
    {
        if (tag.StartsWith(YamlTags.Prefix, StringComparison.Ordinal))
        {
            return "!!" + tag.Substring(YamlTags.Prefix.Length);
        }

        return "!<" + tag + ">";
    }

    private void IncreaseIndent(bool flow, bool indentless)
    {
        _indents.Push(_indent);
        if (_indent is null)
        {
            _indent = flow ? BestIndent : 0;
        }
        else if (!indentless)
        {
            _indent += BestIndent;
        }
    }

    private void WriteIndent()
    {
        var indent = _indent ?? 0;
        if (!_indention || _column > indent || (_column == indent && !_whitespace))
        {
            WriteLineBreak();
        }

        if (_column < indent)
        {
            _whitespace = true;
            _out.Append(' ', indent - _column);
            _column = indent;
        }
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool whitespace = false, bool indention = false)
    {
        if (_whitespace || !needWhitespace)
        {
            _out.Append(indicator);
            _column += indicator.Length;
        }
        else
        {
            _out.Append(' ').Append(indicator);
            _column += indicator.Length + 1;
        }

        _whitespace = whitespace;
        _indention = _indention && indention;
        _openEnded = false;
    }

    private void WriteLineBreak(string? data = null)
    {
        _whitespace = true;
        _indention = true;
        _column = 0;
        _out.Append(data ?? "\n");
    }

    private void Write(string text, int start, int end)
    {
        _out.Append(text, start, end - start);
        _column += end - start;
    }

    private static bool IsBreak(char c) => c is '\n' or '\u0085' or '\u2028' or '\u2029';

    private static readonly char[] SpaceOrBreak = { ' ', '\n', '\u0085', '\u2028', '\u2029' };

    private void WritePlain(string text, bool split)
    {
        if (_rootContext)
        {
            _openEnded = true;
        }

        if (text.Length == 0)
        {
            return;
        }

        if (!_whitespace)
        {
            _out.Append(' ');
            _column++;
        }

        _whitespace = false;
        _indention = false;
        if (text.IndexOfAny(SpaceOrBreak) < 0)
        {
            // One word: the loop below would write it in one piece.
            _out.Append(text);
            _column += text.Length;
            return;
        }

        bool spaces = false, breaks = false;
        int start = 0, end = 0;
        while (end <= text.Length)
        {
            var ch = end < text.Length ? text[end] : '\0';
            var atEnd = end >= text.Length;
            if (spaces)
            {
                if (atEnd || ch != ' ')
                {
                    if (start + 1 == end && _column > BestWidth && split)
                    {
                        WriteIndent();
                        _whitespace = false;
                        _indention = false;
                    }
                    else
                    {
                        Write(text, start, end);
                    }

                    start = end;
                }
            }
            else if (breaks)
            {
                if (atEnd || !IsBreak(ch))
                {
                    if (text[start] == '\n')
                    {
                        WriteLineBreak();
                    }

                    for (var i = start; i < end; i++)
                    {
                        WriteLineBreak(text[i] == '\n' ? null : text[i].ToString());
                    }

                    WriteIndent();
                    _whitespace = false;
                    _indention = false;
                    start = end;
                }
            }
            else if (atEnd || ch == ' ' || IsBreak(ch))
            {
                Write(text, start, end);
                start = end;
            }

            if (!atEnd)
            {
                spaces = ch == ' ';
                breaks = IsBreak(ch);
            }

            end++;
        }
    }

    private void WriteSingleQuoted(string text, bool split)
    {
        WriteIndicator("'", true);
        bool spaces = false, breaks = false;
        int start = 0, end = 0;
        while (end <= text.Length)
        {
            var atEnd = end >= text.Length;
            var ch = atEnd ? '\0' : text[end];
            if (spaces)
            {
                if (atEnd || ch != ' ')
                {
                    if (start + 1 == end && _column > BestWidth && split && start != 0 && end != text.Length)
                    {
                        WriteIndent();
                    }
                    else
                    {
                        Write(text, start, end);
                    }

                    start = end;
                }
            }
            else if (breaks)
            {
                if (atEnd || !IsBreak(ch))
                {
                    if (text[start] == '\n')
                    {
                        WriteLineBreak();
                    }

                    for (var i = start; i < end; i++)
                    {
                        WriteLineBreak(text[i] == '\n' ? null : text[i].ToString());
                    }

                    WriteIndent();
                    start = end;
                }
            }
            else if (atEnd || ch == ' ' || IsBreak(ch) || ch == '\'')
            {
                if (start < end)
                {
                    Write(text, start, end);
                    start = end;
                }
            }

            if (!atEnd && ch == '\'')
            {
                _out.Append("''");
                _column += 2;
                start = end + 1;
            }

            if (!atEnd)
            {
                spaces = ch == ' ';
                breaks = IsBreak(ch);
            }

            end++;
        }

        WriteIndicator("'", false);
    }

    private void WriteDoubleQuoted(string value, bool split)
    {
        WriteIndicator("\"", true);
        var text = ToCodePoints(value);
        int start = 0, end = 0;
        while (end <= text.Length)
        {
            var atEnd = end >= text.Length;
            var ch = atEnd ? -1 : text[end];
            if (atEnd || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xFEFF || !(ch >= 0x20 && ch <= 0x7E))
            {
                if (start < end)
                {
                    WriteCodePoints(text, start, end);
                    start = end;
                }

                if (!atEnd)
                {
                    var escape = Escape(ch);
                    _out.Append(escape);
                    _column += escape.Length;
                    start = end + 1;
                }
            }

            if (end > 0 && end < text.Length - 1 && (ch == ' ' || start >= end) && _column + (end - start) > BestWidth && split)
            {
                if (start < end)
                {
                    WriteCodePoints(text, start, end);
                    start = end;
                }

                _out.Append('\\');
                _column++;
                WriteIndent();
                _whitespace = false;
                _indention = false;
                if (text[start] == ' ')
                {
                    _out.Append('\\');
                    _column++;
                }
            }

            end++;
        }

        WriteIndicator("\"", false);
    }

    private void WriteLiteral(string text)
    {
        var hints = BlockHints(text);
        WriteIndicator("|" + hints, true);
        if (hints.EndsWith("+", StringComparison.Ordinal))
        {
            _openEnded = true;
        }

        WriteLineBreak();
        var breaks = true;
        int start = 0, end = 0;
        while (end <= text.Length)
        {
            var atEnd = end >= text.Length;
            var ch = atEnd ? '\0' : text[end];
            if (breaks)
            {
                if (atEnd || !IsBreak(ch))
                {
                    for (var i = start; i < end; i++)
                    {
                        WriteLineBreak(text[i] == '\n' ? null : text[i].ToString());
                    }

                    if (!atEnd)
                    {
                        WriteIndent();
                    }

                    start = end;
                }
            }
            else if (atEnd || IsBreak(ch))
            {
                _out.Append(text, start, end - start);
                if (atEnd)
                {
                    WriteLineBreak();
                }

                start = end;
            }

            if (!atEnd)
            {
                breaks = IsBreak(ch);
            }

            end++;
        }
    }

    private static string BlockHints(string text)
    {
        var hints = string.Empty;
        if (text.Length > 0)
        {
            if (text[0] == ' ' || IsBreak(text[0]))
            {
                hints += BestIndent.ToString(CultureInfo.InvariantCulture);
            }

            if (!IsBreak(text[text.Length - 1]))
            {
                hints += "-";
            }
            else if (text.Length == 1 || IsBreak(text[text.Length - 2]))
            {
                hints += "+";
            }
        }

        return hints;
    }

    private void WriteCodePoints(int[] text, int start, int end)
    {
        // Only printable ASCII reaches here unescaped.
        for (var i = start; i < end; i++)
        {
            _out.Append((char)text[i]);
        }

        _column += end - start;
    }

    private static string Escape(int ch) => ch switch
    {
        0x00 => "\\0",
        0x07 => "\\a",
        0x08 => "\\b",
        0x09 => "\\t",
        0x0A => "\\n",
        0x0B => "\\v",
        0x0C => "\\f",
        0x0D => "\\r",
        0x1B => "\\e",
        '"' => "\\\"",
        '\\' => "\\\\",
        0x85 => "\\N",
        0xA0 => "\\_",
        0x2028 => "\\L",
        0x2029 => "\\P",
        <= 0xFF => "\\x" + ch.ToString("X2", CultureInfo.InvariantCulture),
        <= 0xFFFF => "\\u" + ch.ToString("X4", CultureInfo.InvariantCulture),
        _ => "\\U" + ch.ToString("X8", CultureInfo.InvariantCulture),
    };

    private static int[] ToCodePoints(string s)
    {
        var result = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(char.ConvertToUtf32(c, s[i + 1]));
                i++;
            }
            else
            {
                result.Add(c);
            }
        }

        return result.ToArray();
    }

    private enum ScalarStyle
    {
        Plain,
        SingleQuoted,
        DoubleQuoted,
        Literal,
    }

    private sealed class DumpNode
    {
        public string Tag { get; private set; } = string.Empty;

        public string? Value { get; private set; }

        public bool Literal { get; private set; }

        /// <summary>Whether PyYAML would track this object for anchors (not None/str/bytes/bool/int/float).</summary>
        public bool CanAlias { get; set; }

        /// <summary>Whether the serializer's anchor pass has reached this node.</summary>
        public bool AnchorSeen { get; set; }

        /// <summary>The anchor (<c>id001</c>...) of a node reached twice, else null.</summary>
        public string? Anchor { get; set; }

        /// <summary>Whether the node was written once already (it is an alias from then on).</summary>
        public bool Serialized { get; set; }

        /// <summary>The scalar's analysis, computed once for the simple-key check and the emitter.</summary>
        public ScalarAnalysis? Analysis { get; set; }

        public List<DumpNode>? Items { get; private set; }

        public List<KeyValuePair<DumpNode, DumpNode>>? Pairs { get; private set; }

        public static DumpNode Scalar(string tag, string value, bool literal = false) => new() { Tag = tag, Value = value, Literal = literal };

        public static DumpNode Sequence(string tag) => new() { Tag = tag, Items = new List<DumpNode>() };

        public static DumpNode Mapping(string tag) => new() { Tag = tag, Pairs = new List<KeyValuePair<DumpNode, DumpNode>>() };
    }
}
