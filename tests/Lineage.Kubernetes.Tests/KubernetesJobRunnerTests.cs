using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Models;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Kubernetes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Kubernetes.Tests;

[TestClass]
public sealed class KubernetesJobRunnerTests
{
    private const string JobId = "rt-20261123184000-1a2b3c4d";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Submit_creates_the_Job_with_name_labels_annotations_env_command_image_and_deadline()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner(o =>
        {
            o.ServiceAccountName = "trainer";
            o.TtlSecondsAfterFinished = 3600;
            o.ResourceRequests["cpu"] = "500m";
            o.ResourceRequests["memory"] = "1Gi";
            o.ResourceLimits["memory"] = "2Gi";
        });
        const string model = "Plant 001/Circuit #01";
        var request = TestNamespace.Request(JobId, model).Env("LINEAGE_CONFIG_HASH", "49faa7f86bfd").Env("A_FIRST", "x=y z").Timeout(TimeSpan.FromSeconds(5400.2));

        var status = await runner.SubmitAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(RunState.Pending, status.State);
        Assert.AreEqual(JobId, status.ExternalId); // a valid DNS label stays as it is
        var job = await ns.ReadJobAsync(JobId);
        var labelModel = KubernetesNames.LabelValue(model);
        StringAssert.Matches(labelModel, new System.Text.RegularExpressions.Regex("^Plant-001-Circuit-01-[0-9a-f]{8}$"));
        Assert.AreEqual(JobId, job.Metadata.Labels[KubernetesNames.JobIdKey]);
        Assert.AreEqual(labelModel, job.Metadata.Labels[KubernetesNames.ModelKey]);
        Assert.AreEqual("lineage", job.Metadata.Labels[KubernetesNames.ManagedByKey]);
        Assert.AreEqual(JobId, job.Metadata.Annotations[KubernetesNames.JobIdKey]);
        Assert.AreEqual(model, job.Metadata.Annotations[KubernetesNames.ModelKey]);
        Assert.AreEqual(0, job.Spec.BackoffLimit);
        Assert.AreEqual(5401L, job.Spec.ActiveDeadlineSeconds); // rounded up, never shorter than asked
        Assert.AreEqual(3600, job.Spec.TtlSecondsAfterFinished);

