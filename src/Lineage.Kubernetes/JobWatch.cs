using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using k8s;
using k8s.Models;

namespace Lineage.Retraining.Kubernetes;

/// <summary>One event of a watch: ADDED, MODIFIED or DELETED, with the Job as it is after it.</summary>
internal sealed record JobChange(string Type, V1Job Job);

/// <summary>
/// A watch on one Job (<c>?watch=true&amp;fieldSelector=metadata.name=NAME</c>). KubernetesClient.Aot has no watch
/// helper, so this sends the request through the client's own HttpClient and credentials (same TLS, token or
/// certificate) and reads the newline-delimited JSON events itself.
/// </summary>
internal sealed class JobWatch
{
    private readonly k8s.Kubernetes _client;
    private readonly string _namespace;
    private readonly string _name;

    public JobWatch(k8s.Kubernetes client, string @namespace, string name)
    {
        _client = client;
        _namespace = @namespace;
        _name = name;
    }

    /// <summary>
    /// The Job's changes after <paramref name="resourceVersion"/>, until the server ends the watch (after at most
    /// <paramref name="serverTimeout"/>, or on an ERROR event such as 410 Gone) or the token is cancelled.
    /// </summary>
    public async IAsyncEnumerable<JobChange> WatchAsync(string? resourceVersion, TimeSpan serverTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Whole seconds, at least 1 and at most 30 minutes: the server closes the stream then and the caller re-reads.
        var seconds = (long)Math.Clamp(Math.Ceiling(serverTimeout.TotalSeconds), 1, 1800);
        var url = _client.BaseUri.AbsoluteUri.TrimEnd('/')
            + $"/apis/batch/v1/namespaces/{Uri.EscapeDataString(_namespace)}/jobs?watch=true"
            + $"&fieldSelector={Uri.EscapeDataString("metadata.name=" + _name)}"
            + $"&timeoutSeconds={seconds.ToString(CultureInfo.InvariantCulture)}"
            + (string.IsNullOrEmpty(resourceVersion) ? string.Empty : $"&resourceVersion={Uri.EscapeDataString(resourceVersion)}");

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_client.Credentials is not null)
        {
            await _client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Headers only: the body is the stream of events. The client's timeout covers only getting the headers.
        using var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw KubernetesErrors.FromStatus(ApiStatus.From(response.StatusCode, body), $"watch Job {_name} in namespace '{_namespace}'", _client.BaseUri.GetLeftPart(UriPartial.Authority), _namespace, null);
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            string type;
            string objectJson;
            using (var document = JsonDocument.Parse(line))
            {
                var root = document.RootElement;
                type = root.GetProperty("type").GetString() ?? string.Empty;
                objectJson = root.GetProperty("object").GetRawText();
            }

            switch (type)
            {
                case "ADDED" or "MODIFIED" or "DELETED":
                    yield return new JobChange(type, KubernetesJson.Deserialize<V1Job>(objectJson));
                    break;
                case "ERROR":
                    // Usually 410 Gone: the resource version is too old. The caller reads the Job and watches again.
                    yield break;
                default:
                    continue; // BOOKMARK, or a type added later
            }
        }
    }
}
