namespace Lineage.Core.Yaml;

/// <summary>
/// YAML 1.1 implicit typing of plain scalars, as PyYAML's <c>Resolver</c> does it: candidates are picked by the
/// first character and tried in registration order (bool, float, int, merge, null, timestamp, value).
/// The same table decides, when dumping, whether a string may be written plain.
/// </summary>
/// <remarks>
/// The matchers are hand-written equivalents of PyYAML's regular expressions (kept in the comments), because
/// they run for every scalar of every config. Like Python's <c>re.match(...$)</c>, each also accepts the text
/// with one trailing line feed.
/// </remarks>
internal static class ScalarResolver
{
    /// <summary>The tag a plain scalar with this text resolves to.</summary>
    public static string ResolvePlain(string value)
    {
        var tag = Resolve(value, value.Length);
        if (tag == YamlTags.Str && value.Length > 1 && value[value.Length - 1] == '\n')
        {
            tag = Resolve(value, value.Length - 1);
        }

        return tag;
    }

    private static string Resolve(string s, int end)
    {
        if (end == 0)
        {
            return YamlTags.Null;
        }

        switch (s[0])
        {
            case 'y' or 'Y' or 't' or 'T' or 'f' or 'F' or 'o' or 'O':
                return IsBool(s, end) ? YamlTags.Bool : YamlTags.Str;
            case 'n' or 'N':
                if (IsBool(s, end))
                {
                    return YamlTags.Bool;
                }

                return IsNull(s, end) ? YamlTags.Null : YamlTags.Str;
            case '-' or '+':
                if (IsFloat(s, end))
                {
                    return YamlTags.Float;
                }

                return IsInt(s, end) ? YamlTags.Int : YamlTags.Str;
            case >= '0' and <= '9':
                if (IsFloat(s, end))
                {
                    return YamlTags.Float;
                }

                if (IsInt(s, end))
                {
                    return YamlTags.Int;
                }

                return IsTimestamp(s, end) ? YamlTags.Timestamp : YamlTags.Str;
            case '.':
                return IsFloat(s, end) ? YamlTags.Float : YamlTags.Str;
            case '~':
                return end == 1 ? YamlTags.Null : YamlTags.Str;
            case '<':
                return end == 2 && s[1] == '<' ? YamlTags.Merge : YamlTags.Str;
            case '=':
                return end == 1 ? YamlTags.Value : YamlTags.Str;
            default:
                return YamlTags.Str;
        }
    }

    // yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    private static bool IsBool(string s, int end)
    {
        switch (end)
        {
            case 2:
                return Is(s, end, "no", "No", "NO") || Is(s, end, "on", "On", "ON");
            case 3:
                return Is(s, end, "yes", "Yes", "YES") || Is(s, end, "off", "Off", "OFF");
            case 4:
                return Is(s, end, "true", "True", "TRUE");
            case 5:
                return Is(s, end, "false", "False", "FALSE");
            default:
                return false;
        }
    }

    // ~|null|Null|NULL|(empty)
    private static bool IsNull(string s, int end) => end == 4 && Is(s, end, "null", "Null", "NULL");

