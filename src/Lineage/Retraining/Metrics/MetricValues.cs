using System;
using System.Globalization;

namespace Lineage.Retraining.Metrics;

/// <summary>Numbers and times as Prometheus and the metrics files write them.</summary>
internal static class MetricValues
{
    /// <summary>A sample value: a decimal number, or <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c> (also <c>Inf</c>, any case), as Prometheus writes them.</summary>
    public static bool TryParseValue(string text, out double value)
    {
        var t = text.Trim();
        // Spelled out: .NET Framework's double.Parse (inside Visual Studio's MSBuild) knows neither "+Inf" nor "NaN" the same way.
        switch (t.ToLowerInvariant())
        {
            case "nan": value = double.NaN; return true;
            case "inf": case "+inf": case "infinity": case "+infinity": value = double.PositiveInfinity; return true;
            case "-inf": case "-infinity": value = double.NegativeInfinity; return true;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value) && !double.IsNaN(value);
    }

    /// <summary>Unix seconds (fractions kept to the millisecond) as a time.</summary>
    public static bool TryFromUnixSeconds(double seconds, out DateTimeOffset time)
    {
        time = default;
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            return false;
        }

        var ms = Math.Round(seconds * 1000.0);
        if (ms < -62135596800000.0 || ms > 253402300799999.0)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        return true;
    }

    /// <summary>
    /// A file timestamp: ISO-8601 (<c>2026-11-23T18:00:00Z</c>, an offset, or a date alone = midnight UTC; no offset =
    /// UTC) or Unix seconds (<c>1795459280</c>, <c>1795459280.5</c>).
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset time)
    {
        var t = text.Trim();
        time = default;
        if (t.Length == 0)
        {
            return false;
        }

        if (t.Length >= 10 && char.IsDigit(t[0]) && t[4] == '-' && t[7] == '-')
        {
            return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && TryFromUnixSeconds(seconds, out time);
    }

    /// <summary>Unix seconds with up to millisecond precision, the way the Prometheus API takes times.</summary>
    public static string ToUnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
}
