using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lineage.Core.Diagnostics;

namespace Lineage.Core.Tests.Differential;

internal enum VerdictKind
{
    /// <summary>Both succeeded with the same canonical text and hash.</summary>
    Match,

    /// <summary>Python raised and Lineage threw a LineageException.</summary>
    BothError,

    /// <summary>Python succeeded, Lineage refused with LIN0005 or LIN0007 (allowed, but counted).</summary>
    Unsupported,

    /// <summary>
    /// Python succeeded and Lineage refused with another LIN code: YamlDotNet (YAML 1.2) rejects input PyYAML reads.
    /// No wrong hash, but a known gap: counted, reported by class, held under a ceiling.
    /// </summary>
    Refused,

    /// <summary>Anything else (a different hash, a hash where Python raises, a crash, a hang): a compatibility bug.</summary>
    Mismatch,
}

internal sealed record Verdict(VerdictKind Kind, string Signature)
{
    public bool IsMismatch => Kind == VerdictKind.Mismatch;
}

internal static class Comparison
{
    /// <summary>The only codes allowed when Python succeeds.</summary>
    public static bool IsAllowedRefusal(string? code) =>
        code == DiagnosticCodes.ExpansionLimit || code == DiagnosticCodes.Unsupported;

    public static Verdict Compare(PyResult py, OurResult ours)
    {
        if (ours.Hung)
        {
            return new Verdict(VerdictKind.Mismatch, "lineage hangs");
        }

        if (ours.CrashType is not null)
        {
            return new Verdict(VerdictKind.Mismatch, $"lineage crashes with {ours.CrashType} {CrashSite(ours.Display)}");
        }

        if (py.Ok)
        {
            if (ours.Ok)
            {
                if (string.Equals(py.Canonical, ours.Canonical, StringComparison.Ordinal) && py.Hash == ours.Hash)
                {
                    return new Verdict(VerdictKind.Match, "match");
                }

                return new Verdict(VerdictKind.Mismatch, "canonical text differs");
            }

            if (IsAllowedRefusal(ours.Code))
            {
                return new Verdict(VerdictKind.Unsupported, $"unsupported {ours.Code}");
            }

            return new Verdict(VerdictKind.Refused, $"python ok, lineage refuses with {ours.Code}: {Normalize(ours.Display)}");
        }

        if (ours.Ok)
        {
            return new Verdict(VerdictKind.Mismatch, $"python raises {py.ErrorType}, lineage returns a hash");
        }

        return new Verdict(VerdictKind.BothError, $"both raise ({py.ErrorType} / {ours.Code})");
    }

    /// <summary>The message of a LineageException display string without location and with literals masked.</summary>
    public static string Normalize(string? display)
    {
        if (display is null)
        {
            return string.Empty;
        }

        var k = display.IndexOf(": error ", StringComparison.Ordinal);
        var message = k >= 0 ? display.Substring(k + 8) : display;
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0 && colon < 10)
        {
            message = message.Substring(colon + 2); // drop the LIN code
        }

        message = Regex.Replace(message, @"'[^']*'|""[^""]*""", "'…'");
        message = Regex.Replace(message, @"[0-9]+", "N");
        message = Regex.Replace(message, @"\\(?:\S|$)", "…");
        return message.Length > 110 ? message.Substring(0, 110) + "…" : message;
    }

    /// <summary>The first stack frame of a crash, where it happened.</summary>
    private static string CrashSite(string? display)
    {
        if (display is null)
        {
            return string.Empty;
        }

        var m = Regex.Match(display, @"\n\s+at ([^(\n]+)");
        return m.Success ? "at " + m.Groups[1].Value.Trim() : string.Empty;
    }

    /// <summary>Python-style repr of a string, so invisible characters show.</summary>
    public static string Repr(string s)
    {
        var sb = new StringBuilder("'");
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append("\\U").Append(char.ConvertToUtf32(c, s[i + 1]).ToString("x8", CultureInfo.InvariantCulture));
                        i++;
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (c > 0x7e)
                    {
                        sb.Append(c <= 0xff ? "\\x" : "\\u").Append(((int)c).ToString(c <= 0xff ? "x2" : "x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('\'').ToString();
    }

    /// <summary>A readable report of one case: input, Python's result, ours, and the first differing line.</summary>
    public static string Describe(string text, PyResult py, OurResult ours, Verdict verdict)
    {
        var sb = new StringBuilder();
        sb.Append("  verdict: ").AppendLine(verdict.Signature);
        sb.Append("  input:   ").AppendLine(Repr(text));
        sb.Append("  python:  ").AppendLine(py.Ok ? $"hash {py.Hash}, canonical:\n{OurResult.Indent(py.Canonical!)}" : "error " + py.Error);
        sb.Append("  lineage: ").AppendLine(ours.ToString());
        if (py.Ok && ours.Ok && !string.Equals(py.Canonical, ours.Canonical, StringComparison.Ordinal))
        {
            var a = py.Canonical!.Split('\n');
            var b = ours.Canonical!.Split('\n');
            for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                var la = i < a.Length ? a[i] : "<none>";
                var lb = i < b.Length ? b[i] : "<none>";
                if (la != lb)
                {
                    sb.Append("  first difference, line ").Append(i + 1).AppendLine(":");
                    sb.Append("    python:  ").AppendLine(Repr(la));
                    sb.Append("    lineage: ").AppendLine(Repr(lb));
                    break;
                }
            }
        }

        return sb.ToString();
    }
}
