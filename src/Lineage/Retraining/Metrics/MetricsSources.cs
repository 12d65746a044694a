using System;
using System.IO;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Metrics;

/// <summary>Makes a metrics source from where a policy file or the command line says the metrics are.</summary>
public static class MetricsSources
{
    /// <summary>
    /// A source for <paramref name="location"/>:
    /// <c>prometheus+http://host:9090</c> or <c>prometheus+https://...</c>, and plain <c>http(s)://...</c>, are Prometheus
    /// (<paramref name="prometheusOptions"/> gives the rest, its URL is replaced); a path or <c>file://</c> URI ending in
    /// <c>.json</c> or <c>.csv</c> is a file source, relative paths resolved against <paramref name="baseDirectory"/>
    /// (the policy file's folder) or the current directory. Dispose the result when it is <see cref="IDisposable"/>.
    /// </summary>
    /// <exception cref="LineageException">LIN0560 for anything else.</exception>
    public static IMetricsSource Create(string location, PrometheusMetricsSourceOptions? prometheusOptions = null, string? baseDirectory = null)
    {
        var text = (location ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, "no metrics source was given");
        }

        const string prefix = "prometheus+";
        var http = text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? text.Substring(prefix.Length) : null;
        if (http is not null || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var url = HttpSupport.TryParseHttpUrl(http ?? text)
                ?? throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the metrics source '{Redacted(text)}' is not a Prometheus URL such as prometheus+http://host:9090 or http://host:9090");
            var options = prometheusOptions?.Clone() ?? new PrometheusMetricsSourceOptions();
            options.BaseUrl = url;
            return new PrometheusMetricsSource(options);
        }

        var path = text;
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsFile)
            {
                throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the metrics source '{text}' is not a file URI");
            }

            path = uri.LocalPath;
        }
        else if (text.IndexOf("://", StringComparison.Ordinal) > 0)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the metrics source '{Redacted(text)}' has an unknown scheme; use prometheus+http(s)://, http(s)://, or a .json or .csv file");
        }

        if (!Path.IsPathRooted(path) && baseDirectory is not null)
        {
            path = Path.Combine(baseDirectory, path);
        }

        var extension = Path.GetExtension(path);
        if (string.Equals(extension, ".json", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonFileMetricsSource(path);
        }

        if (string.Equals(extension, ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new CsvFileMetricsSource(path);
        }

        throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the metrics source '{text}' is neither a Prometheus URL nor a .json or .csv file");
    }

    private static string Redacted(string text)
    {
        // user:password@ in a URL is a credential.
        var at = text.IndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > scheme && scheme >= 0 ? text.Substring(0, scheme + 3) + "***" + text.Substring(at) : text;
    }
}
