using System;
using System.Globalization;
using System.Text;

namespace Lineage.Core.Yaml;

/// <summary>Python's <c>repr(float)</c>: the shortest digits that read back to the same double, Python's layout.</summary>
internal static class PyFloatRepr
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var negative = value < 0 || (value == 0 && double.IsNegativeInfinity(1 / value));
        var (digits, decpt) = ShortestDigits(Math.Abs(value));
        var sb = new StringBuilder(32);
        if (negative)
        {
            sb.Append('-');
        }

        // repr switches to exponent form when the decimal point is more than 16 digits right or 4 left.
        if (decpt > -4 && decpt <= 16)
        {
            if (decpt <= 0)
            {
                sb.Append("0.").Append('0', -decpt).Append(digits);
            }
            else if (decpt >= digits.Length)
            {
                sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var exponent = decpt - 1;
            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            sb.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Shortest round-trip digits (no leading/trailing zeros) and the decimal point position.</summary>
    private static (string Digits, int DecimalPoint) ShortestDigits(double value)
    {
        if (value == 0)
        {
            return ("0", 1);
        }

        // "R" is the shortest round-trippable form on .NET Core 3.0 and later.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(new[] { 'E', 'e' });
        if (e >= 0)
        {
            exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text.Substring(0, e);
        }

        var dot = text.IndexOf('.');
        var intPart = dot >= 0 ? text.Substring(0, dot) : text;
        var fracPart = dot >= 0 ? text.Substring(dot + 1) : string.Empty;
        var digits = intPart + fracPart;
        var decpt = intPart.Length + exponent;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits.Substring(lead);
        decpt -= lead;
        digits = digits.TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, decpt);
    }
}