    private static bool Is(string s, int end, string a, string b, string c) =>
        string.CompareOrdinal(s, 0, a, 0, end) == 0 || string.CompareOrdinal(s, 0, b, 0, end) == 0 || string.CompareOrdinal(s, 0, c, 0, end) == 0;

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    // [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    private static bool IsInt(string s, int end)
    {
        var i = s[0] is '-' or '+' ? 1 : 0;
        if (i >= end)
        {
            return false;
        }

        if (s[i] == '0')
        {
            if (i + 1 == end)
            {
                return true;
            }

            var kind = s[i + 1];
            if (kind == 'b' || kind == 'x')
            {
                if (i + 2 >= end)
                {
                    return false;
                }

                for (var k = i + 2; k < end; k++)
                {
                    var c = s[k];
                    var ok = kind == 'b'
                        ? c is '0' or '1' or '_'
                        : IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            }

            for (var k = i + 1; k < end; k++)
            {
                if (!(s[k] is >= '0' and <= '7' or '_'))
                {
                    return false;
                }
            }

            return true;
        }

        if (s[i] < '1' || s[i] > '9')
        {
            return false;
        }

        var j = i + 1;
        while (j < end && (IsDigit(s[j]) || s[j] == '_'))
        {
            j++;
        }

        if (j == end)
        {
            return true;
        }

        return s[j] == ':' && SexagesimalGroups(s, j, end, out var stop) && stop == end;
    }

    // [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    // | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    private static bool IsFloat(string s, int end)
    {
        var signed = s[0] is '-' or '+';
        var i = signed ? 1 : 0;
        if (i >= end)
        {
            return false;
        }

        if (s[i] == '.')
        {
            var rest = end - i - 1;
            if (rest == 3 && (Sub(s, i + 1, "inf") || Sub(s, i + 1, "Inf") || Sub(s, i + 1, "INF")))
            {
                return true;
            }

            if (signed)
            {
                return false;
            }

            if (rest == 3 && (Sub(s, i + 1, "nan") || Sub(s, i + 1, "NaN") || Sub(s, i + 1, "NAN")))
            {
                return true;
            }

            if (i + 1 >= end || !IsDigit(s[i + 1]))
            {
                return false;
            }

            var k = i + 2;
            while (k < end && (IsDigit(s[k]) || s[k] == '_'))
            {
                k++;
            }

            return k == end || Exponent(s, k, end);
        }

        if (!IsDigit(s[i]))
        {
            return false;
        }

        var j = i + 1;
        while (j < end && (IsDigit(s[j]) || s[j] == '_'))
        {
            j++;
        }

        if (j == end)
        {
            return false;
        }

        if (s[j] == '.')
        {
            var k = j + 1;
            while (k < end && (IsDigit(s[k]) || s[k] == '_'))
            {
                k++;
            }

            return k == end || Exponent(s, k, end);
        }

        if (s[j] == ':' && SexagesimalGroups(s, j, end, out var stop) && stop < end && s[stop] == '.')
        {
            var k = stop + 1;
            while (k < end && (IsDigit(s[k]) || s[k] == '_'))
            {
                k++;
            }

            return k == end;
        }

        return false;
    }

    private static bool Sub(string s, int start, string what) => string.CompareOrdinal(s, start, what, 0, what.Length) == 0;

    // [eE][-+][0-9]+ up to the end
    private static bool Exponent(string s, int k, int end)
    {
        if (k + 2 >= end || (s[k] != 'e' && s[k] != 'E') || (s[k + 1] != '-' && s[k + 1] != '+'))
        {
            return false;
        }

        for (var m = k + 2; m < end; m++)
        {
            if (!IsDigit(s[m]))
            {
                return false;
            }
        }

        return true;
    }

    // (?::[0-5]?[0-9])+ starting at a ':'; stops before the first character that is not part of a group.
    private static bool SexagesimalGroups(string s, int j, int end, out int stop)
    {
        var groups = 0;
        while (j < end && s[j] == ':')
        {
            var d = j + 1;
            while (d < end && IsDigit(s[d]))
            {
                d++;
            }

            var count = d - j - 1;
            if (count == 1 || (count == 2 && s[j + 1] <= '5'))
            {
                groups++;
                j = d;
            }
            else
            {
                break;
            }
        }

        stop = j;
        return groups > 0;
    }

    // [0-9]{4}-[0-9]{2}-[0-9]{2}
    // | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
    private static bool IsTimestamp(string s, int end)
    {
        if (end < 8 || !IsDigit(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3]) || s[4] != '-')
        {
            return false;
        }

        if (end == 10 && IsDigit(s[5]) && IsDigit(s[6]) && s[7] == '-' && IsDigit(s[8]) && IsDigit(s[9]))
        {
            return true;
        }

        var p = 5;
        if (!Digits(s, ref p, end, 1, 2) || p >= end || s[p] != '-')
        {
            return false;
        }

        p++;
        if (!Digits(s, ref p, end, 1, 2) || p >= end)
        {
            return false;
        }

        if (s[p] is 'T' or 't')
        {
            p++;
        }
        else if (s[p] is ' ' or '\t')
        {
            while (p < end && s[p] is ' ' or '\t')
            {
                p++;
            }
        }
        else
        {
            return false;
        }

        if (!Digits(s, ref p, end, 1, 2) || p >= end || s[p] != ':')
        {
            return false;
        }

        p++;
        if (!Digits(s, ref p, end, 2, 2) || p >= end || s[p] != ':')
        {
            return false;
        }

        p++;
        if (!Digits(s, ref p, end, 2, 2))
        {
            return false;
        }

        if (p < end && s[p] == '.')
        {
            p++;
            while (p < end && IsDigit(s[p]))
            {
                p++;
            }
        }

        if (p == end)
        {
            return true;
        }

        while (p < end && s[p] is ' ' or '\t')
        {
            p++;
        }

        if (p >= end)
        {
            return false;
        }

        if (s[p] == 'Z')
        {
            return p + 1 == end;
        }

        if (s[p] is not ('-' or '+'))
        {
            return false;
        }

        p++;
        if (!Digits(s, ref p, end, 1, 2))
        {
            return false;
        }

        if (p == end)
        {
            return true;
        }

        if (s[p] != ':')
        {
            return false;
        }

        p++;
        return Digits(s, ref p, end, 2, 2) && p == end;
    }

    // Greedy [0-9]{min,max}: the regex's digit runs are always followed by a non-digit, so greedy is exact.
    private static bool Digits(string s, ref int p, int end, int min, int max)
    {
        var start = p;
        while (p < end && p - start < max && IsDigit(s[p]))
        {
            p++;
        }

        if (p - start < min)
        {
            return false;
        }

        // A further digit would make the regex fail at the next literal anyway.
        return p >= end || !IsDigit(s[p]);
    }
}
