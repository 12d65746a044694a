using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Lineage.Core.Yaml;

/// <summary>Raised by a scalar constructor where PyYAML (or the Python call it makes) raises.</summary>
internal sealed class ScalarConstructionException : Exception
{
    public ScalarConstructionException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// SafeConstructor's scalar constructors: the text of a node whose tag is known becomes a Python value,
/// with Python's own parsing rules (<c>int()</c>, <c>float()</c>, <c>datetime</c>, <c>base64.decodebytes</c>).
/// </summary>
internal static class ScalarConstructors
{
    /// <summary>CPython's limit on decimal digits converted by <c>int(str)</c> and <c>str(int)</c>.</summary>
    public const int MaxIntStringDigits = 4300;

    /// <summary>The one NaN object PyYAML hands out for every <c>.nan</c>.</summary>
    public static readonly object SharedNaN = double.NaN;

    private static readonly Dictionary<string, bool> BoolValues = new(StringComparer.Ordinal)
    {
        ["yes"] = true,
        ["no"] = false,
        ["true"] = true,
        ["false"] = false,
        ["on"] = true,
        ["off"] = false,
    };

    private static readonly Regex TimestampRegex = new(
        @"^(?<year>[0-9][0-9][0-9][0-9])-(?<month>[0-9][0-9]?)-(?<day>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?<hour>[0-9][0-9]?):(?<minute>[0-9][0-9]):(?<second>[0-9][0-9])(?:\.(?<fraction>[0-9]*))?(?:[ \t]*(?<tz>Z|(?<tz_sign>[-+])(?<tz_hour>[0-9][0-9]?)(?::(?<tz_minute>[0-9][0-9]))?))?)?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex PythonFloatRegex = new(
        @"^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?|inf|infinity|nan)$",
        RegexOptions.CultureInvariant);

    private static bool AllDigits(string text, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    public static bool ConstructBool(string value)
    {
        if (BoolValues.TryGetValue(value.ToLowerInvariant(), out var result))
        {
            return result;
        }

        throw new ScalarConstructionException($"'{value}' is not a YAML 1.1 boolean (yes/no/true/false/on/off)");
    }

    /// <summary>Boxed Python bools: <c>True</c> and <c>False</c> are singletons in Python too.</summary>
    public static readonly object True = true;

    /// <summary>See <see cref="True"/>.</summary>
    public static readonly object False = false;

    // Boxed small ints, shared: an int is never an anchor target in yaml.dump and a box is immutable.
    private static readonly object[] SmallInts = CreateSmallInts(1024);

    private static object[] CreateSmallInts(int count)
    {
        var boxes = new object[count];
        for (var i = 0; i < count; i++)
        {
            boxes[i] = new BigInteger(i);
        }

        return boxes;
    }

    /// <summary><see cref="ConstructInt"/>, boxed; the common plain decimal without sign, '_' or leading zero is read directly.</summary>
    public static object ConstructIntObject(string text)
    {
        var length = text.Length;
        if (length is > 0 and <= 9 && (text[0] != '0' || length == 1))
        {
            var value = 0;
            var i = 0;
            for (; i < length; i++)
            {
                var c = text[i];
                if (c < '0' || c > '9')
                {
                    break;
                }

                value = (value * 10) + (c - '0');
            }

            if (i == length)
            {
                return value < SmallInts.Length ? SmallInts[value] : new BigInteger(value);
            }
        }

        return ConstructInt(text);
    }

    public static BigInteger ConstructInt(string text)
    {
        var value = text.Replace("_", string.Empty);
        if (value.Length == 0)
        {
            throw new ScalarConstructionException("an empty string is not an integer");
        }

        var sign = BigInteger.One;
        if (value[0] == '-')
        {
            sign = BigInteger.MinusOne;
        }

        if (value[0] is '+' or '-')
        {
            value = value.Substring(1);
        }

        if (value == "0")
        {
            return BigInteger.Zero;
        }

        if (value.StartsWith("0b", StringComparison.Ordinal))
        {
            return sign * PythonInt(value.Substring(2), 2);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            return sign * PythonInt(value.Substring(2), 16);
        }

        if (value.Length == 0)
        {
            throw new ScalarConstructionException($"'{text}' is not an integer");
        }

        if (value[0] == '0')
        {
            return sign * PythonInt(value, 8);
        }

        if (value.IndexOf(':') >= 0)
        {
            var parts = value.Split(':');
            var result = BigInteger.Zero;
            var @base = BigInteger.One;
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                result += PythonInt(parts[i], 10) * @base;
                @base *= 60;
            }

            return sign * result;
        }

        return sign * PythonInt(value, 10);
    }

