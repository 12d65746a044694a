using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Threading;
using k8s.Autorest;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Kubernetes;

/// <summary>The API server's answer to a failed request, read from its <c>Status</c> body.</summary>
internal sealed record ApiStatus(HttpStatusCode Code, string? Reason, string? Message, string? DetailsKind)
{
    public static ApiStatus From(HttpStatusCode code, string? body)
    {
        string? reason = null, message = null, kind = null;
        if (!string.IsNullOrEmpty(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    reason = Text(root, "reason");
                    message = Text(root, "message");
                    if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
                    {
                        kind = Text(details, "kind");
                    }
                }
            }
            catch (JsonException)
            {
                // Not a Status (a proxy's HTML page): the first line of it is the message.
                message = body.Split('\n')[0].Trim();
            }
        }

        return new ApiStatus(code, reason, message, kind);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Turns client and transport failures into <see cref="LineageException"/>s with the runner's LIN codes.</summary>
internal static class KubernetesErrors
{
    /// <summary>
    /// The LIN error for <paramref name="error"/> raised while doing <paramref name="what"/>, or <c>null</c> when it is
    /// not a failure of the API call (the caller's cancellation, a bug): then the original propagates.
    /// </summary>
    public static LineageException? Translate(Exception error, string what, string server, string @namespace, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case LineageException:
                return null;
            case HttpOperationException http when http.Response is not null:
                return FromStatus(ApiStatus.From(http.Response.StatusCode, http.Response.Content), what, server, @namespace, error);
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                // HttpClient's own timeout surfaces as a cancellation the caller did not ask for.
                return new LineageException(DiagnosticCodes.KubernetesUnreachable, $"{what}: the Kubernetes API server at {server} did not answer in time", inner: error);
            case HttpRequestException or SocketException or IOException or AuthenticationException:
                return new LineageException(DiagnosticCodes.KubernetesUnreachable, $"{what}: cannot reach the Kubernetes API server at {server}: {Innermost(error)}", inner: error);
            default:
                return null;
        }
    }

    public static LineageException FromStatus(ApiStatus status, string what, string server, string @namespace, Exception? inner)
    {
        var said = string.IsNullOrEmpty(status.Message) ? status.Reason ?? status.Code.ToString() : status.Message;
        return status.Code switch
        {
            HttpStatusCode.Unauthorized => new LineageException(
                DiagnosticCodes.KubernetesUnauthorized,
                $"{what}: the Kubernetes API server at {server} refused the credentials (401 Unauthorized): check the token, client certificate or exec plugin of the kubeconfig context",
                inner: inner),
            HttpStatusCode.Forbidden => new LineageException(
                DiagnosticCodes.KubernetesForbidden,
                $"{what}: forbidden (403): {said}. The runner needs get, list, watch, create and delete on jobs in namespace '{@namespace}' (docs/kubernetes.md, RBAC)",
                inner: inner),
            HttpStatusCode.NotFound when status.DetailsKind == "namespaces" => new LineageException(
                DiagnosticCodes.KubernetesNamespaceNotFound,
                $"{what}: namespace '{@namespace}' does not exist on {server} (create it, or set the runner's namespace)",
                inner: inner),
            _ => new LineageException(
                DiagnosticCodes.KubernetesApiError,
                $"{what}: the Kubernetes API server answered {(int)status.Code} {status.Reason ?? status.Code.ToString()}: {said}",
                inner: inner),
        };
    }

    private static string Innermost(Exception error)
    {
        var message = error.Message;
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            message = e.Message;
        }

        return message;
    }
}
