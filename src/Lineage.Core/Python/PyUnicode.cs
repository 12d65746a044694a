using System.Collections.Generic;
using System.Text;

namespace Lineage.Core.Python;

/// <summary>
/// Python's <c>str.lower()</c>, <c>str.strip()</c> and <c>str.isprintable()</c>, from tables generated out of Python
/// itself (<see cref="PyUnicodeData"/>): .NET's <c>ToLowerInvariant</c> maps one UTF-16 unit at a time, knows neither
/// U+0130 → "i̇" nor the final sigma, follows the ICU/NLS Unicode version of the machine, and <c>Trim</c> has another
/// idea of white space.
/// </summary>
internal static class PyUnicode
{
    private const int CapitalSigma = 0x3A3;

    /// <summary><c>s.lower()</c>: full lower-casing, with U+03A3 becoming final <c>ς</c> at the end of a word.</summary>
    public static string Lower(string s)
    {
        if (IsAsciiWithoutUpper(s))
        {
            return s;
        }

        var cps = CodePoints(s);
        var sb = new StringBuilder(s.Length + 4);
        for (var i = 0; i < cps.Count; i++)
        {
            var c = cps[i];
            if (c == CapitalSigma)
            {
                Append(sb, IsFinalSigma(cps, i) ? 0x3C2 : 0x3C3);
            }
            else if (c == 0x130)
            {
                sb.Append("i\u0307"); // the only multi-character lower case (SpecialCasing, unconditional)
            }
            else
            {
                Append(sb, LowerSimple(c));
            }
        }

        return sb.ToString();
    }

    /// <summary><c>s.strip()</c>: removes Python's white space (<c>str.isspace()</c>) from both ends.</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return start == 0 && end == s.Length ? s : s.Substring(start, end - start);
    }

    /// <summary><c>chr(c).isspace()</c>.</summary>
    public static bool IsSpace(char c) => PyUnicodeData.WhiteSpace.IndexOf(c) >= 0;

    /// <summary><c>chr(c).isprintable()</c>.</summary>
    public static bool IsPrintable(int c) => InRanges(PyUnicodeData.Printable, c);

    /// <summary>The code points of <paramref name="s"/>; a lone surrogate stays one code point, as in Python.</summary>
    public static List<int> CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(char.ConvertToUtf32(c, s[i + 1]));
                i++;
            }
            else
            {
                list.Add(c);
            }
        }

        return list;
    }

    /// <summary>Appends a code point, lone surrogates included (char.ConvertFromUtf32 refuses those).</summary>
    public static void Append(StringBuilder sb, int c)
    {
        if (c < 0x10000)
        {
            sb.Append((char)c);
        }
        else
        {
            c -= 0x10000;
            sb.Append((char)(0xD800 + (c >> 10))).Append((char)(0xDC00 + (c & 0x3FF)));
        }
    }

    private static bool IsAsciiWithoutUpper(string s)
    {
        foreach (var c in s)
        {
            if (c >= 0x80 || (c >= 'A' && c <= 'Z'))
            {
                return false;
            }
        }

        return true;
    }

    private static int LowerSimple(int c)
    {
        var runs = PyUnicodeData.LowerRuns;
        int lo = 0, hi = (runs.Length / 4) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var start = runs[mid * 4];
            if (c < start)
            {
                hi = mid - 1;
            }
            else if (c > runs[(mid * 4) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return (c - start) % runs[(mid * 4) + 3] == 0 ? c + runs[(mid * 4) + 2] : c;
            }
        }

        return c;
    }

    // CPython's handle_capital_sigma: final when preceded by a cased letter (skipping case-ignorable ones)
    // and not followed by one (skipping case-ignorable ones).
    private static bool IsFinalSigma(List<int> cps, int i)
    {
        var j = i - 1;
        while (j >= 0 && InRanges(PyUnicodeData.CaseIgnorable, cps[j]))
        {
            j--;
        }

        if (j < 0 || !InRanges(PyUnicodeData.Cased, cps[j]))
        {
            return false;
        }

        j = i + 1;
        while (j < cps.Count && InRanges(PyUnicodeData.CaseIgnorable, cps[j]))
        {
            j++;
        }

        return j == cps.Count || !InRanges(PyUnicodeData.Cased, cps[j]);
    }

    private static bool InRanges(int[] ranges, int c)
    {
        int lo = 0, hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (c < ranges[mid * 2])
            {
                hi = mid - 1;
            }
            else if (c > ranges[(mid * 2) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