    public static object ConstructFloat(string text)
    {
        var value = text.Replace("_", string.Empty).ToLowerInvariant();
        if (value.Length == 0)
        {
            throw new ScalarConstructionException("an empty string is not a float");
        }

        var sign = 1.0;
        if (value[0] == '-')
        {
            sign = -1.0;
        }

        if (value[0] is '+' or '-')
        {
            value = value.Substring(1);
        }

        if (value == ".inf")
        {
            return sign * double.PositiveInfinity;
        }

        if (value == ".nan")
        {
            return SharedNaN;
        }

        if (value.IndexOf(':') >= 0)
        {
            var parts = value.Split(':');
            var result = 0.0;
            var @base = BigInteger.One;
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                // float * int in Python converts the int to float first.
                result += PythonFloat(parts[i]) * (double)@base;
                @base *= 60;
            }

            return sign * result;
        }

        return sign * PythonFloat(value);
    }

    public static object ConstructTimestamp(string value)
    {
        if (value.Length == 10 && value[4] == '-' && value[7] == '-' && AllDigits(value, 0, 4) && AllDigits(value, 5, 2) && AllDigits(value, 8, 2))
        {
            // The common date-only form, which the regex below reads the same way.
            var y = ((value[0] - '0') * 1000) + ((value[1] - '0') * 100) + ((value[2] - '0') * 10) + (value[3] - '0');
            var m = ((value[5] - '0') * 10) + (value[6] - '0');
            var d = ((value[8] - '0') * 10) + (value[9] - '0');
            ValidateDate(y, m, d);
            return new PyDate(y, m, d);
        }

        var match = TimestampRegex.Match(value);
        if (!match.Success)
        {
            // PyYAML calls .groupdict() on the failed match: AttributeError.
            throw new ScalarConstructionException($"'{value}' is not a timestamp");
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        ValidateDate(year, month, day);
        if (!match.Groups["hour"].Success)
        {
            return new PyDate(year, month, day);
        }

        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture);
        var second = int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture);
        var fraction = 0;
        var fractionText = match.Groups["fraction"].Value;
        if (fractionText.Length > 0)
        {
            // The first six digits, right-padded: truncation, not rounding.
            fractionText = fractionText.Length > 6 ? fractionText.Substring(0, 6) : fractionText.PadRight(6, '0');
            fraction = int.Parse(fractionText, CultureInfo.InvariantCulture);
        }

        int? offset = null;
        if (match.Groups["tz_sign"].Success)
        {
            var tzHour = int.Parse(match.Groups["tz_hour"].Value, CultureInfo.InvariantCulture);
            var tzMinute = match.Groups["tz_minute"].Success ? int.Parse(match.Groups["tz_minute"].Value, CultureInfo.InvariantCulture) : 0;
            var minutes = (tzHour * 60) + tzMinute;
            if (match.Groups["tz_sign"].Value == "-")
            {
                minutes = -minutes;
            }

            if (Math.Abs(minutes) >= 24 * 60)
            {
                throw new ScalarConstructionException(
                    $"offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {tzHour}:{tzMinute:D2}");
            }

            offset = minutes;
        }
        else if (match.Groups["tz"].Success)
        {
            offset = 0;
        }

        if (hour > 23)
        {
            throw new ScalarConstructionException("hour must be in 0..23");
        }

        if (minute > 59)
        {
            throw new ScalarConstructionException("minute must be in 0..59");
        }

        if (second > 59)
        {
            throw new ScalarConstructionException("second must be in 0..59");
        }

