using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Lineage.Registry;
using Lineage.Retraining;
using Lineage.Retraining.Kubernetes;
using Lineage.Retraining.Policy;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Kubernetes.Tests;

/// <summary>
/// The retraining pipeline with the Kubernetes runner, from the policy file to a deployed version: the job record
/// follows the Job the API server holds, whose status the test moves as the Job controller would.
/// </summary>
[TestClass]
public sealed class RetrainPipelineOnKubernetesTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_policy_with_the_kubernetes_runner_trains_as_a_Job_then_validates_and_deploys()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var dir = new TempDirectory();
        var policyPath = dir.Write("retrain.yaml",
            "defaults:\n" +
            "  training:\n" +
            "    runner: kubernetes\n" +
            "    command: [python, train.py, --job, '{job_id}', --out, '{model_output}']\n" +
            "    model_output: 'out/{job_id}/model.bin'\n" +
            "    predictions: 'out/{job_id}/holdout.csv'\n" +
            "    timeout_minutes: 30\n" +
            "    environment: {DATASET: 'sha256:abc'}\n" +
            "    kubernetes:\n" +
            $"      kubeconfig: {ns.Kubeconfig}\n" +
            $"      namespace: {ns.Name}\n" +
            "      image: registry.example.com/trainer:1.4\n");
        Directory.CreateDirectory(dir["registry"]);
        var policy = RetrainPolicy.Load(policyPath);
        var runners = new Dictionary<string, Func<ModelPolicy, IJobRunner>>
        {
            ["kubernetes"] = m =>
            {
                var options = KubernetesRunnerOptions.FromKubeconfig(m.Training.Kubernetes.Kubeconfig, m.Training.Kubernetes.Namespace);
                options.Image = m.Training.Kubernetes.Image!;
                options.PollInterval = TimeSpan.FromMilliseconds(500);
                return new KubernetesJobRunner(options);
            },
        };
        using var host = new RetrainHost(policy, dir["registry"], TextWriter.Null, runners);

        var job = await host.Pipeline.StartAsync("plant001-circuit01", TriggerKind.Drift, "PSI 0.31 on vibration_rms", null, TestContext.CancellationToken);
        Assert.AreEqual(JobStatus.Running, job.Status, job.ErrorMessage);
        Assert.AreEqual("kubernetes", job.Runner);
        var k8sJob = await ns.ReadJobAsync(job.ExternalId!);
        Assert.AreEqual(job.JobId, k8sJob.Metadata.Labels["lineage.build/job-id"]);
        Assert.AreEqual("plant001-circuit01", k8sJob.Metadata.Labels["lineage.build/model"]);
        var container = k8sJob.Spec.Template.Spec.Containers.Single();
        Assert.AreEqual("registry.example.com/trainer:1.4", container.Image);
        CollectionAssert.AreEqual(new[] { "python", "train.py", "--job", job.JobId, "--out", job.ModelPath }, container.Command.ToArray());
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.AreEqual("sha256:abc", env["DATASET"]);
        Assert.AreEqual(job.JobId, env["LINEAGE_JOB_ID"]);
        Assert.AreEqual("drift", env["LINEAGE_TRIGGER"]);
        Assert.AreEqual("90", env["LINEAGE_TRAINING_WINDOW_DAYS"]);
        Assert.AreEqual(1800, k8sJob.Spec.ActiveDeadlineSeconds);

        // Not finished yet: a refresh leaves the job running.
        await ns.PatchStatusAsync(job.ExternalId!, """{"active":1,"startTime":"2026-11-23T18:40:00Z"}""");
        Assert.AreEqual(JobStatus.Running, (await host.Pipeline.RefreshAsync(job.JobId, TimeSpan.Zero, TestContext.CancellationToken)).Status);

        // The "training" wrote its outputs (a shared volume, in a real cluster); then the Job completes.
        Directory.CreateDirectory(Path.GetDirectoryName(job.ModelPath!)!);
        File.WriteAllText(job.ModelPath!, "weights");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(job.ModelPath!)!, "holdout.csv"), "actual,predicted\n1,1\n0,0\n1,1\n0,0\n1,1\n1,1\n0,0\n0,0\n1,1\n0,0\n");
        var waiting = host.Pipeline.RefreshAsync(job.JobId, TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        await Task.Delay(500, TestContext.CancellationToken);
        await ns.PatchStatusAsync(job.ExternalId!, """{"conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2026-11-23T19:10:30Z"}],"succeeded":1}""");
        job = await waiting;
        Assert.AreEqual(JobStatus.Validation, job.Status, job.ErrorMessage);

        var (validated, result) = await host.Pipeline.ValidateAsync(job.JobId);
        Assert.IsTrue(result.IsValid);
        var deployed = await host.Pipeline.DeployAsync(validated.JobId);
        Assert.IsTrue(deployed.Deployed, deployed.History.Last().Message);
        var version = host.Registry.GetVersion("plant001-circuit01", host.Registry.GetLatest("plant001-circuit01")!.Value);
        Assert.AreEqual(job.JobId, version.Tags["training_job"]);
        Assert.AreEqual("drift", version.Tags["retrain_trigger"]);
    }

    [TestMethod]
    public async Task A_failed_Job_fails_the_retraining_job_with_the_controllers_reason()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var dir = new TempDirectory();
        var policyPath = dir.Write("retrain.yaml",
            $"defaults:\n  training:\n    runner: kubernetes\n    command: [train]\n    kubernetes: {{kubeconfig: {ns.Kubeconfig}, namespace: {ns.Name}, image: 'train:1'}}\n");
        Directory.CreateDirectory(dir["registry"]);
        var runners = new Dictionary<string, Func<ModelPolicy, IJobRunner>>
        {
            ["kubernetes"] = m =>
            {
                var options = KubernetesRunnerOptions.FromKubeconfig(m.Training.Kubernetes.Kubeconfig, m.Training.Kubernetes.Namespace);
                options.Image = m.Training.Kubernetes.Image!;
                return new KubernetesJobRunner(options);
            },
        };
        using var host = new RetrainHost(RetrainPolicy.Load(policyPath), dir["registry"], TextWriter.Null, runners);
        var job = await host.Pipeline.StartAsync("m", TriggerKind.Manual, "test", null, TestContext.CancellationToken);
        await ns.PatchStatusAsync(job.ExternalId!, """{"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}],"failed":1}""");
        job = await host.Pipeline.RefreshAsync(job.JobId, TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        Assert.AreEqual(JobStatus.Failed, job.Status);
        StringAssert.Contains(job.ErrorMessage, "BackoffLimitExceeded");
        Assert.AreEqual(1, host.Jobs.List(new Lineage.Retraining.Jobs.JobFilter { Status = JobStatus.Failed }).Count);
    }
}
