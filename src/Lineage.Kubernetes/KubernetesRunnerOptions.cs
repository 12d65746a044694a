using System;
using System.Collections.Generic;
using System.IO;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Kubernetes;

/// <summary>
/// How <see cref="KubernetesJobRunner"/> reaches the cluster and what Job it creates. Start from
/// <see cref="FromKubeconfig"/> or <see cref="InCluster"/>, then set <see cref="Image"/> (required) and the rest.
/// </summary>
public sealed class KubernetesRunnerOptions
{
    /// <summary>The in-cluster service account folder: its <c>namespace</c> file names the pod's namespace.</summary>
    internal const string ServiceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The kubeconfig file, or <c>null</c> with <see cref="UseInClusterConfig"/>.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>The kubeconfig context to use, or <c>null</c> for its current context.</summary>
    public string? Context { get; set; }

    /// <summary>Use the pod's service account (a runner that itself runs in the cluster) instead of a kubeconfig.</summary>
    public bool UseInClusterConfig { get; set; }

    /// <summary>The namespace the Jobs are created in; <c>default</c> unless set.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The training container's image (required), for example <c>registry.example.com/train:1.4</c>.</summary>
    public string Image { get; set; } = string.Empty;

    /// <summary>The container's name in the pod (<c>kubectl logs job/NAME -c train</c>).</summary>
    public string ContainerName { get; set; } = "train";

    /// <summary>The pod's service account, or <c>null</c> for the namespace's <c>default</c>.</summary>
    public string? ServiceAccountName { get; set; }

    /// <summary>Resource requests of the container (<c>cpu</c>: <c>2</c>, <c>memory</c>: <c>8Gi</c>); empty for none.</summary>
    public IDictionary<string, string> ResourceRequests { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Resource limits of the container (<c>memory</c>: <c>8Gi</c>, <c>nvidia.com/gpu</c>: <c>1</c>); empty for none.</summary>
    public IDictionary<string, string> ResourceLimits { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Retries of a failed pod before the Job fails (Job <c>backoffLimit</c>). 0 by default: a failed training is
    /// reported, not silently run again on the same data.
    /// </summary>
    public int BackoffLimit { get; set; }

    /// <summary>Seconds after which Kubernetes deletes a finished Job (<c>ttlSecondsAfterFinished</c>), or <c>null</c> to keep it.</summary>
    public int? TtlSecondsAfterFinished { get; set; }

    /// <summary>The pod's <c>imagePullPolicy</c> (<c>Always</c>, <c>IfNotPresent</c>, <c>Never</c>), or <c>null</c> for the cluster's default.</summary>
    public string? ImagePullPolicy { get; set; }

    /// <summary>How long one API request may take before the server counts as unreachable.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="KubernetesJobRunner.WaitAsync"/> reads the Job when its watch has dropped.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Options for a kubeconfig: <paramref name="path"/>, else <c>KUBECONFIG</c> (its first file), else
    /// <c>~/.kube/config</c>; the namespace is <paramref name="namespace"/>, else the context's, else <c>default</c>.
    /// </summary>
    /// <exception cref="LineageException">LIN0540 when the file is missing or not a kubeconfig.</exception>
    public static KubernetesRunnerOptions FromKubeconfig(string? path, string? @namespace, string? context = null)
    {
        var resolved = ResolveKubeconfigPath(path);
        var config = KubernetesClientFactory.LoadConfiguration(resolved, context);
        return new KubernetesRunnerOptions
        {
            KubeconfigPath = resolved,
            Context = context,
            Namespace = NonEmpty(@namespace) ?? NonEmpty(config.Namespace) ?? "default",
        };
    }

    /// <summary>Options for a runner inside the cluster: the pod's service account and (unless given) its namespace.</summary>
    /// <exception cref="LineageException">LIN0540 when not running in a pod (no service account token).</exception>
    public static KubernetesRunnerOptions InCluster(string? @namespace = null)
    {
        var config = KubernetesClientFactory.LoadInClusterConfiguration();
        return new KubernetesRunnerOptions
        {
            UseInClusterConfig = true,
            Namespace = NonEmpty(@namespace) ?? NonEmpty(config.Namespace) ?? "default",
        };
    }

    /// <summary>Checks the options that are not checked by the API server; throws LIN0541 for the first problem.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Image))
        {
            throw Invalid("no image: set the Kubernetes runner's image (the training container)");
        }

        if (!KubernetesNames.IsDnsLabel(Namespace))
        {
            throw Invalid($"'{Namespace}' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
        }

        if (!KubernetesNames.IsDnsLabel(ContainerName))
        {
            throw Invalid($"'{ContainerName}' is not a valid container name (lower-case letters, digits and '-', at most 63)");
        }

        if (BackoffLimit < 0 || TtlSecondsAfterFinished < 0)
        {
            throw Invalid("backoffLimit and ttlSecondsAfterFinished cannot be negative");
        }

        if (RequestTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            throw Invalid("the request timeout and the poll interval must be positive");
        }

        if (!UseInClusterConfig && string.IsNullOrEmpty(KubeconfigPath))
        {
            throw Invalid("no kubeconfig: use KubernetesRunnerOptions.FromKubeconfig or InCluster");
        }
    }

    private static LineageException Invalid(string message) => new(DiagnosticCodes.KubernetesRunnerOptionsInvalid, message);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string ResolveKubeconfigPath(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            return Path.GetFullPath(path);
        }

        // KUBECONFIG may list several files; kubectl merges them, the runner takes the first (documented).
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var first = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (first.Length > 0)
            {
                return Path.GetFullPath(first[0]);
            }
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
