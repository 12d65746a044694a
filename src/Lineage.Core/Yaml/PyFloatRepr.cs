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

    /// <summary>
    /// Whether this runtime's "R" format is not the shortest round-trip form: .NET Framework (Visual Studio's MSBuild)
    /// and Mono give 15 digits, else 17, where Python may need 16. Tests set it to exercise that path on .NET.
    /// </summary>
    internal static bool LegacyRuntime { get; set; } = !IsModernRuntime();

    private static bool IsModernRuntime()
    {
        // ".NET Core 3.x" or ".NET 5+" (".NET 8.0.1"); not ".NET Framework 4.8" or "Mono 6.12".
        var description = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
        return description.StartsWith(".NET Core", StringComparison.Ordinal)
            || (description.StartsWith(".NET ", StringComparison.Ordinal) && description.Length > 5 && char.IsDigit(description[5]));
    }

    /// <summary>
    /// Shortest digits where only 15-digit formatting can be trusted. A double has more than 15 significant digits
    /// of precision, so at most one 15-digit decimal lies in its rounding interval: when the 15-digit form reads back
    /// to the same double it is exactly Python's shortest repr (trailing zeros trimmed). Otherwise Python writes 16
    /// or 17 digits, which such runtimes cannot be trusted to produce, so the value is refused rather than guessed.
    /// </summary>
    private static string LegacyShortest(double value)
    {
        var text = value.ToString("G15", CultureInfo.InvariantCulture);
        if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == value)
        {
            return text;
        }

        throw new Diagnostics.LineageException(
            Diagnostics.DiagnosticCodes.Unsupported,
            $"the float {value.ToString("G17", CultureInfo.InvariantCulture)} needs more than 15 significant digits, which this runtime ({System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}) cannot write as Python does; build with the .NET SDK (dotnet build) or write the value with fewer digits");
    }

    /// <summary>Shortest round-trip digits (no leading/trailing zeros) and the decimal point position.</summary>
    private static (string Digits, int DecimalPoint) ShortestDigits(double value)
    {
        if (value == 0)
        {
            return ("0", 1);
        }

        var text = LegacyRuntime ? LegacyShortest(value) : value.ToString("R", CultureInfo.InvariantCulture);
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
