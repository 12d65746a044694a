using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Export;

/// <summary>
/// Pushes text-format metrics to a Prometheus Pushgateway: <c>PUT</c> (replace the group) or <c>POST</c> (replace only
/// the metrics pushed) to <c>/metrics/job/&lt;job&gt;[/&lt;label&gt;/&lt;value&gt;...]</c>, and <c>DELETE</c> of a group.
/// </summary>
public sealed class PushgatewayClient : IDisposable
{
    private readonly Uri _baseUrl;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>A client for the Pushgateway at <paramref name="baseUrl"/> (a path prefix is kept; user info is basic authentication).</summary>
    /// <exception cref="LineageException">LIN0568 when the URL is not an absolute http(s) URL.</exception>
    public PushgatewayClient(Uri baseUrl, HttpClient? httpClient = null)
    {
        _baseUrl = baseUrl is { IsAbsoluteUri: true } && (baseUrl.Scheme == Uri.UriSchemeHttp || baseUrl.Scheme == Uri.UriSchemeHttps)
            ? baseUrl
            : throw new LineageException(DiagnosticCodes.InvalidMetricsExport, $"the Pushgateway URL '{(baseUrl is null ? "(none)" : HttpSupport.Display(baseUrl))}' is not an absolute http(s) URL");
        _authorization = HttpSupport.BasicFromUserInfo(_baseUrl);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? HttpSupport.CreateClient();
    }

    /// <summary>A client for the Pushgateway at <paramref name="baseUrl"/>.</summary>
    public PushgatewayClient(string baseUrl)
        : this(HttpSupport.TryParseHttpUrl(baseUrl) ?? throw new LineageException(DiagnosticCodes.InvalidMetricsExport, $"the Pushgateway URL '{baseUrl}' is not an absolute http(s) URL"))
    {
    }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The server, without credentials.</summary>
    public string DisplayUrl => HttpSupport.Display(_baseUrl);

    /// <summary>
    /// The group's path: <c>metrics/job/&lt;job&gt;</c> then each label as <c>/&lt;name&gt;/&lt;value&gt;</c>, values
    /// percent-encoded, or as <c>&lt;name&gt;@base64/&lt;url-safe base64&gt;</c> when they hold a <c>/</c> or are empty
    /// (the Pushgateway's own rule: a <c>%2F</c> would be decoded by proxies before it arrives).
    /// </summary>
    /// <exception cref="LineageException">LIN0568 for an empty job or a bad label name.</exception>
    public static string GroupPath(string job, IEnumerable<KeyValuePair<string, string>>? groupingLabels = null)
    {
        if (string.IsNullOrEmpty(job))
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsExport, "the Pushgateway job name is empty");
        }

        var sb = new StringBuilder("metrics");
        Segment(sb, "job", job);
        foreach (var label in groupingLabels ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            if (!PrometheusText.IsLabelName(label.Key) || label.Key == "job" || label.Key.StartsWith("__", StringComparison.Ordinal))
            {
                throw new LineageException(DiagnosticCodes.InvalidMetricsExport, $"'{label.Key}' cannot be a Pushgateway grouping label (a label name other than job, not starting with __)");
            }

            Segment(sb, label.Key, label.Value ?? string.Empty);
        }

        return sb.ToString();
    }

    /// <summary>Pushes <paramref name="text"/> (exposition format) to the group: PUT when <paramref name="replace"/>, else POST.</summary>
    /// <exception cref="LineageException">LIN0568 for a bad job or label name; LIN0569 when unreachable or answered with a non-2xx status.</exception>
    public Task PushAsync(string job, string text, IEnumerable<KeyValuePair<string, string>>? groupingLabels = null, bool replace = true, CancellationToken cancellationToken = default)
    {
        var content = new StringContent(text ?? string.Empty, new UTF8Encoding(false));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(PrometheusText.ContentType);
        return SendAsync(replace ? HttpMethod.Put : HttpMethod.Post, GroupPath(job, groupingLabels), content, job, cancellationToken);
    }

    /// <summary>Deletes the group's metrics.</summary>
    /// <exception cref="LineageException">As <see cref="PushAsync"/>.</exception>
    public Task DeleteAsync(string job, IEnumerable<KeyValuePair<string, string>>? groupingLabels = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, GroupPath(job, groupingLabels), null, job, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static void Segment(StringBuilder sb, string name, string value)
    {
        if (value.Length == 0 || value.IndexOf('/') >= 0)
        {
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).Replace('+', '-').Replace('/', '_');
            sb.Append('/').Append(name).Append("@base64/").Append(base64.Length == 0 ? "=" : base64);
        }
        else
        {
            sb.Append('/').Append(name).Append('/').Append(Uri.EscapeDataString(value));
        }
    }

    private async Task SendAsync(HttpMethod method, string path, HttpContent? content, string job, CancellationToken cancellationToken)
    {
        var url = HttpSupport.Combine(_baseUrl, path);
        var where = HttpSupport.Display(_baseUrl);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = _authorization;
        try
        {
            var (response, body) = await HttpSupport.SendAsync(_http, request, Timeout, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new LineageException(DiagnosticCodes.PushgatewayFailed, $"the Pushgateway at {where} refused the {method} of job '{job}' ({path}): HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(body.Trim().Length > 0 ? ": " + HttpSupport.Snippet(body) : string.Empty)}");
                }
            }
        }
        catch (TimeoutException ex)
        {
            throw new LineageException(DiagnosticCodes.PushgatewayFailed, $"the Pushgateway at {where} did not answer the {method} of job '{job}': {ex.Message}", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new LineageException(DiagnosticCodes.PushgatewayFailed, $"cannot reach the Pushgateway at {where} to {method} job '{job}': {HttpSupport.Describe(ex)}", inner: ex);
        }
    }
}
