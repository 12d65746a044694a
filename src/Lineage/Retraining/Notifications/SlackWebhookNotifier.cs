using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Notifications;

/// <summary>
/// Posts job events to a Slack incoming webhook (or anything that takes Slack's <c>text</c> + <c>blocks</c> JSON:
/// Mattermost, Rocket.Chat, a relay). One retry on 5xx, 429 and connection failures, after <c>Retry-After</c> when it
/// is at most <see cref="SlackWebhookOptions.MaxRetryAfter"/>. Delivery failures are reported through
/// <see cref="SlackWebhookOptions.OnDeliveryFailure"/> / <see cref="SlackWebhookOptions.FailureLog"/>, never thrown: a
/// chat outage must not fail a retraining. The webhook URL is a secret and appears in no message.
/// </summary>
public sealed class SlackWebhookNotifier : IRetrainNotifier, IDisposable
{
    /// <summary>The environment variable read when the policy gives no webhook URL.</summary>
    public const string WebhookEnvironmentVariable = "LINEAGE_SLACK_WEBHOOK";

    private readonly SlackWebhookOptions _options;
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a notifier; <paramref name="httpClient"/> is used as given (not disposed), else one is created.</summary>
    /// <exception cref="LineageException">LIN0566 when the webhook URL or a time setting cannot be used.</exception>
    public SlackWebhookNotifier(SlackWebhookOptions options, HttpClient? httpClient = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _url = options.WebhookUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new LineageException(DiagnosticCodes.InvalidNotifierSettings, $"the Slack webhook URL {(options.WebhookUrl is null ? "is missing" : "is not an absolute http(s) URL")}");
        if (options.Timeout <= TimeSpan.Zero || options.RetryDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new LineageException(DiagnosticCodes.InvalidNotifierSettings, "the Slack notifier's timeout must be positive and its retry delays not negative");
        }

        _ownsHttp = httpClient is null;
        _http = httpClient ?? HttpSupport.CreateClient();
    }

    /// <summary>
    /// A notifier for the policy's webhook URL, else <c>LINEAGE_SLACK_WEBHOOK</c>; <c>null</c> when neither is set
    /// (notifications are off).
    /// </summary>
    /// <exception cref="LineageException">LIN0566 when the URL found is not an absolute http(s) URL.</exception>
    public static SlackWebhookNotifier? FromPolicyOrEnvironment(string? policyWebhookUrl, SlackWebhookOptions? options = null, HttpClient? httpClient = null)
    {
        var text = !string.IsNullOrWhiteSpace(policyWebhookUrl) ? policyWebhookUrl : Environment.GetEnvironmentVariable(WebhookEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var url = HttpSupport.TryParseHttpUrl(text)
            ?? throw new LineageException(DiagnosticCodes.InvalidNotifierSettings, $"the Slack webhook URL ({(string.IsNullOrWhiteSpace(policyWebhookUrl) ? WebhookEnvironmentVariable : "policy")}) is not an absolute http(s) URL");
        var copy = new SlackWebhookOptions
        {
            WebhookUrl = url,
            Timeout = options?.Timeout ?? TimeSpan.FromSeconds(10),
            RetryDelay = options?.RetryDelay ?? TimeSpan.FromSeconds(1),
            MaxRetryAfter = options?.MaxRetryAfter ?? TimeSpan.FromSeconds(30),
            OnDeliveryFailure = options?.OnDeliveryFailure,
            FailureLog = options?.FailureLog,
        };
        return new SlackWebhookNotifier(copy, httpClient);
    }

    /// <summary>The webhook as it may be shown: scheme and host only (<c>https://hooks.slack.com/***</c>).</summary>
    public string DisplayUrl => Redact(_url);

    /// <summary>A webhook URL with everything after the host hidden (the path holds the secret).</summary>
    public static string Redact(Uri url) => url.GetLeftPart(UriPartial.Scheme) + url.Host + (url.IsDefaultPort ? string.Empty : ":" + url.Port) + "/***";

    /// <inheritdoc/>
    public async Task NotifyAsync(RetrainEventKind kind, RetrainJob job, CancellationToken cancellationToken = default) =>
        await SendAsync(kind, job, cancellationToken).ConfigureAwait(false);

    /// <summary>Posts the event; <c>true</c> when delivered. Failures are reported, not thrown; cancellation by the caller is thrown.</summary>
    public async Task<bool> SendAsync(RetrainEventKind kind, RetrainJob job, CancellationToken cancellationToken = default)
    {
        if (job is null)
        {
            throw new ArgumentNullException(nameof(job));
        }

        var payload = SlackPayload.Build(kind, job);
        var what = $"Slack notification ({kind.ToString().ToLowerInvariant()}, job {job.JobId})";
        string? failure = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            TimeSpan? retryAfter;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                var (response, body) = await HttpSupport.SendAsync(_http, request, _options.Timeout, cancellationToken).ConfigureAwait(false);
                using (response)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return true;
                    }

                    var code = (int)response.StatusCode;
                    failure = $"HTTP {code} {response.ReasonPhrase}" + (body.Trim().Length > 0 ? ": " + HttpSupport.Snippet(Scrub(body), 200) : string.Empty);
                    if (code != 429 && code < 500)
                    {
                        break; // a 4xx is the payload's or the URL's fault; the same post would fail again
                    }

                    retryAfter = RetryAfter(response) ?? _options.RetryDelay;
                }
            }
            catch (TimeoutException ex)
            {
                // Not retried: a second wait as long would hold the run up for no likely gain.
                failure = ex.Message;
                break;
            }
            catch (HttpRequestException ex)
            {
                failure = Scrub(HttpSupport.Describe(ex));
                retryAfter = _options.RetryDelay;
            }

            if (attempt == 2)
            {
                failure += " (after one retry)";
                break;
            }

            if (retryAfter > _options.MaxRetryAfter)
            {
                failure += $"; asked to retry after {HttpSupport.Seconds(retryAfter.Value)}, more than the {HttpSupport.Seconds(_options.MaxRetryAfter)} allowed, so not retried";
                break;
            }

            await Task.Delay(retryAfter.Value, cancellationToken).ConfigureAwait(false);
        }

        Report($"{DiagnosticCodes.NotificationNotDelivered}: {what} not delivered to {DisplayUrl}: {failure}");
        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private string Scrub(string text)
    {
        // Servers and handlers may echo the URL; its path is the secret.
        text = text.Replace(_url.OriginalString, DisplayUrl).Replace(_url.AbsoluteUri, DisplayUrl);
        return _url.PathAndQuery.Length > 1 ? text.Replace(_url.PathAndQuery, "/***") : text;
    }

    private void Report(string message)
    {
        try
        {
            _options.OnDeliveryFailure?.Invoke(message);
            _options.FailureLog?.WriteLine("warning " + message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The warning channel itself is gone; nothing else can be told.
        }
    }
}
