namespace Lineage.Core.Yaml;

/// <summary>PyYAML's <c>analyze_scalar</c> with <c>allow_unicode=False</c>: which styles can hold a string.</summary>
internal sealed class ScalarAnalysis
{
    public bool Empty { get; private set; }

    public bool Multiline { get; private set; }

    public bool AllowFlowPlain { get; private set; }

    public bool AllowBlockPlain { get; private set; }

    public bool AllowSingleQuoted { get; private set; }

    public bool AllowBlock { get; private set; }

    /// <summary>Length in code points, as Python's <c>len()</c> counts it.</summary>
    public int CodePointLength { get; private set; }

    private const int CacheLimit = 16 * 1024;
    private const int CachedLength = 128;

    // A catalog repeats the same keys and values thousands of times: the analysis (a pure function of the text) is
    // computed once per text and thread. Per thread, so no locking; cleared when it grows past CacheLimit.
    [System.ThreadStatic]
    private static System.Collections.Generic.Dictionary<string, ScalarAnalysis>? _cache;

    private string? _resolvedTag;

    /// <summary>The tag this text resolves to when written plain (<see cref="ScalarResolver.ResolvePlain"/>).</summary>
    public string ResolvedTag(string scalar) => _resolvedTag ??= ScalarResolver.ResolvePlain(scalar);

    /// <summary><see cref="Analyze"/>, from a per-thread cache for short texts.</summary>
    public static ScalarAnalysis Get(string scalar)
    {
        if (scalar.Length > CachedLength)
        {
            return Analyze(scalar);
        }

        var cache = _cache ??= new System.Collections.Generic.Dictionary<string, ScalarAnalysis>(System.StringComparer.Ordinal);
        if (!cache.TryGetValue(scalar, out var analysis))
        {
            if (cache.Count >= CacheLimit)
            {
                cache.Clear();
            }

            analysis = Analyze(scalar);
            cache.Add(scalar, analysis);
        }

        return analysis;
    }

    private static bool IsBreak(char c) => c is '\n' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsWhitespaceOrEnd(string s, int index) =>
        index >= s.Length || s[index] is '\0' or ' ' or '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    public static ScalarAnalysis Analyze(string scalar)
    {
        if (scalar.Length == 0)
        {
            return new ScalarAnalysis
            {
                Empty = true,
                AllowBlockPlain = true,
                AllowSingleQuoted = true,
            };
        }

        bool blockIndicators = false, flowIndicators = false, lineBreaks = false, special = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false;
        if (scalar.StartsWith("---", System.StringComparison.Ordinal) || scalar.StartsWith("...", System.StringComparison.Ordinal))
        {
            blockIndicators = true;
            flowIndicators = true;
        }

        var precededByWhitespace = true;
        var followedByWhitespace = scalar.Length == 1 || IsWhitespaceOrEnd(scalar, 1);
        bool previousSpace = false, previousBreak = false;
        var codePoints = 0;
        var last = scalar.Length - 1;
        for (var index = 0; index < scalar.Length; index++)
        {
            var ch = scalar[index];
            // Astral characters are special (double-quoted whatever the indicators say), so UTF-16 indices
            // are good enough below; only the length must count code points.
            if (!(char.IsLowSurrogate(ch) && index > 0 && char.IsHighSurrogate(scalar[index - 1])))
            {
                codePoints++;
            }

            if (index == 0)
            {
                if (ch is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`')
                {
                    flowIndicators = true;
                    blockIndicators = true;
                }

                if (ch is '?' or ':')
                {
                    flowIndicators = true;
                    if (followedByWhitespace)
                    {
                        blockIndicators = true;
                    }
                }

                if (ch == '-' && followedByWhitespace)
                {
                    flowIndicators = true;
                    blockIndicators = true;
                }
            }
            else
            {
                if (ch is ',' or '?' or '[' or ']' or '{' or '}')
                {
                    flowIndicators = true;
                }

                if (ch == ':')
                {
                    flowIndicators = true;
                    if (followedByWhitespace)
                    {
                        blockIndicators = true;
                    }
                }

                if (ch == '#' && precededByWhitespace)
                {
                    flowIndicators = true;
                    blockIndicators = true;
                }
            }

            if (IsBreak(ch))
            {
                lineBreaks = true;
            }

            if (!(ch == '\n' || (ch >= '\x20' && ch <= '\x7E')))
            {
                // With allow_unicode=False every other character must be escaped.
                special = true;
            }

            var isLast = index == last;
            if (ch == ' ')
            {
                if (index == 0)
                {
                    leadingSpace = true;
                }

                if (isLast)
                {
                    trailingSpace = true;
                }

                if (previousBreak)
                {
                    breakSpace = true;
                }

                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(ch))
            {
                if (index == 0)
                {
                    leadingBreak = true;
                }

                if (isLast)
                {
                    trailingBreak = true;
                }

                if (previousSpace)
                {
                    spaceBreak = true;
                }

                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }

            precededByWhitespace = ch is '\0' or ' ' or '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
            followedByWhitespace = IsWhitespaceOrEnd(scalar, index + 2);
        }

        var analysis = new ScalarAnalysis
        {
            Multiline = lineBreaks,
            CodePointLength = codePoints,
            AllowFlowPlain = true,
            AllowBlockPlain = true,
            AllowSingleQuoted = true,
            AllowBlock = true,
        };
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            analysis.AllowFlowPlain = analysis.AllowBlockPlain = false;
        }

        if (trailingSpace)
        {
            analysis.AllowBlock = false;
        }

        if (breakSpace)
        {
            analysis.AllowFlowPlain = analysis.AllowBlockPlain = analysis.AllowSingleQuoted = false;
        }

        if (spaceBreak || special)
        {
            analysis.AllowFlowPlain = analysis.AllowBlockPlain = analysis.AllowSingleQuoted = analysis.AllowBlock = false;
        }

        if (lineBreaks)
        {
            analysis.AllowFlowPlain = analysis.AllowBlockPlain = false;
        }

        if (flowIndicators)
        {
            analysis.AllowFlowPlain = false;
        }

        if (blockIndicators)
        {
            analysis.AllowBlockPlain = false;
        }

        return analysis;
    }
}