        return new PyDateTime(year, month, day, hour, minute, second, fraction, offset);
    }

    public static PyBytes ConstructBinary(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F)
            {
                throw new ScalarConstructionException("failed to convert base64 data into ascii: a non-ASCII character");
            }
        }

        return new PyBytes(DecodeBase64Lenient(value));
    }

    /// <summary>Python <c>int(s, base)</c> for the text left after PyYAML's own prefix handling.</summary>
    internal static BigInteger PythonInt(string text, int @base)
    {
        var s = text.Trim();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s.Substring(1);
        }

        // int() accepts the base's own prefix, e.g. int('0x1f', 16) and int('0o17', 8).
        if (s.Length >= 2 && s[0] == '0')
        {
            var p = char.ToLowerInvariant(s[1]);
            if ((@base == 16 && p == 'x') || (@base == 8 && p == 'o') || (@base == 2 && p == 'b'))
            {
                s = s.Substring(2);
            }
        }

        if (s.Length == 0)
        {
            throw new ScalarConstructionException($"invalid literal for int() with base {@base}: '{text}'");
        }

        if (@base == 10 && s.Length > MaxIntStringDigits)
        {
            throw new ScalarConstructionException(
                $"Exceeds the limit ({MaxIntStringDigits} digits) for integer string conversion: value has {s.Length} digits");
        }

        var result = BigInteger.Zero;
        if (@base == 10)
        {
            // Chunks of 18 digits keep this linear enough for long literals.
            var i = 0;
            while (i < s.Length)
            {
                var take = Math.Min(18, s.Length - i);
                long chunk = 0;
                for (var k = 0; k < take; k++)
                {
                    var digit = DigitValue(s[i + k]);
                    if (digit < 0 || digit >= 10)
                    {
                        throw new ScalarConstructionException($"invalid literal for int() with base 10: '{text}'");
                    }

                    chunk = (chunk * 10) + digit;
                }

                result = (result * BigInteger.Pow(10, take)) + chunk;
                i += take;
            }
        }
        else
        {
            foreach (var c in s)
            {
                var digit = DigitValue(c);
                if (digit < 0 || digit >= @base)
                {
                    throw new ScalarConstructionException($"invalid literal for int() with base {@base}: '{text}'");
                }

                result = (result * @base) + digit;
            }
        }

        return negative ? -result : result;
    }

    /// <summary>Python <c>float(s)</c> on lower-cased text without underscores.</summary>
    internal static double PythonFloat(string text)
    {
        var s = text.Trim();
        if (!PythonFloatRegex.IsMatch(s))
        {
            throw new ScalarConstructionException($"could not convert string to float: '{text}'");
        }

        var negative = s[0] == '-';
        var body = s[0] is '+' or '-' ? s.Substring(1) : s;
        switch (body)
        {
            case "inf":
            case "infinity":
                return negative ? double.NegativeInfinity : double.PositiveInfinity;
            case "nan":
                return negative ? -double.NaN : double.NaN;
        }

        // .NET Core 3.0+ parses to the correctly rounded double, as Python does.
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int DigitValue(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'z')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'Z')
        {
            return c - 'A' + 10;
        }

        // int() also reads other Unicode decimal digits.
        var unicode = CharUnicodeInfo.GetDecimalDigitValue(c);
        return unicode;
    }

    private static void ValidateDate(int year, int month, int day)
    {
        if (year < 1 || year > 9999)
        {
            throw new ScalarConstructionException($"year {year} is out of range");
        }

        if (month < 1 || month > 12)
        {
            throw new ScalarConstructionException("month must be in 1..12");
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new ScalarConstructionException("day is out of range for month");
        }
    }

    /// <summary><c>binascii.a2b_base64</c> in its default, non-strict mode: characters outside the alphabet are skipped.</summary>
    private static byte[] DecodeBase64Lenient(string text)
    {
        var output = new List<byte>(text.Length * 3 / 4);
        var quadPos = 0;
        var leftChar = 0;
        var pads = 0;
        var dataChars = 0;
        foreach (var ch in text)
        {
            if (ch == '=')
            {
                if (quadPos >= 2 && quadPos + ++pads >= 4)
                {
                    return output.ToArray();
                }

                continue;
            }

            var v = Base64Value(ch);
            if (v < 0)
            {
                continue;
            }

            pads = 0;
            dataChars++;
            switch (quadPos)
            {
                case 0:
                    quadPos = 1;
                    leftChar = v;
                    break;
                case 1:
                    quadPos = 2;
                    output.Add((byte)((leftChar << 2) | (v >> 4)));
                    leftChar = v & 0x0f;
                    break;
                case 2:
                    quadPos = 3;
                    output.Add((byte)((leftChar << 4) | (v >> 2)));
                    leftChar = v & 0x03;
                    break;
                default:
                    quadPos = 0;
                    output.Add((byte)((leftChar << 6) | v));
                    leftChar = 0;
                    break;
            }
        }

        if (quadPos == 1)
        {
            throw new ScalarConstructionException(
                $"failed to decode base64 data: Invalid base64-encoded string: number of data characters ({dataChars}) cannot be 1 more than a multiple of 4");
        }

        if (quadPos != 0)
        {
            throw new ScalarConstructionException("failed to decode base64 data: Incorrect padding");
        }

        return output.ToArray();
    }

    private static int Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
