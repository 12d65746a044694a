using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Lineage.Core.DiffWorker;

/// <summary>
/// The little JSON the Python bridge needs. Hand-written on purpose: the texts we exchange may hold lone
/// UTF-16 surrogates (from YAML <c>\u</c> escapes or generated input), which System.Text.Json refuses to
/// read or replaces. Writing escapes every non-ASCII code unit, so Python's <c>json.loads</c> reads back the
/// very same sequence of code points.
/// </summary>
public static class MiniJson
{
    public static string WriteStringArray(IEnumerable<string> items)
    {
        var sb = new StringBuilder();
        sb.Append('[');
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            WriteString(sb, item);
        }

        sb.Append(']');
        return sb.ToString();
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Parses JSON into List&lt;object?&gt;, Dictionary&lt;string, object?&gt;, string, double, bool or null.</summary>
    public static object? Parse(string text)
    {
        var i = 0;
        var value = ParseValue(text, ref i);
        SkipWs(text, ref i);
        if (i != text.Length)
        {
            throw new FormatException($"trailing characters at offset {i}");
        }

        return value;
    }

    private static void SkipWs(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        {
            i++;
        }
    }

    private static object? ParseValue(string s, ref int i)
    {
        SkipWs(s, ref i);
        if (i >= s.Length)
        {
            throw new FormatException("unexpected end of JSON");
        }

        var c = s[i];
        switch (c)
        {
            case '[':
            {
                i++;
                var list = new List<object?>();
                SkipWs(s, ref i);
                if (i < s.Length && s[i] == ']')
                {
                    i++;
                    return list;
                }

                while (true)
                {
                    list.Add(ParseValue(s, ref i));
                    SkipWs(s, ref i);
                    if (i < s.Length && s[i] == ',')
                    {
                        i++;
                        continue;
                    }

                    Expect(s, ref i, ']');
                    return list;
                }
            }

            case '{':
            {
                i++;
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                SkipWs(s, ref i);
                if (i < s.Length && s[i] == '}')
                {
                    i++;
                    return map;
                }

                while (true)
                {
                    SkipWs(s, ref i);
                    var key = ParseString(s, ref i);
                    SkipWs(s, ref i);
                    Expect(s, ref i, ':');
                    map[key] = ParseValue(s, ref i);
                    SkipWs(s, ref i);
                    if (i < s.Length && s[i] == ',')
                    {
                        i++;
                        continue;
                    }

                    Expect(s, ref i, '}');
                    return map;
                }
            }

            case '"':
                return ParseString(s, ref i);
            case 't':
                ExpectWord(s, ref i, "true");
                return true;
            case 'f':
                ExpectWord(s, ref i, "false");
                return false;
            case 'n':
                ExpectWord(s, ref i, "null");
                return null;
            default:
            {
                var start = i;
                while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0)
                {
                    i++;
                }

                if (start == i)
                {
                    throw new FormatException($"unexpected character '{c}' at offset {i}");
                }

                return double.Parse(s.Substring(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
    }

    private static void Expect(string s, ref int i, char c)
    {
        if (i >= s.Length || s[i] != c)
        {
            throw new FormatException($"expected '{c}' at offset {i}");
        }

        i++;
    }

    private static void ExpectWord(string s, ref int i, string word)
    {
        if (string.CompareOrdinal(s, i, word, 0, word.Length) != 0)
        {
            throw new FormatException($"expected '{word}' at offset {i}");
        }

        i += word.Length;
    }

    private static string ParseString(string s, ref int i)
    {
        Expect(s, ref i, '"');
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= s.Length)
            {
                throw new FormatException("unterminated JSON string");
            }

            var c = s[i++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            var e = s[i++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    sb.Append((char)int.Parse(s.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default:
                    throw new FormatException($"bad escape '\\{e}' at offset {i - 1}");
            }
        }
    }
}
