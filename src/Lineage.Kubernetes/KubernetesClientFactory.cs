using System;
using System.IO;
using k8s;
using k8s.Exceptions;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Kubernetes;

/// <summary>Loads client configurations, turning the client's many exception types into LIN0540.</summary>
internal static class KubernetesClientFactory
{
    public static KubernetesClientConfiguration LoadConfiguration(string path, string? context)
    {
        if (!File.Exists(path))
        {
            throw Invalid($"kubeconfig '{path}' does not exist (give a path, set KUBECONFIG, or create ~/.kube/config)", null);
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: context);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException
            or ArgumentException or InvalidOperationException or YamlDotNet.Core.YamlException or NullReferenceException)
        {
            // NullReferenceException: the client dereferences missing sections (no clusters, no users) without checking.
            throw Invalid($"kubeconfig '{path}' cannot be used{(context is null ? string.Empty : $" with context '{context}'")}: {e.Message}", e);
        }
    }

    public static KubernetesClientConfiguration LoadInClusterConfiguration()
    {
        if (!KubernetesClientConfiguration.IsInCluster())
        {
            throw Invalid(
                $"not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST/PORT or the service account token in {KubernetesRunnerOptions.ServiceAccountFolder} is missing",
                null);
        }

        try
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw Invalid($"the in-cluster configuration cannot be used: {e.Message}", e);
        }
    }

    public static k8s.Kubernetes Create(KubernetesRunnerOptions options)
    {
        var config = options.UseInClusterConfig
            ? LoadInClusterConfiguration()
            : LoadConfiguration(options.KubeconfigPath!, options.Context);
        config.HttpClientTimeout = options.RequestTimeout;
        return new k8s.Kubernetes(config);
    }

    private static LineageException Invalid(string message, Exception? inner) =>
        new(DiagnosticCodes.KubeconfigInvalid, message, inner: inner);
}