        var pod = job.Spec.Template;
        Assert.AreEqual(labelModel, pod.Metadata.Labels[KubernetesNames.ModelKey]);
        Assert.AreEqual("Never", pod.Spec.RestartPolicy);
        Assert.AreEqual("trainer", pod.Spec.ServiceAccountName);
        var container = pod.Spec.Containers.Single();
        Assert.AreEqual("train", container.Name);
        Assert.AreEqual("registry.example.com/lineage/train:1.0", container.Image);
        CollectionAssert.AreEqual(new[] { "python", "train.py", "--config", "/config/training.yaml" }, container.Command.ToArray());
        Assert.IsNull(container.Args);
        CollectionAssert.AreEqual(
            new[] { "A_FIRST=x=y z", "LINEAGE_CONFIG_HASH=49faa7f86bfd", $"LINEAGE_JOB_ID={JobId}", $"LINEAGE_MODEL={model}" },
            container.Env.Select(e => $"{e.Name}={e.Value}").ToArray());
        Assert.AreEqual("500m", container.Resources.Requests["cpu"].ToString());
        Assert.AreEqual("1Gi", container.Resources.Requests["memory"].ToString());
        Assert.AreEqual("2Gi", container.Resources.Limits["memory"].ToString());
    }

    [TestMethod]
    public async Task Resubmitting_the_same_job_id_returns_the_existing_Job()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);
        var first = await ns.ReadJobAsync(JobId);
        await ns.PatchStatusAsync(JobId, """{"active":1,"startTime":"2026-11-23T18:40:00Z"}""");

        // The API server answers 409 AlreadyExists; the runner returns the first Job's status (it is running).
        var again = await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);

        Assert.AreEqual(RunState.Running, again.State);
        Assert.AreEqual(JobId, again.ExternalId);
        var jobs = await ns.Admin.BatchV1.ListNamespacedJobAsync(ns.Name, cancellationToken: TestContext.CancellationToken);
        Assert.AreEqual(first.Metadata.Uid, jobs.Items.Single().Metadata.Uid);
    }

    [TestMethod]
    public async Task A_Job_of_that_name_that_belongs_to_another_job_id_is_an_error()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await CreateForeignJobAsync(ns, JobId, annotations: new Dictionary<string, string> { [KubernetesNames.JobIdKey] = "rt-someone-else" });
        await CreateForeignJobAsync(ns, "rt-2", annotations: null);

        var taken = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken));
        var foreign = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.GetStatusAsync("rt-2", TestContext.CancellationToken));

        Assert.AreEqual(DiagnosticCodes.KubernetesJobConflict, taken.Code);
        StringAssert.Contains(taken.Message, "belongs to job rt-someone-else");
        Assert.AreEqual(DiagnosticCodes.KubernetesJobConflict, foreign.Code);
        StringAssert.Contains(foreign.Message, "was not created by Lineage");
        Assert.AreEqual(DiagnosticCodes.KubernetesJobConflict, (await Assert.ThrowsExactlyAsync<LineageException>(() => runner.DeleteAsync(JobId, TestContext.CancellationToken))).Code);
        Assert.IsNotNull(await ns.ReadJobAsync(JobId)); // not deleted
    }

    [TestMethod]
    public async Task Status_follows_the_Job_status_subresource_to_success()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);
        Assert.AreEqual(RunState.Pending, (await runner.GetStatusAsync(JobId, TestContext.CancellationToken)).State);

        await ns.PatchStatusAsync(JobId, """{"active":1,"startTime":"2026-11-23T18:40:00Z"}""");
        var running = await runner.GetStatusAsync(JobId, TestContext.CancellationToken);

        await ns.PatchStatusAsync(JobId, """
            {"active":null,"succeeded":1,"completionTime":"2026-11-23T19:10:30Z",
             "conditions":[{"type":"Complete","status":"True","lastProbeTime":"2026-11-23T19:10:30Z","lastTransitionTime":"2026-11-23T19:10:30Z"}]}
            """);
        var done = await runner.GetStatusAsync(JobId, TestContext.CancellationToken);

        Assert.AreEqual(RunState.Running, running.State);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 18, 40, 0, TimeSpan.Zero), running.StartedAt);
        Assert.IsNull(running.FinishedAt);
        Assert.AreEqual(RunState.Succeeded, done.State);
        Assert.IsTrue(done.IsFinished);
        Assert.AreEqual(0, done.ExitCode);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 18, 40, 0, TimeSpan.Zero), done.StartedAt);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 19, 10, 30, TimeSpan.Zero), done.FinishedAt);
        Assert.AreEqual(JobId, done.ExternalId);
    }

    [TestMethod]
    public async Task A_Failed_condition_is_a_failure_with_its_reason_and_message()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);
        await ns.PatchStatusAsync(JobId, """{"active":1,"startTime":"2026-11-23T18:40:00Z"}""");

        // A condition that is not (yet) True does not count.
        await ns.PatchStatusAsync(JobId, """{"conditions":[{"type":"Failed","status":"False","lastTransitionTime":"2026-11-23T18:45:00Z"}]}""");
        Assert.AreEqual(RunState.Running, (await runner.GetStatusAsync(JobId, TestContext.CancellationToken)).State);

        await ns.PatchStatusAsync(JobId, """
            {"active":null,"failed":1,
             "conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit",
                            "lastProbeTime":"2026-11-23T18:50:00Z","lastTransitionTime":"2026-11-23T18:50:00Z"}]}
            """);
        var failed = await runner.GetStatusAsync(JobId, TestContext.CancellationToken);

        Assert.AreEqual(RunState.Failed, failed.State);
        Assert.AreEqual("BackoffLimitExceeded: Job has reached the specified backoff limit", failed.Message);
        Assert.IsNull(failed.ExitCode);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 18, 50, 0, TimeSpan.Zero), failed.FinishedAt);
    }

    [TestMethod]
    public async Task WaitAsync_returns_when_another_task_completes_the_Job_through_the_watch()
    {
        await using var ns = await TestNamespace.CreateAsync();
        // Polling every 10 minutes: only the watch can see the change within the test's time.
        using var runner = ns.Runner(o => o.PollInterval = TimeSpan.FromMinutes(10));
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);

        var clock = Stopwatch.StartNew();
        var wait = runner.WaitAsync(JobId, TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        await Task.Delay(1000, TestContext.CancellationToken);
        Assert.IsFalse(wait.IsCompleted, "WaitAsync returned before the Job finished");
        await ns.PatchStatusAsync(JobId, """{"active":1,"startTime":"2026-11-23T18:40:00Z"}""");
        await Task.Delay(500, TestContext.CancellationToken);
        Assert.IsFalse(wait.IsCompleted, "WaitAsync returned on Running");
        await Task.Run(() => ns.PatchStatusAsync(JobId, """
            {"active":null,"succeeded":1,"completionTime":"2026-11-23T19:10:30Z",
             "conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2026-11-23T19:10:30Z"}]}
            """));
        var status = await wait;

        Assert.AreEqual(RunState.Succeeded, status.State);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [TestMethod]
    public async Task WaitAsync_falls_back_to_polling_when_the_user_may_not_watch()
    {
        await using var ns = await TestNamespace.CreateAsync();
        // The "nobody" user may get Jobs in this namespace, not watch them: every watch is refused with 403.
        await ns.Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "jobs-get" },
            Rules = new List<V1PolicyRule> { new() { ApiGroups = new List<string> { "batch" }, Resources = new List<string> { "jobs" }, Verbs = new List<string> { "get" } } },
        }, ns.Name);
        await ns.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "nobody-jobs-get" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "jobs-get" },
            Subjects = new List<Rbacv1Subject> { new() { ApiGroup = "rbac.authorization.k8s.io", Kind = "User", Name = "nobody" } },
        }, ns.Name);
        using var admin = ns.Runner();
        await admin.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        var kubeconfig = temp.Write("kubeconfig", Kubeconfig(await TestCluster.ServerAsync(), TestCluster.NobodyToken));
        var options = KubernetesRunnerOptions.FromKubeconfig(kubeconfig, ns.Name);
        options.Image = "unused";
        options.PollInterval = TimeSpan.FromMilliseconds(200);
        using var reader = new KubernetesJobRunner(options);

        var wait = reader.WaitAsync(JobId, TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        await Task.Delay(1500, TestContext.CancellationToken);
        Assert.IsFalse(wait.IsCompleted);
        await ns.PatchStatusAsync(JobId, """{"conditions":[{"type":"Failed","status":"True","reason":"DeadlineExceeded","message":"Job was active longer than specified deadline"}]}""");
        var status = await wait;

        Assert.AreEqual(RunState.Failed, status.State);
        Assert.AreEqual("DeadlineExceeded: Job was active longer than specified deadline", status.Message);
    }

    [TestMethod]
    public async Task WaitAsync_recovers_when_the_connection_drops()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var proxy = new TcpProxy(new Uri(await TestCluster.ServerAsync()));
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        var options = KubernetesRunnerOptions.FromKubeconfig(temp.Write("kubeconfig", Kubeconfig(proxy.Url, "lineage-test-token")), ns.Name);
        options.Image = "train:1";
        options.PollInterval = TimeSpan.FromMilliseconds(500);
        using var runner = new KubernetesJobRunner(options);
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);

        var wait = runner.WaitAsync(JobId, TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        await Task.Delay(1500, TestContext.CancellationToken); // the watch is open through the proxy
        proxy.DropAll();
        await Task.Delay(300, TestContext.CancellationToken);
        proxy.DropAll(); // and once more, whatever reconnected meanwhile
        await ns.PatchStatusAsync(JobId, """{"conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2026-11-23T19:10:30Z"}]}""");
        var status = await wait;

        Assert.AreEqual(RunState.Succeeded, status.State);
        Assert.IsTrue(proxy.Dropped > 0, "no connection was cut");
        Assert.IsTrue(proxy.Accepted > 1, $"the runner did not reconnect ({proxy.Accepted} connection)");
    }

    [TestMethod]
    public async Task WaitAsync_returns_the_unfinished_status_when_the_timeout_passes()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);
        await ns.PatchStatusAsync(JobId, """{"active":1}""");

        var clock = Stopwatch.StartNew();
        var status = await runner.WaitAsync(JobId, TimeSpan.FromSeconds(2), TestContext.CancellationToken);

        Assert.AreEqual(RunState.Running, status.State);
        Assert.IsFalse(status.IsFinished);
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"returned after {clock.Elapsed}");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(10), $"returned after {clock.Elapsed}");
    }

    [TestMethod]
    public async Task WaitAsync_stops_when_cancelled()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<OperationCanceledException>(() => runner.WaitAsync(JobId, Timeout.InfiniteTimeSpan, cancel.Token));

        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [TestMethod]
    public async Task WaitAsync_reports_a_Job_deleted_while_waiting()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);

        var wait = runner.WaitAsync(JobId, TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        await Task.Delay(1000, TestContext.CancellationToken);
        // Background propagation, as the runner deletes: the default (orphan) only marks the Job and leaves its removal
        // to the garbage collector, which this API server does not run.
        await ns.Admin.BatchV1.DeleteNamespacedJobAsync(JobId, ns.Name, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: TestContext.CancellationToken);

        var error = await Assert.ThrowsExactlyAsync<LineageException>(() => wait);
        Assert.AreEqual(DiagnosticCodes.KubernetesJobNotFound, error.Code);
    }

    [TestMethod]
    public async Task ListJobsAsync_finds_the_Jobs_of_a_model_by_label_newest_first()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        const string other = "Plant 002/Circuit #07";
        await runner.SubmitAsync(TestNamespace.Request("rt-20261123180000-00000001"), TestContext.CancellationToken);
        await Task.Delay(1100, TestContext.CancellationToken); // creation timestamps have whole seconds
        await runner.SubmitAsync(TestNamespace.Request("rt-20261123190000-00000002"), TestContext.CancellationToken);
        await runner.SubmitAsync(TestNamespace.Request("rt-20261123190000-00000003", other), TestContext.CancellationToken);
        await ns.PatchStatusAsync("rt-20261123190000-00000002", """{"active":1}""");

        var mine = await runner.ListJobsAsync("plant001-circuit01", TestContext.CancellationToken);
        var theirs = await runner.ListJobsAsync(other, TestContext.CancellationToken);
        var all = await runner.ListJobsAsync(cancellationToken: TestContext.CancellationToken);
        var none = await runner.ListJobsAsync("plant999-circuit99", TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "rt-20261123190000-00000002", "rt-20261123180000-00000001" }, mine.Select(j => j.JobId).ToArray());
        Assert.AreEqual(RunState.Running, mine[0].Status.State);
        Assert.AreEqual(RunState.Pending, mine[1].Status.State);
        Assert.AreEqual(ns.Name, mine[0].Namespace);
        Assert.IsNotNull(mine[0].CreatedAt);
        Assert.AreEqual(other, theirs.Single().ModelName);
        Assert.AreEqual("rt-20261123190000-00000003", theirs.Single().JobName);
        Assert.AreEqual(3, all.Count);
        Assert.AreEqual(0, none.Count);
    }

    [TestMethod]
    public async Task DeleteAsync_removes_the_Job_once()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner();
        await runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken);

        Assert.IsTrue(await runner.DeleteAsync(JobId, TestContext.CancellationToken));
        Assert.IsFalse(await runner.DeleteAsync(JobId, TestContext.CancellationToken));
        var gone = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.GetStatusAsync(JobId, TestContext.CancellationToken));
        Assert.AreEqual(DiagnosticCodes.KubernetesJobNotFound, gone.Code);
        StringAssert.Contains(gone.Message, $"namespace '{ns.Name}'");
    }

    [TestMethod]
    public async Task A_missing_namespace_is_a_clear_error()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var runner = ns.Runner(o => o.Namespace = "lin-missing-" + Guid.NewGuid().ToString("N")[..8]);

        var error = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken));

        Assert.AreEqual(DiagnosticCodes.KubernetesNamespaceNotFound, error.Code);
        StringAssert.Contains(error.Message, $"namespace '{runner.Namespace}' does not exist");
    }

    [TestMethod]
    public async Task A_wrong_token_is_a_clear_401_error()
    {
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        var kubeconfig = temp.Write("kubeconfig", Kubeconfig(await TestCluster.ServerAsync(), "not-a-valid-token"));
        using var runner = Runner(kubeconfig);

        var error = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken));

        Assert.AreEqual(DiagnosticCodes.KubernetesUnauthorized, error.Code);
        StringAssert.Contains(error.Message, "401");
    }

    [TestMethod]
    public async Task A_user_without_rights_gets_a_clear_403_error()
    {
        await using var ns = await TestNamespace.CreateAsync();
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        var kubeconfig = temp.Write("kubeconfig", Kubeconfig(await TestCluster.ServerAsync(), TestCluster.NobodyToken));
        using var runner = Runner(kubeconfig, ns.Name);

        var error = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.SubmitAsync(TestNamespace.Request(JobId), TestContext.CancellationToken));

        Assert.AreEqual(DiagnosticCodes.KubernetesForbidden, error.Code);
        StringAssert.Contains(error.Message, "cannot create resource \"jobs\"");
        StringAssert.Contains(error.Message, "docs/kubernetes.md");
    }

    [TestMethod]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        // A port nothing listens on: bind one, note it, close it. Needs no API server.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        using var runner = Runner(temp.Write("kubeconfig", Kubeconfig($"https://127.0.0.1:{port}", "token")));

        var error = await Assert.ThrowsExactlyAsync<LineageException>(() => runner.GetStatusAsync(JobId, TestContext.CancellationToken));

        Assert.AreEqual(DiagnosticCodes.KubernetesUnreachable, error.Code);
        StringAssert.Contains(error.Message, $"https://127.0.0.1:{port}");
    }

    [TestMethod]
    public void A_missing_or_invalid_kubeconfig_is_a_clear_error()
    {
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        var garbage = temp.Write("garbage", "this: [is not\n  a kubeconfig");
        var empty = temp.Write("empty", "apiVersion: v1\nkind: Config\n");
        var noContext = temp.Write("context", Kubeconfig("https://127.0.0.1:6443", "t"));

        foreach (var (path, context) in new[] { (temp["missing"], (string?)null), (garbage, null), (empty, null), (noContext, "no-such-context") })
        {
            var error = Assert.ThrowsExactly<LineageException>(() => KubernetesRunnerOptions.FromKubeconfig(path, null, context), path);
            Assert.AreEqual(DiagnosticCodes.KubeconfigInvalid, error.Code, error.Message);
            StringAssert.Contains(error.Message, path);
        }
    }

    [TestMethod]
    public void Options_are_checked_before_any_request()
    {
        using var temp = new Lineage.Tests.Shared.TempDirectory();
        var options = KubernetesRunnerOptions.FromKubeconfig(temp.Write("kubeconfig", Kubeconfig("https://127.0.0.1:6443", "t")), null);
        Assert.AreEqual("team-a", options.Namespace); // the context's namespace

        Assert.AreEqual(DiagnosticCodes.KubernetesRunnerOptionsInvalid, Assert.ThrowsExactly<LineageException>(() => new KubernetesJobRunner(options)).Code); // no image
        options.Image = "train:1";
        options.Namespace = "Not_A_Namespace";
        Assert.AreEqual(DiagnosticCodes.KubernetesRunnerOptionsInvalid, Assert.ThrowsExactly<LineageException>(() => new KubernetesJobRunner(options)).Code);
        options.Namespace = "team-a";
        options.ResourceLimits["memory"] = "lots";
        using var runner = new KubernetesJobRunner(options);
        var quantity = Assert.ThrowsExactly<LineageException>(() => runner.SubmitAsync(TestNamespace.Request(JobId)).GetAwaiter().GetResult());
        Assert.AreEqual(DiagnosticCodes.KubernetesRunnerOptionsInvalid, quantity.Code);
        StringAssert.Contains(quantity.Message, "'lots'");
        Assert.AreEqual(DiagnosticCodes.KubernetesRunnerOptionsInvalid, Assert.ThrowsExactly<LineageException>(() => runner.SubmitAsync(TestNamespace.Request(" ")).GetAwaiter().GetResult()).Code);
    }

    [TestMethod]
    public void Job_names_and_label_values_are_always_valid_and_distinct()
    {
        Assert.AreEqual(JobId, KubernetesNames.JobName(JobId));
        Assert.AreEqual("plant001-circuit01", KubernetesNames.LabelValue("plant001-circuit01"));
        var ids = new[] { "RT-2026", "rt_2026", "rt 2026", new string('a', 64), new string('a', 63) + "b", "---", "é", "rt-2026-" };
        var names = ids.Select(KubernetesNames.JobName).ToArray();
        foreach (var name in names)
        {
            Assert.IsTrue(KubernetesNames.IsDnsLabel(name), name);
        }

        Assert.AreEqual(names.Length, names.Distinct().Count(), string.Join(", ", names));
        StringAssert.StartsWith(KubernetesNames.JobName("RT-2026"), "rt-2026-");
        var label = KubernetesNames.LabelValue(new string('m', 80));
        Assert.AreEqual(63, label.Length);
        Assert.AreNotEqual(label, KubernetesNames.LabelValue(new string('m', 81)));
    }

    private static KubernetesJobRunner Runner(string kubeconfig, string @namespace = "default")
    {
        var options = KubernetesRunnerOptions.FromKubeconfig(kubeconfig, @namespace);
        options.Image = "train:1";
        options.RequestTimeout = TimeSpan.FromSeconds(10);
        return new KubernetesJobRunner(options);
    }

    private static string Kubeconfig(string server, string token) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "{{server}}", insecure-skip-tls-verify: true}
        users:
        - name: u
          user: {token: {{token}}}
        contexts:
        - name: ctx
          context: {cluster: c, user: u, namespace: team-a}
        current-context: ctx
        """;

    private static Task<V1Job> CreateForeignJobAsync(TestNamespace ns, string name, Dictionary<string, string>? annotations) =>
        ns.Admin.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec { RestartPolicy = "Never", Containers = new List<V1Container> { new() { Name = "x", Image = "busybox" } } },
                },
            },
        }, ns.Name);
}
