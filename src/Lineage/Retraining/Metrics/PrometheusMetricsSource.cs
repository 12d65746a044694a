using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Metrics;

/// <summary>
/// Reads metrics from Prometheus' HTTP API: <c>/api/v1/query_range</c> over the query's window, or <c>/api/v1/query</c>
/// when the window is one instant (<see cref="MetricQuery.From"/> equals <see cref="MetricQuery.To"/>). The expression
/// must select one series: several are refused (LIN0564) rather than silently mixed, since which one a trigger should
/// watch is the user's decision; aggregate in the expression (<c>avg(...)</c>) or add label matchers.
/// </summary>
public sealed class PrometheusMetricsSource : IMetricsSource, IDisposable
{
    // Prometheus refuses range queries of more than 11,000 points per series.
    private const int MaxPoints = 11000;

    private readonly PrometheusMetricsSourceOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _baseUrl;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates a source; <paramref name="httpClient"/> is used as given (not disposed), else one is created.</summary>
    /// <exception cref="LineageException">LIN0560 when the options cannot be used.</exception>
    public PrometheusMetricsSource(PrometheusMetricsSourceOptions options, HttpClient? httpClient = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        _options = options.Clone();
        _baseUrl = _options.BaseUrl is { } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.IsAbsoluteUri
            ? url
            : throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the Prometheus URL '{(_options.BaseUrl is null ? "(none)" : HttpSupport.Display(_options.BaseUrl))}' is not an absolute http(s) URL");
        if (string.IsNullOrWhiteSpace(_options.ExpressionTemplate))
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, "the Prometheus expression template is empty");
        }

        if (_options.Step <= TimeSpan.Zero)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the Prometheus query step must be positive, not {HttpSupport.Seconds(_options.Step)}");
        }

        if (!string.IsNullOrEmpty(_options.BearerToken) && !string.IsNullOrEmpty(_options.BasicAuthUser))
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, "give a bearer token or basic authentication for Prometheus, not both");
        }

        _authorization = !string.IsNullOrEmpty(_options.BearerToken) ? new AuthenticationHeaderValue("Bearer", _options.BearerToken)
            : !string.IsNullOrEmpty(_options.BasicAuthUser) ? HttpSupport.Basic(_options.BasicAuthUser!, _options.BasicAuthPassword ?? string.Empty)
            : HttpSupport.BasicFromUserInfo(_baseUrl);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? HttpSupport.CreateClient();
    }

    /// <summary>Creates a source for <paramref name="baseUrl"/> with default options.</summary>
    public PrometheusMetricsSource(string baseUrl)
        : this(new PrometheusMetricsSourceOptions { BaseUrl = HttpSupport.TryParseHttpUrl(baseUrl) ?? throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"'{baseUrl}' is not an absolute http(s) URL") })
    {
    }

    /// <summary>The server, without credentials (for messages and logs).</summary>
    public string DisplayUrl => HttpSupport.Display(_baseUrl);

    /// <summary>The PromQL that <paramref name="query"/> runs: its expression, or the template, with model and metric filled in.</summary>
    /// <exception cref="LineageException">LIN0560 when they cannot be placed in the expression.</exception>
    public string BuildExpression(MetricQuery query) =>
        PromQl.Expand(string.IsNullOrWhiteSpace(query.Expression) ? _options.ExpressionTemplate : query.Expression!, query.ModelName, query.Metric);

    /// <summary>The step a range query over <paramref name="from"/>..<paramref name="to"/> uses.</summary>
    public TimeSpan StepFor(DateTimeOffset from, DateTimeOffset to)
    {
        var range = to - from;
        var minimum = TimeSpan.FromSeconds(Math.Ceiling(range.TotalSeconds / MaxPoints));
        return minimum > _options.Step ? minimum : _options.Step;
    }

    /// <inheritdoc/>
    /// <exception cref="LineageException">
    /// LIN0561 (Prometheus refused the query), LIN0562 (unreachable or too slow), LIN0563 (not a Prometheus answer),
    /// LIN0564 (several series), LIN0560 (a bad template or window).
    /// </exception>
    public async Task<IReadOnlyList<MetricSample>> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (query.To == default)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, "the query has no window (From and To are not set)");
        }

        if (query.To < query.From)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the query window ends ({query.To:O}) before it starts ({query.From:O})");
        }

        var expression = BuildExpression(query);
        if (query.From == query.To)
        {
            var sample = await QueryInstantAsync(expression, query.To, cancellationToken).ConfigureAwait(false);
            return sample is { } s ? new[] { s } : Array.Empty<MetricSample>();
        }

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("query", expression),
            new("start", MetricValues.ToUnixSeconds(query.From)),
            new("end", MetricValues.ToUnixSeconds(query.To)),
            new("step", StepFor(query.From, query.To).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
        };
        using var document = await GetAsync("api/v1/query_range", parameters, expression, cancellationToken).ConfigureAwait(false);
        return OneSeries(document.RootElement, HttpSupport.Display(HttpSupport.Combine(_baseUrl, "api/v1/query_range")), expression);
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> (PromQL as is, no placeholders) at <paramref name="at"/> through
    /// <c>/api/v1/query</c>; <c>null</c> when it selects nothing.
    /// </summary>
    /// <exception cref="LineageException">As <see cref="QueryAsync"/>.</exception>
    public async Task<MetricSample?> QueryInstantAsync(string expression, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("query", expression),
            new("time", MetricValues.ToUnixSeconds(at)),
        };
        using var document = await GetAsync("api/v1/query", parameters, expression, cancellationToken).ConfigureAwait(false);
        var samples = OneSeries(document.RootElement, HttpSupport.Display(HttpSupport.Combine(_baseUrl, "api/v1/query")), expression);
        return samples.Count == 0 ? null : samples[0];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<JsonDocument> GetAsync(string endpoint, List<KeyValuePair<string, string>> parameters, string expression, CancellationToken cancellationToken)
    {
        var url = HttpSupport.Combine(_baseUrl, endpoint);
        var where = HttpSupport.Display(url);
        // POST with a form body: long expressions do not hit URL length limits, and Prometheus answers it like GET.
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(parameters),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = _authorization;
        foreach (var header in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        HttpResponseMessage response;
        string body;
        try
        {
            (response, body) = await HttpSupport.SendAsync(_http, request, _options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new LineageException(DiagnosticCodes.MetricsSourceUnreachable, $"Prometheus at {where} did not answer the query '{expression}': {ex.Message} (raise the source's timeout, or narrow the window)", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new LineageException(DiagnosticCodes.MetricsSourceUnreachable, $"cannot reach Prometheus at {where} for the query '{expression}': {HttpSupport.Describe(ex)}", inner: ex);
        }

        using (response)
        {
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                // Reported below, with the HTTP status when that is the real story (a proxy's HTML error page).
            }

            var root = document?.RootElement;
            var status = root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (status == "error")
            {
                var errorType = Text(root!.Value, "errorType") ?? "error";
                var error = Text(root.Value, "error") ?? "(no message)";
                document!.Dispose();
                throw new LineageException(DiagnosticCodes.MetricsQueryFailed, $"Prometheus at {where} refused the query '{expression}' (HTTP {(int)response.StatusCode}, {errorType}): {error}");
            }

            if (!response.IsSuccessStatusCode)
            {
                document?.Dispose();
                throw new LineageException(DiagnosticCodes.MetricsQueryFailed, $"Prometheus at {where} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} to the query '{expression}': {HttpSupport.Snippet(body)}");
            }

            if (status != "success")
            {
                document?.Dispose();
                throw new LineageException(DiagnosticCodes.InvalidMetricsResponse, $"{where} did not answer the query '{expression}' as the Prometheus API does (is the URL the Prometheus server?): {HttpSupport.Snippet(body)}");
            }

            return document!;
        }
    }

    private static IReadOnlyList<MetricSample> OneSeries(JsonElement root, string endpoint, string expression)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(endpoint, expression, "no 'data' object");
        }

        var resultType = Text(data, "resultType");
        if (!data.TryGetProperty("result", out var result))
        {
            throw Invalid(endpoint, expression, "no 'data.result'");
        }

        switch (resultType)
        {
            case "scalar":
                return new[] { Sample(result, endpoint, expression) };
            case "vector":
            case "matrix":
                if (result.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(endpoint, expression, "'data.result' is not a list");
                }

                var series = result.EnumerateArray().ToList();
                if (series.Count == 0)
                {
                    return Array.Empty<MetricSample>();
                }

                if (series.Count > 1)
                {
                    var shown = string.Join(", ", series.Take(5).Select(Labels));
                    throw new LineageException(
                        DiagnosticCodes.AmbiguousMetricSeries,
                        $"the query '{expression}' to {endpoint} returned {series.Count} series where one is expected: {shown}{(series.Count > 5 ? ", …" : string.Empty)}. " +
                        "Add label matchers that select one, or aggregate in the expression (for example avg(...) or max(...)).");
                }

                if (resultType == "vector")
                {
                    return series[0].TryGetProperty("value", out var value)
                        ? new[] { Sample(value, endpoint, expression) }
                        : throw Invalid(endpoint, expression, "a vector element has no 'value'");
                }

                if (!series[0].TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(endpoint, expression, "a matrix series has no 'values' list");
                }

                var samples = new List<MetricSample>(values.GetArrayLength());
                foreach (var pair in values.EnumerateArray())
                {
                    samples.Add(Sample(pair, endpoint, expression));
                }

                // Prometheus answers in time order already; sorting keeps the contract when a proxy does not.
                return samples.OrderBy(x => x.Time).ToList();
            default:
                throw Invalid(endpoint, expression, $"result type '{resultType ?? "(none)"}' is not a number series");
        }
    }

    private static MetricSample Sample(JsonElement pair, string endpoint, string expression)
    {
        // [ <unix seconds as a number>, "<value as a string>" ]
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
        {
            throw Invalid(endpoint, expression, $"a sample is not [time, \"value\"]: {pair.GetRawText()}");
        }

        var time = pair[0];
        var value = pair[1];
        if (time.ValueKind != JsonValueKind.Number || !MetricValues.TryFromUnixSeconds(time.GetDouble(), out var at))
        {
            throw Invalid(endpoint, expression, $"a sample time is not Unix seconds: {time.GetRawText()}");
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;
        if (text is null || !MetricValues.TryParseValue(text, out var number))
        {
            throw Invalid(endpoint, expression, $"a sample value is not a number: {value.GetRawText()}");
        }

        return new MetricSample(at, number);
    }

    private static string Labels(JsonElement series)
    {
        if (!series.TryGetProperty("metric", out var metric) || metric.ValueKind != JsonValueKind.Object)
        {
            return "{}";
        }

        var sb = new StringBuilder();
        var name = Text(metric, "__name__");
        sb.Append(name).Append('{');
        var first = true;
        foreach (var label in metric.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (label.Name == "__name__")
            {
                continue;
            }

            sb.Append(first ? string.Empty : ",").Append(label.Name).Append("=\"").Append(PromQl.EscapeString(label.Value.ToString())).Append('"');
            first = false;
        }

        return sb.Append('}').ToString();
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static LineageException Invalid(string endpoint, string expression, string what) =>
        new(DiagnosticCodes.InvalidMetricsResponse, $"Prometheus' answer from {endpoint} to the query '{expression}' is not valid: {what}");
}
