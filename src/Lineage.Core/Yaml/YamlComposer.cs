using System;
using System.Collections.Generic;
using System.IO;
using Lineage.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Comment = YamlDotNet.Core.Tokens.Comment;
using Scalar = YamlDotNet.Core.Events.Scalar;

namespace Lineage.Core.Yaml;

/// <summary>
/// Turns YAML text into a node graph the way PyYAML's reader, scanner and composer would: YamlDotNet does the
/// parsing, and the places where YAML 1.2 (YamlDotNet) and PyYAML's YAML 1.1 scanner disagree are checked here
/// so that such input is an error rather than a different value.
/// </summary>
internal sealed class YamlComposer
{
    private readonly string _text;
    private readonly YamlLoadOptions _options;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private int _anchoredDepth;
    private IParser _parser = null!;

    // Set when composing one item of a sequence split off by SequenceSplitter: the item's lines start
    // _lineOffset lines into the document, it may use the anchors of the document's head, and defining an anchor
    // of its own abandons the split (a later item could refer to it).
    private int _lineOffset;
    private Dictionary<string, YamlNode>? _headAnchors;

    // Extents of quoted and block scalars, kept only when some line starts with '%' (see CheckNoDirectiveInside).
    private List<(long Start, long End)>? _quotedSpans;
    private long _documentStartIndex;
    private bool _lastScalarMultiLine;
    private long _lastScalarStart;

    private YamlComposer(string text, YamlLoadOptions options)
    {
        _text = text;
        _options = options;
    }

    /// <summary>Composes the single document of <paramref name="text"/>; null for an empty stream.</summary>
    public static YamlNode? Compose(string text, YamlLoadOptions options) => Compose(text, options, allowSplit: false, out _);

