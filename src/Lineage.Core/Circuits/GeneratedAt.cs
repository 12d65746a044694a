using System;
using System.Globalization;
using Lineage.Core.Diagnostics;

namespace Lineage.Core.Circuits;

/// <summary>
/// The <c>metadata.generated_at</c> timestamp: UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>, taken from
/// <c>SOURCE_DATE_EPOCH</c> when set so a build can reproduce its output byte for byte.
/// </summary>
public static class GeneratedAt
{
    /// <summary>The environment variable of the reproducible-builds convention.</summary>
    public const string SourceDateEpochVariable = "SOURCE_DATE_EPOCH";

    // 9999-12-31T23:59:59Z, the last second the format can hold.
    private const long MaxEpochSeconds = 253402300799;

    /// <summary>Formats <paramref name="time"/> in UTC as the seed's metadata shows it: <c>2025-12-11T14:30:00Z</c>.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The timestamp for <paramref name="sourceDateEpoch"/> (seconds since 1970-01-01 UTC) when it is set and not
    /// empty, else for <paramref name="now"/>. A malformed value is an error, not silently ignored, because a
    /// build that asked for reproducible output must not get a wall-clock timestamp instead.
    /// </summary>
    public static string Resolve(string? sourceDateEpoch, DateTimeOffset now)
    {
        if (sourceDateEpoch is null || sourceDateEpoch.Trim().Length == 0)
        {
            return Format(now);
        }

        if (!long.TryParse(sourceDateEpoch.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxEpochSeconds)
        {
            throw new LineageException(
                DiagnosticCodes.InvalidSourceDateEpoch,
                $"{SourceDateEpochVariable} must be a whole number of seconds since 1970-01-01 UTC, but it is '{sourceDateEpoch}'");
        }

        return Format(DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>The timestamp from the <c>SOURCE_DATE_EPOCH</c> environment variable, or from the clock.</summary>
    public static string FromEnvironment() =>
        Resolve(Environment.GetEnvironmentVariable(SourceDateEpochVariable), DateTimeOffset.UtcNow);
}
