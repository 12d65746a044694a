using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Lineage.Retraining;

/// <summary>The few HTTP chores the metrics source, the notifier and the Pushgateway client share.</summary>
internal static class HttpSupport
{
    /// <summary>A client with no timeout of its own: every call brings its own, so one setting governs it.</summary>
    public static HttpClient CreateClient() => new(new HttpClientHandler { UseCookies = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>The URL without user info and query, safe for messages (credentials never reach a log).</summary>
    public static string Display(Uri url)
    {
        var builder = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        return builder.Uri.GetLeftPart(UriPartial.Path);
    }

    /// <summary>Appends a relative API path to a base URL, keeping a path prefix (a Prometheus behind <c>/prometheus</c>).</summary>
    public static Uri Combine(Uri baseUrl, string relative)
    {
        // Without user info: credentials travel in the Authorization header, not in the request line.
        var text = Display(baseUrl);
        return new Uri(text.TrimEnd('/') + "/" + relative.TrimStart('/'));
    }

    /// <summary>An absolute http(s) URL, or <c>null</c>.</summary>
    public static Uri? TryParseHttpUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var url))
        {
            return null;
        }

        return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? url : null;
    }

    /// <summary>Basic credentials from the URL's user info (<c>http://user:pass@host</c>), or <c>null</c>.</summary>
    public static AuthenticationHeaderValue? BasicFromUserInfo(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var parts = url.UserInfo.Split(new[] { ':' }, 2);
        return Basic(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password)));

    /// <summary>Sends with a time limit; a timeout becomes <see cref="TimeoutException"/>, a caller's cancellation stays one.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        try
        {
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token).ConfigureAwait(false);
            var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return (response, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {Seconds(timeout)}");
        }
    }

    /// <summary>What a failed request says, without the URL (callers name it, redacted).</summary>
    public static string Describe(Exception ex)
    {
        // HttpRequestException wraps the socket error that says what really happened (connection refused, name not found).
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!string.IsNullOrEmpty(inner.Message) && message.IndexOf(inner.Message, StringComparison.Ordinal) < 0)
            {
                message += ": " + inner.Message;
            }
        }

        return message;
    }

    /// <summary>The start of a response body for a message, on one line.</summary>
    public static string Snippet(string body, int max = 300)
    {
        var text = body.Replace("\r", " ").Replace("\n", " ").Trim();
        return text.Length <= max ? text : text.Substring(0, max) + "…";
    }

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