    /// <summary>
    /// Composes the single document of <paramref name="text"/>; null for an empty stream. With
    /// <paramref name="allowSplit"/>, a large document's biggest top-level block sequence may be left as text for the
    /// constructor to compose in parallel (<paramref name="split"/> tells); its caller must then load the document in
    /// one pass when the constructor abandons the split or raises (see <see cref="SequenceSplitter"/>).
    /// </summary>
    public static YamlNode? Compose(string text, YamlLoadOptions options, bool allowSplit, out bool split)
    {
        split = false;
        text = CheckCharacters(text);

        // YamlDotNet (YAML 1.2) is stricter than PyYAML in two places that real configs hit: continuation lines of
        // a double-quoted scalar indented less than its key, and whitespace-only lines opening a block scalar.
        // Both are repaired in a way that cannot change PyYAML's reading (see QuotedScalarRepair), then parsed again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (text.IndexOf('\t') >= 0)
                {
                    CheckTabs(text);
                }

                if (MayHaveKeylessValue(text) || HasFlowEndFollowedByContent(text))
                {
                    CheckValueIndicators(text);
                }

                if (allowSplit && text.Length >= options.ParallelLoadThreshold && !HasLineStartingWith(text, '%'))
                {
                    var parallel = SequenceSplitter.TryCompose(text, options);
                    if (parallel is not null)
                    {
                        split = true;
                        return parallel;
                    }
                }

                return ComposeWhole(text, options);
            }
            catch (LineageException ex) when (attempt < MaxRepairs && ex.InnerException is YamlException yaml && StrictnessRepair.TryRepair(text, yaml, out var repaired))
            {
                text = repaired;
            }
        }
    }

    private const int MaxRepairs = 500;

    /// <summary>Composes already checked text in one pass.</summary>
    internal static YamlNode? ComposeWhole(string text, YamlLoadOptions options, Dictionary<string, YamlNode>? anchorsOut = null)
    {
        var composer = new YamlComposer(text, options);
        try
        {
            var root = composer.ComposeStream();
            if (anchorsOut is not null)
            {
                foreach (var anchor in composer._anchors)
                {
                    anchorsOut[anchor.Key] = anchor.Value;
                }
            }

            return root;
        }
        catch (YamlException ex) when (ex.Message.IndexOf("surrogate", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            // PyYAML keeps a lone \uD83D as one code point; a .NET string cannot carry that faithfully.
            throw Error(
                DiagnosticCodes.Unsupported,
                "a \\u escape of a lone UTF-16 surrogate is a code point of its own in PyYAML; write the character itself or a \\U escape",
                ex.Start);
        }
        catch (YamlException ex)
        {
            throw new LineageException(DiagnosticCodes.YamlSyntax, CleanMessage(ex.Message), null, (int)ex.Start.Line, (int)ex.Start.Column, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet gives up this way on some malformed input ("..." inside a block, reversed surrogate escapes).
            var at = composer._parser?.Current?.End ?? Mark.Empty;
            var code = ex.Message.IndexOf("surrogate", StringComparison.OrdinalIgnoreCase) >= 0 ? DiagnosticCodes.Unsupported : DiagnosticCodes.YamlSyntax;
            throw Error(code, "the YAML is malformed after this point (" + ex.Message + ")", at);
        }
    }

    private YamlNode? ComposeStream()
    {
        if (HasLineStartingWith(_text, '%'))
        {
            _quotedSpans = new List<(long Start, long End)>();
        }

        _parser = new Parser(new StringReader(_text));
        Expect<StreamStart>();
        if (_parser.Accept<StreamEnd>(out _))
        {
            return null;
        }

        if (_parser.Current is DocumentStart { IsImplicit: true } start && HasDirective(start))
        {
            throw Error(DiagnosticCodes.YamlSyntax, "expected '<document start>' (---) after the directives", start.Start);
        }

        _documentStartIndex = _parser.Current?.End.Index ?? 0;
        Expect<DocumentStart>();
        var root = ComposeNode(0, 0);
        Expect<DocumentEnd>();
        CheckNoDirectiveInside();
        if (_parser.Accept<DocumentStart>(out var second))
        {
            throw Error(DiagnosticCodes.YamlSyntax, "expected a single document in the stream, but found another document", second.Start);
        }

        Expect<StreamEnd>();
        return root;
    }

    /// <summary>
    /// Composes a split-off chunk that must be exactly one block sequence holding exactly <paramref name="count"/>
    /// items; adds them to <paramref name="items"/>.
    /// </summary>
    internal static void ComposeSequenceItems(string chunk, int lineOffset, int count, Dictionary<string, YamlNode> headAnchors, YamlLoadOptions options, List<YamlNode> items)
    {
        var composer = new YamlComposer(chunk, options) { _lineOffset = lineOffset, _headAnchors = headAnchors };
        var parser = composer._parser = new Parser(new StringReader(chunk));
        composer.Expect<StreamStart>();
        if (!(parser.Current is DocumentStart { IsImplicit: true }))
        {
            throw new SequenceSplitter.AbandonException();
        }

        parser.MoveNext();
        if (!(parser.Current is SequenceStart { Style: SequenceStyle.Block } start) || !start.Anchor.IsEmpty || !start.Tag.IsEmpty)
        {
            throw new SequenceSplitter.AbandonException();
        }

        parser.MoveNext();
        for (var i = 0; i < count; i++)
        {
            if (parser.Current is SequenceEnd)
            {
                throw new SequenceSplitter.AbandonException();
            }

            items.Add(composer.ComposeNode(2, 0));
        }

        composer.Expect<SequenceEnd>();
        composer.Expect<DocumentEnd>();
        composer.Expect<StreamEnd>();
    }

    private YamlNode ComposeNode(int depth, int flowDepth)
    {
        var ev = _parser.Current ?? throw new YamlException("unexpected end of the stream");
        if (ev is AnchorAlias alias)
        {
            _parser.MoveNext();
            var name = alias.Value.Value;
            if (!_anchors.TryGetValue(name, out var target) && (_headAnchors is null || !_headAnchors.TryGetValue(name, out target)))
            {
                throw Error(DiagnosticCodes.YamlSyntax, $"found undefined alias '{name}'", alias.Start);
            }

            return target;
        }

        if (depth > _options.MaxDepth)
        {
            throw Error(DiagnosticCodes.ExpansionLimit, $"collections are nested deeper than {_options.MaxDepth} levels", ev.Start);
        }

        switch (ev)
        {
            case Scalar scalar:
                return ComposeScalar(scalar, flowDepth);
            case SequenceStart start:
                return ComposeSequence(start, depth, flowDepth);
            case MappingStart start:
                return ComposeMapping(start, depth, flowDepth);
            default:
                throw Error(DiagnosticCodes.YamlSyntax, $"unexpected {ev.GetType().Name}", ev.Start);
        }
    }

    private YamlNode ComposeScalar(Scalar ev, int flowDepth)
    {
        _parser.MoveNext();
        if (_quotedSpans is not null && ev.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            _quotedSpans.Add((ev.Start.Index, ev.End.Index));
        }

        var value = StringPool.Intern(ev.Value);
        string tag;
        if (ev.Tag.IsEmpty)
        {
            tag = ev.Style == ScalarStyle.Plain ? ScalarResolver.ResolvePlain(value) : YamlTags.Str;
        }
        else if (ev.Tag.IsNonSpecific)
        {
            // PyYAML treats the non-specific tag "!" as "resolve me as if I were plain", whatever the style.
            tag = ScalarResolver.ResolvePlain(value);
        }
        else
        {
            tag = ev.Tag.Value;
        }

        if (ev.Style == ScalarStyle.Plain && value.Length > 0 && value[0] is ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`')
        {
            // YamlDotNet reads e.g. "[a, |]" with a plain "|"; an indicator can never start a plain scalar in PyYAML.
            throw Error(DiagnosticCodes.YamlSyntax, $"found character '{value[0]}' that cannot start any token; quote the value", ev.Start);
        }

        if (ev.Style == ScalarStyle.Plain && flowDepth > 0 && value.Length > 0)
        {
            if (value.IndexOf('?') >= 0 || value[0] == ':' || HasFlowValueIndicator(value))
            {
                throw Error(
                    DiagnosticCodes.YamlSyntax,
                    $"'?' and a leading ':' are indicators inside flow collections in YAML 1.1 (PyYAML does not read '{value}' as a plain string); quote the value",
                    ev.Start);
            }
        }

        if (ev.Style == ScalarStyle.Plain && flowDepth == 0 && HasBlockValueIndicator(value))
        {
            // YamlDotNet reads e.g. "? a *:" as one plain "a *:"; PyYAML's scanner ends a plain scalar at any ':' that is
            // followed by a space or a line end, so its document has another shape (or is an error).
            throw Error(
                DiagnosticCodes.YamlSyntax,
                $"':' followed by a space or a line end ends a plain scalar in PyYAML, which does not read '{value}' as one string; quote the value",
                ev.Start);
        }

        if (ev.Style is ScalarStyle.Literal or ScalarStyle.Folded && BlockHeaderProblem(ev) is { } header)
        {
            throw Error(DiagnosticCodes.YamlSyntax, header, ev.Start);
        }

        if (ev.Style == ScalarStyle.DoubleQuoted && HasSurrogatePair(value) && SourceHasSurrogateEscape(ev))
        {
            throw Error(
                DiagnosticCodes.Unsupported,
                "a \\u escape of a UTF-16 surrogate is two separate code points in PyYAML; write the character itself or a \\U escape",
                ev.Start);
        }

        if (ev.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted && ev.End.Index < _text.Length
            && _text[(int)ev.End.Index] is not (' ' or '\t' or '\r' or '\n' or ',' or ']' or '}' or ':' or '#'))
        {
            // YamlDotNet reads {''a} as one node; PyYAML needs a separator after a closing quote.
            throw Error(DiagnosticCodes.YamlSyntax, "found content right after a quoted scalar; add a space or a comma", ev.End);
        }

        _lastScalarMultiLine = ev.Start.Line != ev.End.Line && ev.Style is not (ScalarStyle.Literal or ScalarStyle.Folded);
        _lastScalarStart = ev.Start.Index;
        var node = new ScalarNode(tag, value, (int)ev.Start.Line + _lineOffset, (int)ev.Start.Column) { ExpandedSize = 1, Shared = _anchoredDepth > 0 };
        Register(ev.Anchor, node, ev.Start);
        return node;
    }

    private YamlNode ComposeSequence(SequenceStart ev, int depth, int flowDepth)
    {
        _parser.MoveNext();
        var tag = ev.Tag.IsEmpty || ev.Tag.IsNonSpecific ? YamlTags.Seq : ev.Tag.Value;
        var node = new SequenceNode(tag, (int)ev.Start.Line + _lineOffset, (int)ev.Start.Column);
        var anchored = BeginCollection(node, ev);

        var childFlow = ev.Style == SequenceStyle.Flow ? flowDepth + 1 : flowDepth;
        long size = 1;
        while (!_parser.Accept<SequenceEnd>(out _))
        {
            var item = ComposeNode(depth + 1, childFlow);
            node.Items.Add(item);
            size = Add(size, SizeOf(item), ev.Start);
        }

        EndCollection(node, anchored, size);
        return node;
    }

    private YamlNode ComposeMapping(MappingStart ev, int depth, int flowDepth)
    {
        _parser.MoveNext();
        var tag = ev.Tag.IsEmpty || ev.Tag.IsNonSpecific ? YamlTags.Map : ev.Tag.Value;
        var node = new MappingNode(tag, (int)ev.Start.Line + _lineOffset, (int)ev.Start.Column);
        var anchored = BeginCollection(node, ev);

        var childFlow = ev.Style == MappingStyle.Flow ? flowDepth + 1 : flowDepth;
        long size = 1;
        while (!_parser.Accept<MappingEnd>(out _))
        {
            _lastScalarMultiLine = false;
            var keyEvent = _parser.Current;
            var key = ComposeNode(depth + 1, childFlow);
            if (_lastScalarMultiLine && keyEvent is Scalar && key is ScalarNode && !IsExplicitKey(_lastScalarStart))
            {
                // PyYAML's simple keys fit on one line; YamlDotNet folds {"a\nb": 1} into one key.
                throw Error(DiagnosticCodes.YamlSyntax, "a mapping key must fit on one line unless written after '? '", keyEvent.Start);
            }

            var value = ComposeNode(depth + 1, childFlow);
            node.Pairs.Add(new KeyValuePair<YamlNode, YamlNode>(key, value));
            size = Add(size, SizeOf(key), ev.Start);
            size = Add(size, SizeOf(value), ev.Start);
        }

        EndCollection(node, anchored, size);
        return node;
    }

    // Anchors are registered before the children, so a child may alias its own ancestor (a recursive structure).
    private bool BeginCollection(YamlNode node, NodeEvent ev)
    {
        node.Shared = _anchoredDepth > 0;
        node.Open = true;
        Register(ev.Anchor, node, ev.Start);
        if (node.Shared)
        {
            _anchoredDepth++;
        }

        return node.Shared;
    }

    private void EndCollection(YamlNode node, bool anchored, long size)
    {
        _parser.MoveNext();
        node.Open = false;
        if (anchored)
        {
            _anchoredDepth--;
        }

        node.ExpandedSize = size;
    }

    // An alias back to an enclosing node (a recursive structure) is one reference, not an expansion.
    private static long SizeOf(YamlNode node) => node.Open ? 1 : node.ExpandedSize;

    private long Add(long a, long b, Mark at)
    {
        var sum = a + b;
        if (sum > _options.MaxExpandedNodes || sum < 0)
        {
            throw Error(
                DiagnosticCodes.ExpansionLimit,
                $"aliases expand to more than {_options.MaxExpandedNodes:N0} nodes (a \"YAML bomb\"); refusing to load",
                at);
        }

        return sum;
    }

    private void Register(AnchorName anchor, YamlNode node, Mark at)
    {
        if (anchor.IsEmpty)
        {
            return;
        }

        if (_headAnchors is not null)
        {
            throw new SequenceSplitter.AbandonException();
        }

        var name = anchor.Value;
        foreach (var c in name)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_'))
            {
                throw Error(
                    DiagnosticCodes.YamlSyntax,
                    $"anchor '&{name}' has the character '{c}'; YAML 1.1 (PyYAML) allows only letters, digits, '-' and '_' in anchor names",
                    at);
            }
        }

        node.Shared = true;
        if (_anchors.ContainsKey(name))
        {
            throw Error(DiagnosticCodes.YamlSyntax, $"found duplicate anchor '{name}'", at);
        }

        _anchors.Add(name, node);
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        if (_parser.Current is null)
        {
            _parser.MoveNext();
        }

        if (_parser.Current is not T)
        {
            var at = _parser.Current?.Start ?? Mark.Empty;
            throw Error(DiagnosticCodes.YamlSyntax, $"expected {typeof(T).Name} but found {_parser.Current?.GetType().Name ?? "end of stream"}", at);
        }

        _parser.MoveNext();
    }

    private static bool HasLineStartingWith(string text, char c) =>
        (text.Length > 0 && text[0] == c) || text.IndexOf("\n" + c, StringComparison.Ordinal) >= 0;

    // PyYAML reads '%' at the start of a line as a directive wherever it is, and a directive inside a document is
    // an error; YamlDotNet takes such a line as text. Only quoted and block scalars may hold one.
    private void CheckNoDirectiveInside()
    {
        if (_quotedSpans is null)
        {
            return;
        }

        var index = _text.IndexOf("\n%", StringComparison.Ordinal);
        while (index >= 0)
        {
            var at = index + 1;
            var inside = false;
            foreach (var span in _quotedSpans)
            {
                if (span.Start < at && at < span.End)
                {
                    inside = true;
                    break;
                }
            }

            if (!inside && at > _documentStartIndex)
            {
                var line = 1;
                for (var i = 0; i < at; i++)
                {
                    if (_text[i] == '\n')
                    {
                        line++;
                    }
                }

                throw new LineageException(
                    DiagnosticCodes.YamlSyntax,
                    "a line starting with '%' is a directive in YAML 1.1 and cannot appear inside a document; quote the value or indent the line",
                    null,
                    line + _lineOffset,
                    1);
            }

            index = _text.IndexOf("\n%", index + 1, StringComparison.Ordinal);
        }
    }

    // YamlDotNet reads "%FOO bar" and "%YAML 1.1" without a following "---"; PyYAML requires the marker.
    private bool HasDirective(DocumentStart start)
    {
        var end = (int)Math.Min(_text.Length, start.Start.Index);
        for (var i = 0; i < end; i++)
        {
            if (_text[i] == '%' && (i == 0 || _text[i - 1] == '\n'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Cheap pre-test for <see cref="CheckValueIndicators"/>: a ':' that follows nothing but indentation, '- ',
    /// '?', or a flow indicator on its line. Explicit "? key" / ": value" pairs (which yaml.dump writes) pass here too.
    /// </summary>
    private static bool MayHaveKeylessValue(string text)
    {
        var index = text.IndexOf(':');
        while (index >= 0)
        {
            var p = index - 1;
            while (p >= 0 && text[p] == ' ')
            {
                p--;
            }

            if (p < 0 || text[p] is '\n' or '\r' or '-' or '?' or '{' or '[' or ',')
            {
                return true;
            }

            index = text.IndexOf(':', index + 1);
        }

        return false;
    }

    /// <summary>
    /// PyYAML needs a key (simple, or after '?') before every ':' value indicator; YamlDotNet invents an empty key
    /// for ": b" (a zero-width Key token right before the Value, or in flow context before a zero-width empty scalar).
    /// </summary>
    private static void CheckValueIndicators(string text)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        YamlDotNet.Core.Tokens.Token? beforeKey = null, key = null, afterKey = null;
        try
        {
            YamlDotNet.Core.Tokens.Token? previous = null;
            var flowDepth = 0;
            var pendingKey = new List<bool> { false };
            while (scanner.MoveNext())
            {
                var token = scanner.Current!;
                if (token is YamlDotNet.Core.Tokens.Error)
                {
                    return; // the parser reports the syntax error
                }

                if (flowDepth > 0 && previous is YamlDotNet.Core.Tokens.FlowSequenceEnd or YamlDotNet.Core.Tokens.FlowMappingEnd
                    && token is YamlDotNet.Core.Tokens.Scalar or YamlDotNet.Core.Tokens.Key or YamlDotNet.Core.Tokens.AnchorAlias
                        or YamlDotNet.Core.Tokens.Anchor or YamlDotNet.Core.Tokens.Tag or YamlDotNet.Core.Tokens.FlowSequenceStart
                        or YamlDotNet.Core.Tokens.FlowMappingStart)
                {
                    throw Error(DiagnosticCodes.YamlSyntax, "expected ',' after a flow collection, but found more content", token.Start);
                }

                // YamlDotNet skips a ':' that starts a plain scalar ("[a, :x]" and "? :x" read "x"). PyYAML reads it as
                // an indicator in flow collections (an error) and as part of the scalar in block context.
                if (token is YamlDotNet.Core.Tokens.Scalar { Style: ScalarStyle.Plain } plain
                    && plain.Start.Index > 0 && text[(int)plain.Start.Index - 1] == ':' && previous is not YamlDotNet.Core.Tokens.Value)
                {
                    throw flowDepth > 0
                        ? Error(DiagnosticCodes.YamlSyntax, "a ':' starting a plain scalar inside a flow collection is an indicator in YAML 1.1; quote the value", plain.Start)
                        : Error(DiagnosticCodes.Unsupported, "a plain scalar starting with ':' is not read the same way by the YAML parser; quote it", plain.Start);
                }

                if (token is YamlDotNet.Core.Tokens.Value && !pendingKey[pendingKey.Count - 1])
                {
                    throw Error(
                        DiagnosticCodes.YamlSyntax,
                        "found ':' with no key before it; YAML 1.1 (PyYAML) needs a key, or '? ' for an empty one",
                        token.Start);
                }

                switch (token)
                {
                    case YamlDotNet.Core.Tokens.BlockMappingStart or YamlDotNet.Core.Tokens.BlockSequenceStart
                        or YamlDotNet.Core.Tokens.FlowMappingStart or YamlDotNet.Core.Tokens.FlowSequenceStart:
                        pendingKey.Add(false);
                        break;
                    case YamlDotNet.Core.Tokens.BlockEnd or YamlDotNet.Core.Tokens.FlowMappingEnd or YamlDotNet.Core.Tokens.FlowSequenceEnd:
                        if (pendingKey.Count > 1)
                        {
                            pendingKey.RemoveAt(pendingKey.Count - 1);
                        }

                        break;
                    case YamlDotNet.Core.Tokens.Key:
                        pendingKey[pendingKey.Count - 1] = true;
                        break;
                    case YamlDotNet.Core.Tokens.Value:
                        pendingKey[pendingKey.Count - 1] = false;
                        break;
                }

                if (token is YamlDotNet.Core.Tokens.FlowSequenceStart or YamlDotNet.Core.Tokens.FlowMappingStart)
                {
                    flowDepth++;
                }
                else if (token is YamlDotNet.Core.Tokens.FlowSequenceEnd or YamlDotNet.Core.Tokens.FlowMappingEnd)
                {
                    flowDepth--;
                }

                if (token is YamlDotNet.Core.Tokens.Value value && key is not null && IsZeroWidth(key)
                    && !(beforeKey is YamlDotNet.Core.Tokens.Key explicitKey && !IsZeroWidth(explicitKey))
                    && (afterKey is null || afterKey is YamlDotNet.Core.Tokens.Scalar { Value: "" } empty && IsZeroWidth(empty)))
                {
                    throw Error(
                        DiagnosticCodes.YamlSyntax,
                        "found ':' with no key before it; YAML 1.1 (PyYAML) needs a key, or '? ' for an empty one",
                        value.Start);
                }

                if (token is YamlDotNet.Core.Tokens.Key)
                {
                    beforeKey = previous;
                    key = token;
                    afterKey = null;
                }
                else if (key is not null && afterKey is null && previous == key)
                {
                    afterKey = token;
                }
                else
                {
                    key = null;
                }

                previous = token;
            }
        }
        catch (Exception ex) when (ex is not LineageException)
        {
            // Syntax errors are the parser's to report, with its own message.
        }
    }

    private static bool IsZeroWidth(YamlDotNet.Core.Tokens.Token token) => token.Start.Index == token.End.Index;

    // "]x" or "}x": YamlDotNet reads a flow collection followed directly by more content without the ',' PyYAML needs.
    private static bool HasFlowEndFollowedByContent(string text)
    {
        for (var i = text.IndexOfAny(FlowEnds); i >= 0 && i + 1 < text.Length; i = text.IndexOfAny(FlowEnds, i + 1))
        {
            var next = text[i + 1];
            if (!(next is ' ' or '\t' or '\r' or '\n' or ',' or ']' or '}' or ':' or '#'))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly char[] FlowEnds = { ']', '}' };

    // In a flow collection PyYAML ends a plain scalar at ':' followed by a space or a flow indicator (or at its end);
    // YamlDotNet may keep such a ':' inside the scalar, e.g. "{a\n:}" read as the key "a :".
    // PyYAML allows only spaces between a block scalar's indicators ("|2-") and its comment or line break; YamlDotNet
    // also takes a tab there, and "|2\t" then loads where PyYAML raises.
    private string? BlockHeaderProblem(Scalar ev)
    {
        var text = _text;
        var i = (int)ev.Start.Index;

        // Skip an anchor or tag written before the indicator ("&a |", "!!str >").
        while (i < text.Length && (text[i] == '&' || text[i] == '!'))
        {
            while (i < text.Length && text[i] is not (' ' or '\t' or '\r' or '\n'))
            {
                i++;
            }

            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
        }

        if (i >= text.Length || text[i] is not ('|' or '>'))
        {
            return null;
        }

        i++;
        for (var n = 0; n < 2 && i < text.Length && (text[i] is '+' or '-' || (text[i] >= '1' && text[i] <= '9')); n++)
        {
            i++;
        }

        static bool IsBreakOrEnd(string t, int at) => at >= t.Length || t[at] is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
        if (!IsBreakOrEnd(text, i) && text[i] != ' ')
        {
            return $"expected chomping or indentation indicators after '{text[(int)ev.Start.Index]}', but found '{Printable(text[i])}'; only spaces, a comment or a line break may follow them";
        }

        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return IsBreakOrEnd(text, i) || text[i] == '#'
            ? null
            : $"expected a comment or a line break after a block scalar's indicators, but found '{Printable(text[i])}'";
    }

    private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();

    // A ':' followed by white space or the end: never inside a block plain scalar of PyYAML (folded line breaks included).
    private static bool HasBlockValueIndicator(string value)
    {
        for (var i = value.IndexOf(':'); i >= 0; i = value.IndexOf(':', i + 1))
        {
            if (i + 1 == value.Length || value[i + 1] is ' ' or '\t' or '\n')
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasFlowValueIndicator(string value)
    {
        for (var i = value.IndexOf(':'); i >= 0; i = value.IndexOf(':', i + 1))
        {
            if (i + 1 >= value.Length || value[i + 1] is ' ' or '\t' or '\n' or ',' or '[' or ']' or '{' or '}')
            {
                return true;
            }
        }

        return false;
    }

    private bool IsExplicitKey(long start)
    {
        var i = (int)Math.Min(start, _text.Length) - 1;
        while (i >= 0 && _text[i] is ' ' or '\t' or '\r' or '\n')
        {
            i--;
        }

        return i >= 0 && _text[i] == '?';
    }

    private static bool HasSurrogatePair(string value)
    {
        foreach (var c in value)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private bool SourceHasSurrogateEscape(Scalar ev)
    {
        var start = (int)Math.Max(0, ev.Start.Index);
        var end = (int)Math.Min(_text.Length, ev.End.Index);
        for (var i = start; i + 3 < end; i++)
        {
            if (_text[i] == '\\' && (_text[i + 1] == 'u' || _text[i + 1] == 'U'))
            {
                var hexStart = i + 2;
                if (_text[i + 1] == 'U' && hexStart + 4 <= end && _text.Substring(hexStart, 4) == "0000")
                {
                    hexStart += 4;
                }

                if (hexStart < end && (_text[hexStart] == 'd' || _text[hexStart] == 'D') && hexStart + 1 < end)
                {
                    var second = char.ToLowerInvariant(_text[hexStart + 1]);
                    if (second is >= '8' and <= '9' or >= 'a' and <= 'f')
                    {
                        return true;
                    }
                }

                i++; // skip the escaped character so "\\u" is not read as an escape
            }
            else if (_text[i] == '\\')
            {
                i++;
            }
        }

        return false;
    }

    /// <summary>
    /// PyYAML's reader: only printable characters are allowed anywhere. NEL is a line break in YAML 1.1 and is
    /// normalised to LF (which is what PyYAML's scanner turns it into); raw LS/PS breaks are not supported.
    /// </summary>
    private static string CheckCharacters(string text)
    {
        var hasNel = false;
        int line = 1, column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                column = 1;
                continue;
            }

            if (c == '\t' || c == '\r' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != '\u2028' && c != '\u2029') || (c >= 0xE000 && c <= 0xFFFD))
            {
                column++;
                continue;
            }

            if (c == '\u0085')
            {
                hasNel = true;
                line++;
                column = 1;
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                column++;
                continue;
            }

            if (c == '\u2028' || c == '\u2029')
            {
                throw new LineageException(
                    DiagnosticCodes.Unsupported,
                    $"raw line/paragraph separator U+{(int)c:X4} is a line break in YAML 1.1 but not in YAML 1.2; write it as \\L or \\P inside double quotes",
                    null,
                    line,
                    column);
            }

            throw new LineageException(
                DiagnosticCodes.YamlSyntax,
                $"unacceptable character #x{(int)c:x4}: special characters are not allowed (control characters must be escaped inside double quotes)",
                null,
                line,
                column);
        }

        return hasNel ? text.Replace('\u0085', '\n') : text;
    }

    /// <summary>
    /// PyYAML accepts TAB only inside quoted scalars, block scalars and comments; YAML 1.2 also lets it separate
    /// tokens. Tabs anywhere else are the error PyYAML reports.
    /// </summary>
    private static void CheckTabs(string text)
    {
        var allowed = new List<(long Start, long End)>();
        try
        {
            var scanner = new Scanner(new StringReader(text), skipComments: false);
            while (scanner.MoveNext())
            {
                var token = scanner.Current;
                if (token is YamlDotNet.Core.Tokens.Error error)
                {
                    // YamlDotNet keeps yielding error tokens after a syntax error; tabs cannot be judged past it.
                    throw new LineageException(DiagnosticCodes.YamlSyntax, CleanMessage(error.Value), null, (int)error.Start.Line, (int)error.Start.Column);
                }

                if (token is YamlDotNet.Core.Tokens.Scalar scalar && scalar.Style != ScalarStyle.Plain)
                {
                    allowed.Add((token.Start.Index, token.End.Index));
                }
                else if (token is Comment)
                {
                    allowed.Add((token.Start.Index, token.End.Index));
                }
            }
        }
        catch (YamlException ex)
        {
            // Without every scalar's extent the tabs cannot be judged: this is the parser's error too.
            throw new LineageException(DiagnosticCodes.YamlSyntax, CleanMessage(ex.Message), null, (int)ex.Start.Line, (int)ex.Start.Column, ex);
        }
        catch (Exception ex) when (ex is not LineageException)
        {
            throw new LineageException(DiagnosticCodes.YamlSyntax, "the YAML is malformed (" + ex.Message + ")", null, 0, 0, ex);
        }

        int line = 1, column = 1;
        var next = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\t')
            {
                while (next < allowed.Count && allowed[next].End <= i)
                {
                    next++;
                }

                if (next >= allowed.Count || allowed[next].Start > i)
                {
                    throw new LineageException(
                        DiagnosticCodes.YamlSyntax,
                        "found character '\\t' that cannot start any token: YAML 1.1 (PyYAML) allows tabs only inside quoted or block scalars and comments; indent and separate with spaces",
                        null,
                        line,
                        column);
                }
            }

            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(c))
            {
                column++;
            }
        }
    }

    private static string CleanMessage(string message)
    {
        var m = message.Trim();
        var paren = m.IndexOf("(Line:", StringComparison.Ordinal);
        return paren > 0 ? m.Substring(0, paren).Trim() : m;
    }

    private static LineageException Error(string code, string message, Mark at) =>
        new(code, message, null, (int)at.Line, (int)at.Column);
}
