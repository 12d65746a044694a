using System;
using System.Security.Cryptography;
using System.Text;

namespace Lineage.Retraining.Kubernetes;

/// <summary>The names, labels and annotations the Kubernetes runner puts on a Job.</summary>
public static class KubernetesNames
{
    /// <summary>Label (label-safe job id) and annotation (the full job id) naming the Lineage job.</summary>
    public const string JobIdKey = "lineage.build/job-id";

    /// <summary>Label (label-safe model name) and annotation (the full model name) naming the model.</summary>
    public const string ModelKey = "lineage.build/model";

    /// <summary>The standard label saying who manages the Job; its value is <see cref="ManagedByValue"/>.</summary>
    public const string ManagedByKey = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedByKey"/>.</summary>
    public const string ManagedByValue = "lineage";

    private const int MaxLength = 63;

    /// <summary>
    /// The Job name for <paramref name="jobId"/>: the id itself when it is a DNS-1123 label (lower-case letters, digits,
    /// '-', at most 63; the Job controller copies the name into a pod label, so 63 and not 253), otherwise a
    /// cleaned-up, shortened form ending in 8 hex digits of the id's SHA-256, so two ids never share a name by accident.
    /// </summary>
    public static string JobName(string jobId)
    {
        if (jobId is null)
        {
            throw new ArgumentNullException(nameof(jobId));
        }

        if (IsDnsLabel(jobId))
        {
            return jobId;
        }

        var cleaned = Clean(jobId.ToLowerInvariant(), static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'), '-');
        return WithHash(cleaned.Length == 0 ? "job" : cleaned, jobId);
    }

    /// <summary>
    /// A label value for <paramref name="value"/>: the value itself when valid (letters, digits, '-', '_', '.', starting
    /// and ending with a letter or digit, at most 63), otherwise cleaned up and suffixed with a hash like
    /// <see cref="JobName"/>. The full value is kept in the annotation of the same key.
    /// </summary>
    public static string LabelValue(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (value.Length == 0 || IsLabelValue(value))
        {
            return value;
        }

        var cleaned = Clean(value, static c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.', '-');
        return WithHash(cleaned, value);
    }

    /// <summary>Whether <paramref name="value"/> is a DNS-1123 label: <c>[a-z0-9]([-a-z0-9]*[a-z0-9])?</c>, at most 63.</summary>
    public static bool IsDnsLabel(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLabelValue(string value)
    {
        if (value.Length > MaxLength || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    // Keeps allowed characters, turns runs of others into one separator, and trims separators from the ends.
    private static string Clean(string value, Func<char, bool> allowed, char separator)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (allowed(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != separator)
            {
                builder.Append(separator);
            }
        }

        return builder.ToString().Trim(separator, '_', '.');
    }

    private static string WithHash(string cleaned, string original)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)), 0, 4);
        var room = MaxLength - hash.Length - 1;
        var head = cleaned.Length > room ? cleaned[..room].TrimEnd('-', '_', '.') : cleaned;
        return head.Length == 0 ? hash : head + "-" + hash;
    }
}
