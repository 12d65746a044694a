using System;
using System.Text;
using YamlDotNet.Core;

namespace Lineage.Core.Yaml;

/// <summary>
/// Rewrites the two constructs that PyYAML reads and YamlDotNet refuses, in ways that leave PyYAML's reading
/// unchanged, so YamlDotNet can parse them:
/// <list type="bullet">
/// <item>Continuation lines of a double-quoted scalar indented less than its key: PyYAML skips every continuation
/// line's leading spaces and tabs, so re-indenting them to the quote's column changes nothing. Lines starting with
/// <c>---</c> or <c>...</c> are left alone: PyYAML rejects those document markers inside a scalar.</item>
/// <item>Whitespace-only lines opening a block scalar: PyYAML keeps only their line breaks and uses their width only
/// to find the indentation, so emptying the ones no wider than the first content line changes nothing.</item>
/// </list>
/// </summary>
internal static class StrictnessRepair
{
    public static bool TryRepair(string text, YamlException error, out string repaired)
    {
        repaired = text;
        var index = (int)Math.Min(Math.Max(0, error.Start.Index), text.Length);
        var message = error.Message;
        if (message.IndexOf("multi-line double-quoted scalar", StringComparison.Ordinal) >= 0
            && message.IndexOf("wrong indentation", StringComparison.Ordinal) >= 0)
        {
            return TryReindentDoubleQuoted(text, index, out repaired);
        }

        if (message.IndexOf("block scalar", StringComparison.Ordinal) >= 0
            && (message.IndexOf("more spaces in lines above first content line", StringComparison.Ordinal) >= 0
                || message.IndexOf("extra spaces in first line", StringComparison.Ordinal) >= 0))
        {
            return TryEmptyLeadingBlankLines(text, index, out repaired);
        }

        return false;
    }

    private static int LineStart(string text, int index)
    {
        while (index > 0 && text[index - 1] != '\n')
        {
            index--;
        }

        return index;
    }

    private static bool TryReindentDoubleQuoted(string text, int quote, out string repaired)
    {
        repaired = text;
        if (quote >= text.Length || text[quote] != '"')
        {
            return false;
        }

        var indent = quote - LineStart(text, quote);
        var sb = new StringBuilder(text.Length + 64);
        sb.Append(text, 0, quote + 1);
        var changed = false;
        var i = quote + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                sb.Append(text, i, text.Length - i);
                repaired = sb.ToString();
                return changed;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] != '\n' && text[i + 1] != '\r')
            {
                sb.Append(c).Append(text[i + 1]);
                i += 2;
                continue;
            }

            sb.Append(c);
            i++;
            if (c != '\n')
            {
                continue;
            }

            // A continuation line: its leading spaces and tabs mean nothing to PyYAML.
            var contentStart = i;
            while (contentStart < text.Length && (text[contentStart] == ' ' || text[contentStart] == '\t'))
            {
                contentStart++;
            }

            var blank = contentStart >= text.Length || text[contentStart] == '\n' || text[contentStart] == '\r';
            var marker = contentStart == i && i + 3 <= text.Length
                && (string.CompareOrdinal(text, i, "---", 0, 3) == 0 || string.CompareOrdinal(text, i, "...", 0, 3) == 0);
            if (!blank && !marker && contentStart - i < indent + 1)
            {
                sb.Append(' ', indent + 1);
                i = contentStart;
                changed = true;
            }
        }

        return false; // no closing quote: a real syntax error
    }

    private static bool TryEmptyLeadingBlankLines(string text, int errorIndex, out string repaired)
    {
        repaired = text;
        var errorLine = LineStart(text, errorIndex);

        // Width of the first content line, or none at the end of the text.
        var p = errorLine;
        while (p < text.Length && text[p] == ' ')
        {
            p++;
        }

        var contentIndent = p < text.Length && text[p] != '\n' && text[p] != '\r' ? p - errorLine : int.MaxValue;

        // Walk back over the whitespace-only lines to the block scalar's header line.
        var sb = new StringBuilder(text);
        var changed = false;
        var lineStart = errorLine;
        while (lineStart > 0)
        {
            var previous = LineStart(text, lineStart - 1);
            var end = lineStart - 1;
            if (end > previous && text[end - 1] == '\r')
            {
                end--;
            }

            var onlySpaces = true;
            for (var k = previous; k < end; k++)
            {
                if (text[k] != ' ')
                {
                    onlySpaces = false;
                    break;
                }
            }

            if (!onlySpaces)
            {
                // This must be the header ("key: |", "- >-" ...), or the repair does not apply.
                var header = text.Substring(previous, end - previous).TrimEnd();
                var hash = header.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0)
                {
                    header = header.Substring(0, hash).TrimEnd();
                }

                if (header.Length == 0 || header.LastIndexOfAny(new[] { '|', '>' }) < header.Length - 3)
                {
                    return false;
                }

                repaired = sb.ToString();
                return changed;
            }

            var width = end - previous;
            if (width > 0 && (contentIndent == int.MaxValue || width <= contentIndent))
            {
                sb.Remove(previous, width);
                changed = true;
            }

            lineStart = previous;
        }

        return false;
    }
}
