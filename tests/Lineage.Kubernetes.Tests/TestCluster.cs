using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Models;
using Lineage.Retraining.Kubernetes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Kubernetes.Tests;

/// <summary>
/// The kube-apiserver of build/services/k8s.sh. build/test.sh starts it in the background while the solution compiles
/// and sets LINEAGE_KUBECONFIG; the kubeconfig file appears only once the server is ready (or "&lt;path&gt;.error" with the
/// reason), so the first test waits for it. On CI (CI=true) a missing server fails every test; elsewhere the tests
/// are inconclusive (skipped) with the reason.
/// </summary>
internal static class TestCluster
{
    /// <summary>The token build/services/k8s.sh gives a user with no rights at all.</summary>
    public const string NobodyToken = "lineage-nobody-token";

    private static readonly Lazy<Task<string>> Kubeconfig = new(FindKubeconfigAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The ready server's kubeconfig (admin); fails or is inconclusive when there is none.</summary>
    public static Task<string> KubeconfigAsync() => Kubeconfig.Value;

    /// <summary>The server's URL, from the kubeconfig.</summary>
    public static async Task<string> ServerAsync() =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(await KubeconfigAsync()).Host;

    private static async Task<string> FindKubeconfigAsync()
    {
        var path = Environment.GetEnvironmentVariable("LINEAGE_KUBECONFIG");
        if (string.IsNullOrWhiteSpace(path))
        {
            Unavailable("LINEAGE_KUBECONFIG is not set: run build/test.sh, or build/services/k8s.sh start and export LINEAGE_KUBECONFIG=artifacts/k8s/kubeconfig");
        }

        // The first build of kube-apiserver runs beside the solution's compile and tests: give it time.
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("LINEAGE_K8S_WAIT_SECONDS"), out var s) ? s : 1200;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (File.Exists(path!))
            {
                return path!;
            }

            if (File.Exists(path + ".error"))
            {
                Unavailable($"build/services/k8s.sh could not start the API server: {(await File.ReadAllTextAsync(path + ".error")).Trim()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Unavailable($"no kubeconfig at {path} after {seconds} s (LINEAGE_K8S_WAIT_SECONDS): the API server did not get ready; see artifacts/k8s/*.log");
            }

            await Task.Delay(500);
        }
    }

    private static void Unavailable(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI needs the Kubernetes API server: " + reason);
        }

        Assert.Inconclusive(reason);
    }
}

/// <summary>A fresh namespace on the test server with an admin client (the test's Job controller), deleted at the end.</summary>
internal sealed class TestNamespace : IAsyncDisposable
{
    private TestNamespace(string kubeconfig, string name, k8s.Kubernetes admin)
    {
        Kubeconfig = kubeconfig;
        Name = name;
        Admin = admin;
    }

    /// <summary>The admin kubeconfig.</summary>
    public string Kubeconfig { get; }

    /// <summary>The namespace.</summary>
    public string Name { get; }

    /// <summary>A client with every right, for what the tests do in the cluster's place.</summary>
    public k8s.Kubernetes Admin { get; }

    public static async Task<TestNamespace> CreateAsync()
    {
        var kubeconfig = await TestCluster.KubeconfigAsync();
        var admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var name = "lin-test-" + Guid.NewGuid().ToString("N")[..10];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return new TestNamespace(kubeconfig, name, admin);
    }

    /// <summary>Runner options for this namespace, with a test image.</summary>
    public KubernetesRunnerOptions Options()
    {
        var options = KubernetesRunnerOptions.FromKubeconfig(Kubeconfig, Name);
        options.Image = "registry.example.com/lineage/train:1.0";
        return options;
    }

    /// <summary>A runner for this namespace; <paramref name="configure"/> changes the options first.</summary>
    public KubernetesJobRunner Runner(Action<KubernetesRunnerOptions>? configure = null)
    {
        var options = Options();
        configure?.Invoke(options);
        return new KubernetesJobRunner(options);
    }

    /// <summary>Does what the Job controller would: a JSON merge patch of the Job's status subresource.</summary>
    public Task<V1Job> PatchStatusAsync(string jobName, string statusJson) =>
        Admin.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch("{\"status\":" + statusJson + "}", V1Patch.PatchType.MergePatch), jobName, Name);

    public Task<V1Job> ReadJobAsync(string jobName) => Admin.BatchV1.ReadNamespacedJobAsync(jobName, Name);

    /// <summary>A request like the retraining orchestrator's.</summary>
    public static TrainingRequestBuilder Request(string jobId, string model = "plant001-circuit01") => new(jobId, model);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // No namespace controller runs here, so the namespace stays Terminating; its Jobs go with the server.
            await Admin.CoreV1.DeleteNamespaceAsync(Name);
        }
        catch (Exception)
        {
            // Cleanup must not hide the test's own result.
        }

        Admin.Dispose();
    }
}

/// <summary>Builds a <see cref="Lineage.Retraining.TrainingRequest"/>.</summary>
internal sealed class TrainingRequestBuilder
{
    private readonly Lineage.Retraining.TrainingRequest _request;

    public TrainingRequestBuilder(string jobId, string model)
    {
        _request = new Lineage.Retraining.TrainingRequest
        {
            JobId = jobId,
            ModelName = model,
            Command = new List<string> { "python", "train.py", "--config", "/config/training.yaml" },
            Timeout = TimeSpan.FromMinutes(90),
        };
        _request.Environment["LINEAGE_JOB_ID"] = jobId;
        _request.Environment["LINEAGE_MODEL"] = model;
    }

    public TrainingRequestBuilder Env(string name, string value)
    {
        _request.Environment[name] = value;
        return this;
    }

    public TrainingRequestBuilder Timeout(TimeSpan timeout)
    {
        _request.Timeout = timeout;
        return this;
    }

    public static implicit operator Lineage.Retraining.TrainingRequest(TrainingRequestBuilder builder) => builder._request;
}
