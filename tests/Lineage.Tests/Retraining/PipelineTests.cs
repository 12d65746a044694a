using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Retraining;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Runners;
using Lineage.Retraining.Triggers;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class PipelineTests
{
    private const string Model = "plant001-circuit01";

    // A training that writes a model and holdout predictions with the accuracy and F1 its environment asks for.
    private const string TrainScript =
        "#!/bin/sh\n" +
        "echo \"training $LINEAGE_MODEL_NAME ($LINEAGE_TRIGGER) window $LINEAGE_TRAINING_WINDOW_DAYS\"\n" +
        "mkdir -p \"$(dirname \"$LINEAGE_MODEL_OUTPUT\")\"\n" +
        "echo \"weights $LINEAGE_JOB_ID\" > \"$LINEAGE_MODEL_OUTPUT\"\n" +
        "cp \"$HOLDOUT\" \"$LINEAGE_PREDICTIONS\"\n" +
        "echo 'to stderr' >&2\n" +
        "exit ${EXIT_CODE:-0}\n";

    private sealed class Harness : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public Harness(string holdout, string extraTraining = "", int timeoutMinutes = 5, string extraDefaults = "")
        {
            _dir.Write("train.sh", TrainScript);
            _dir.Write("holdout.csv", holdout);
            PolicyPath = _dir.Write(
                "retrain.yaml",
                "defaults:\n" +
                extraDefaults +
                "  training:\n" +
                "    command: [sh, ./train.sh]\n" +
                "    model_output: 'out/{job_id}/model.bin'\n" +
                "    predictions: 'out/{job_id}/holdout.csv'\n" +
                $"    timeout_minutes: {timeoutMinutes}\n" +
                "    environment:\n" +
                $"      HOLDOUT: {_dir["holdout.csv"]}\n" +
                extraTraining);
            Directory.CreateDirectory(_dir["registry"]);
            Registry = new FileSystemRegistry(_dir["registry"]);
            Jobs = new JobStore(_dir["registry"]);
            Runner = new LocalProcessRunner(Jobs.LogFolder);
            Pipeline = new RetrainPipeline(RetrainPolicy.Load(PolicyPath), Registry, Jobs, _ => Runner, Notifier, () => Now);
        }

        public string PolicyPath { get; }

        public FileSystemRegistry Registry { get; }

        public JobStore Jobs { get; }

        public LocalProcessRunner Runner { get; }

        public RecordingNotifier Notifier { get; } = new();

        public RetrainPipeline Pipeline { get; }

        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public string this[string relative] => _dir[relative];

        public void Champion(string metricsJson)
        {
            var file = _dir.Write("champion.bin", "champion weights\n");
            Registry.Promote(new PromoteRequest { ModelName = Model, ModelPath = file, MetricsJson = metricsJson, Actor = "test" });
        }

        public async Task<RetrainJob> TrainAsync(string reason = "test")
        {
            var job = await Pipeline.StartAsync(Model, TriggerKind.Manual, reason);
            return await Pipeline.RefreshAsync(job.JobId, TimeSpan.FromMinutes(2));
        }

        public void Dispose() => _dir.Dispose();
    }

    internal sealed class RecordingNotifier : IRetrainNotifier
    {
        public List<(RetrainEventKind Kind, string JobId, JobStatus Status)> Events { get; } = new();

        public Task NotifyAsync(RetrainEventKind kind, RetrainJob job, CancellationToken cancellationToken = default)
        {
            lock (Events)
            {
                Events.Add((kind, job.JobId, job.Status));
            }

            return Task.CompletedTask;
        }
    }

    // 10 rows: accuracy 0.9, binary precision 1, recall 5/6, f1 10/11.
    private const string GoodHoldout = "actual,predicted\n1,1\n1,1\n1,1\n1,1\n1,1\n1,0\n0,0\n0,0\n0,0\n0,0\n";

    [TestMethod]
    public async Task A_first_model_is_trained_validated_and_deployed_with_its_lineage_tags()
    {
        using var h = new Harness(GoodHoldout);
        var job = await h.TrainAsync("first model");
        Assert.AreEqual(JobStatus.Validation, job.Status, job.ErrorMessage);
        StringAssert.Contains(File.ReadAllText(job.LogPath!), "training plant001-circuit01 (manual) window 90");
        StringAssert.Contains(File.ReadAllText(job.LogPath!), "to stderr");

        var (validated, result) = await h.Pipeline.ValidateAsync(job.JobId);
        Assert.IsTrue(result.IsValid);
        Assert.AreEqual(0.9, validated.MetricsAfter["accuracy"], 1e-12);
        Assert.AreEqual(10.0 / 11, validated.MetricsAfter["f1"], 1e-12);
        Assert.AreEqual(result.ValidationHash, validated.ValidationHash);

        var deployed = await h.Pipeline.DeployAsync(job.JobId);
        Assert.AreEqual(JobStatus.Completed, deployed.Status);
        Assert.IsTrue(deployed.Deployed);
        Assert.AreEqual("1", deployed.DeployedVersion);
        var version = h.Registry.GetVersion(Model, h.Registry.GetLatest(Model)!.Value);
        Assert.AreEqual(job.JobId, version.Tags["training_job"]);
        Assert.AreEqual(result.ValidationHash, version.Tags["validation_hash"]);
        Assert.AreEqual("manual", version.Tags["retrain_trigger"]);
        StringAssert.Contains(version.MetricsJson, "\"accuracy\": 0.9");
        CollectionAssert.AreEqual(
            new[] { RetrainEventKind.Started, RetrainEventKind.Deployed, RetrainEventKind.Completed },
            h.Notifier.Events.Select(e => e.Kind).ToArray());
    }

    [TestMethod]
    [DataRow("{\"f1\": 0.86}", true, DisplayName = "f1 0.909 vs 0.86: +5.7%, deployed")]
    [DataRow("{\"f1\": 0.88}", false, DisplayName = "f1 0.909 vs 0.88: +3.3%, below 5%")]
    [DataRow("{\"f1\": 0.95}", false, DisplayName = "worse than the champion")]
    [DataRow("{\"f1\": 0.9090909090909091}", false, DisplayName = "equal to the champion")]
    public async Task Deployment_needs_the_minimum_improvement_over_the_champion(string championMetrics, bool expectDeployed)
    {
        using var h = new Harness(GoodHoldout);
        h.Champion(championMetrics);
        var job = await h.TrainAsync();
        await h.Pipeline.ValidateAsync(job.JobId);
        var done = await h.Pipeline.DeployAsync(job.JobId);
        Assert.AreEqual(JobStatus.Completed, done.Status);
        Assert.AreEqual(expectDeployed, done.Deployed);
        Assert.AreEqual(expectDeployed ? "2" : "1", h.Registry.GetLatest(Model)!.Value.Text);
        Assert.IsNotNull(done.Improvement);
        Assert.IsTrue(done.ChampionMetrics.ContainsKey("f1"));
        StringAssert.Contains(done.History.Last().Message, expectDeployed ? "deployed as v2" : "not deployed");
    }

    [TestMethod]
    public async Task A_champion_without_the_decision_metric_blocks_deployment_unless_forced()
    {
        using var h = new Harness(GoodHoldout);
        h.Champion("{\"accuracy\": 0.5}");
        var job = await h.TrainAsync();
        await h.Pipeline.ValidateAsync(job.JobId);
        var done = await h.Pipeline.DeployAsync(job.JobId);
        Assert.IsFalse(done.Deployed);
        StringAssert.Contains(done.History.Last().Message, "has no recorded f1");

        var second = await h.TrainAsync();
        await h.Pipeline.ValidateAsync(second.JobId);
        Assert.IsTrue((await h.Pipeline.DeployAsync(second.JobId, force: true)).Deployed);
    }

    [TestMethod]
    public async Task A_model_below_the_accuracy_floor_fails_validation_and_is_never_deployed()
    {
        using var h = new Harness("actual,predicted\n1,1\n1,0\n0,0\n0,1\n");
        var job = await h.TrainAsync();
        var (rejected, result) = await h.Pipeline.ValidateAsync(job.JobId);
        Assert.IsFalse(result.IsValid);
        Assert.AreEqual(JobStatus.Failed, rejected.Status);
        StringAssert.Contains(rejected.ErrorMessage, "accuracy 0.5 is below the floor 0.85");
        var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => h.Pipeline.DeployAsync(job.JobId));
        Assert.AreEqual(DiagnosticCodes.InvalidJobTransition, ex.Code);
        Assert.IsNull(h.Registry.GetLatest(Model));
        Assert.AreEqual(RetrainEventKind.Failed, h.Notifier.Events.Last().Kind);
    }

    [TestMethod]
    public async Task A_failing_training_fails_the_job_with_its_exit_code_and_log()
    {
        using var h = new Harness(GoodHoldout, "      EXIT_CODE: '3'\n");
        var job = await h.TrainAsync();
        Assert.AreEqual(JobStatus.Failed, job.Status);
        StringAssert.Contains(job.ErrorMessage, "exited with code 3");
        StringAssert.Contains(job.ErrorMessage, job.LogPath!);
        Assert.AreEqual(RetrainEventKind.Failed, h.Notifier.Events.Last().Kind);
        var status = await h.Runner.GetStatusAsync(job.JobId);
        Assert.AreEqual(3, status.ExitCode);
    }

    [TestMethod]
    public async Task A_training_past_its_timeout_is_killed_with_its_children()
    {
        using var h = new Harness(GoodHoldout);
        using var dir = new TempDirectory();
        var marker = dir["still-alive"];
        var runner = new LocalProcessRunner(dir["logs"]);
        var request = new TrainingRequest
        {
            JobId = "rt-20261123120000-00000001",
            ModelName = Model,
            Timeout = TimeSpan.FromSeconds(1),
            LogDirectory = dir["logs"],
        };
        foreach (var part in new[] { "sh", "-c", $"sh -c 'sleep 3; touch {marker}' & echo started; wait" })
        {
            request.Command.Add(part);
        }

        await runner.SubmitAsync(request);
        var status = await runner.WaitAsync(request.JobId, TimeSpan.FromSeconds(30));
        Assert.AreEqual(RunState.Failed, status.State);
        StringAssert.Contains(status.Message, "ran longer than its timeout");
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.IsFalse(File.Exists(marker), "the training's child process outlived the timeout");
        StringAssert.Contains(File.ReadAllText(runner.LogPath(request.JobId)), "started");
    }

    [TestMethod]
    public async Task Resubmitting_a_job_does_not_start_a_second_training_and_another_process_can_follow_it()
    {
        using var dir = new TempDirectory();
        var runner = new LocalProcessRunner(dir["logs"]);
        var request = new TrainingRequest { JobId = "rt-20261123120000-00000002", ModelName = Model, LogDirectory = dir["logs"] };
        foreach (var part in new[] { "sh", "-c", $"echo run >> {dir["runs"]}; sleep 0.5" })
        {
            request.Command.Add(part);
        }

        await runner.SubmitAsync(request);
        var again = await new LocalProcessRunner(dir["logs"]).SubmitAsync(request);
        Assert.AreEqual(RunState.Running, again.State, "the pid file shows the running training");
        var done = await new LocalProcessRunner(dir["logs"]).WaitAsync(request.JobId, TimeSpan.FromSeconds(30));
        Assert.AreEqual(RunState.Succeeded, done.State);
        await runner.SubmitAsync(request);
        Assert.AreEqual("run\n", File.ReadAllText(dir["runs"]));
    }

    [TestMethod]
    public async Task A_training_whose_supervising_process_died_is_reported_failed_not_running()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["logs"]);

        // A pid file as a runner writes it, naming a training that has exited, and no outcome file: the lineage
        // process that supervised the training was killed before it could record the exit code.
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        File.WriteAllText(dir["logs/rt-20261123120000-00000003.pid"], gone.Id + "\n");
        var status = await new LocalProcessRunner(dir["logs"]).GetStatusAsync("rt-20261123120000-00000003");
        Assert.AreEqual(RunState.Failed, status.State);
        StringAssert.Contains(status.Message, "its outcome is unknown");

        // A live process is still running; the same pid with another start time is a reused pid, not the training.
        var self = System.Diagnostics.Process.GetCurrentProcess();
        var started = self.StartTime.ToUniversalTime().Ticks;
        var future = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        File.WriteAllText(dir["logs/rt-20261123120000-00000004.pid"], $"{self.Id} {started} {future}\n");
        Assert.AreEqual(RunState.Running, (await new LocalProcessRunner(dir["logs"]).GetStatusAsync("rt-20261123120000-00000004")).State);
        File.WriteAllText(dir["logs/rt-20261123120000-00000005.pid"], $"{self.Id} {started - TimeSpan.TicksPerMinute} {future}\n");
        Assert.AreEqual(RunState.Failed, (await new LocalProcessRunner(dir["logs"]).GetStatusAsync("rt-20261123120000-00000005")).State);

        // An orphaned training past its deadline is stopped by whoever asks for its status.
        using var orphan = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var past = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        File.WriteAllText(dir["logs/rt-20261123120000-00000006.pid"], $"{orphan.Id} {orphan.StartTime.ToUniversalTime().Ticks} {past}\n");
        var stopped = await new LocalProcessRunner(dir["logs"]).GetStatusAsync("rt-20261123120000-00000006");
        Assert.AreEqual(RunState.Failed, stopped.State);
        StringAssert.Contains(stopped.Message, "ran past its timeout");
        Assert.IsTrue(orphan.WaitForExit(10_000), "the orphaned training was not killed");
        Assert.AreEqual(RunState.Failed, (await new LocalProcessRunner(dir["logs"]).GetStatusAsync("rt-20261123120000-00000006")).State, "the outcome is recorded");
    }

    [TestMethod]
    public async Task A_command_that_cannot_start_fails_the_job_with_the_reason()
    {
        using var h = new Harness(GoodHoldout);
        File.WriteAllText(h.PolicyPath, File.ReadAllText(h.PolicyPath).Replace("[sh, ./train.sh]", "[./no-such-trainer]"));
        var pipeline = new RetrainPipeline(RetrainPolicy.Load(h.PolicyPath), h.Registry, h.Jobs, _ => h.Runner, h.Notifier, () => h.Now);
        var job = await pipeline.StartAsync(Model, TriggerKind.Manual, "x");
        Assert.AreEqual(JobStatus.Failed, job.Status);
        StringAssert.Contains(job.ErrorMessage, "cannot start './no-such-trainer'");
    }

    [TestMethod]
    public async Task Schedule_is_due_when_an_occurrence_passed_since_the_last_run_in_its_time_zone()
    {
        using var h = new Harness(GoodHoldout, extraDefaults: "  triggers:\n    schedule: {cron: '0 0 * * 0', time_zone: Europe/Berlin}\n");
        var policy = RetrainPolicy.Load(h.PolicyPath).For(Model);
        var evaluator = new TriggerEvaluator(h.Registry, h.Jobs, _ => throw new InvalidOperationException());
        Assert.IsTrue(evaluator.Schedule(policy, policy.Schedule!, h.Now).Fired, "never trained");

        // Last run Saturday 2026-11-21 12:00Z; Sunday midnight in Berlin is Saturday 23:00Z.
        var job = h.Jobs.Create(Model, TriggerKind.Manual, "x", new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        h.Jobs.Move(job.JobId, JobStatus.Running, h.Now);
        h.Jobs.Move(job.JobId, JobStatus.Validation, h.Now);
        h.Jobs.Move(job.JobId, JobStatus.Completed, h.Now);
        var before = evaluator.Schedule(policy, policy.Schedule!, new DateTimeOffset(2026, 11, 21, 22, 59, 0, TimeSpan.Zero));
        Assert.IsFalse(before.Fired, before.Reason);
        StringAssert.Contains(before.Reason, "next due at 2026-11-21 23:00Z");
        var after = evaluator.Schedule(policy, policy.Schedule!, new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero));
        Assert.IsTrue(after.Fired, after.Reason);
        StringAssert.Contains(after.Reason, "was due at 2026-11-21 23:00Z");
    }

    [TestMethod]
    public async Task Performance_trigger_summarises_the_evaluation_window_and_reports_source_errors()
    {
        using var h = new Harness(GoodHoldout, extraDefaults: "  evaluation_window_days: 7\n  triggers:\n    performance: {source: prom, threshold: 0.92}\n");
        var policy = RetrainPolicy.Load(h.PolicyPath).For(Model);
        MetricQuery? asked = null;
        var source = new ListSource(q => asked = q, 0.95, 0.90, 0.88);
        var result = await new TriggerEvaluator(h.Registry, h.Jobs, _ => source).PerformanceAsync(policy, policy.Performance!, h.Now, CancellationToken.None);
        Assert.IsTrue(result.Fired, result.Reason);
        Assert.AreEqual(0.91, result.Values["accuracy"], 1e-12);
        StringAssert.Contains(result.Reason, "mean accuracy 0.91 over the last 7 days (3 samples) is below the threshold 0.92");
        Assert.AreEqual(h.Now.AddDays(-7), asked!.From);
        Assert.AreEqual(Model, asked.ModelName);

        var empty = await new TriggerEvaluator(h.Registry, h.Jobs, _ => new ListSource(_ => { })).PerformanceAsync(policy, policy.Performance!, h.Now, CancellationToken.None);
        Assert.IsFalse(empty.Fired);
        StringAssert.Contains(empty.Reason, "not enough data");

        var failing = new TriggerEvaluator(h.Registry, h.Jobs, s => throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"{s} is down"));
        var decision = await failing.EvaluateAsync(policy, h.Now);
        Assert.IsTrue(decision.HasErrors);
        Assert.IsFalse(decision.Retrain);
        StringAssert.Contains(decision.Triggers.Single().Error, "is down");
    }

    [TestMethod]
    public async Task Config_change_fires_for_a_circuit_whose_config_hash_has_no_model()
    {
        using var h = new Harness(GoodHoldout);
        var manifest = h["lineage-manifest.json"];
        File.WriteAllText(manifest, "{\"schema_version\": 1, \"circuits\": [{\"model_name\": \"" + Model + "\", \"plant_id\": \"plant001\", \"circuit_id\": \"circuit01\", \"cutoff_date\": \"2024-01-01\", \"config_hash\": \"abcdef012345\", \"config_file\": \"c.yaml\", \"catalog\": \"circuits.yaml\", \"tags\": {\"config_hash\": \"abcdef012345\"}}]}");
        File.AppendAllText(h.PolicyPath, $"  triggers:\n    config_change: {{manifest: {manifest}}}\n");
        var policy = RetrainPolicy.Load(h.PolicyPath);
        CollectionAssert.AreEqual(new[] { Model }, TriggerEvaluator.ModelsOf(policy, null).ToArray());
        var evaluator = new TriggerEvaluator(h.Registry, h.Jobs, _ => throw new InvalidOperationException());
        var result = evaluator.ConfigChange(policy.For(Model), policy.For(Model).ConfigChange!);
        Assert.IsTrue(result.Fired, result.Reason);
        StringAssert.Contains(result.Reason, "config abcdef012345 has no registered model");

        var file = h["m.bin"];
        File.WriteAllText(file, "w");
        h.Registry.Promote(new PromoteRequest { ModelName = Model, ModelPath = file, Tags = { ["config_hash"] = "abcdef012345" } });
        var after = evaluator.ConfigChange(policy.For(Model), policy.For(Model).ConfigChange!);
        Assert.IsFalse(after.Fired, after.Reason);
    }

    [TestMethod]
    public void Drift_trigger_fires_on_psi_above_its_threshold_and_reports_every_feature()
    {
        using var h = new Harness(GoodHoldout);
        var rng = new Random(7);
        string Sample(double shift) => "temperature,pressure,site\n" + string.Join("\n", Enumerable.Range(0, 2000).Select(_ =>
            FormattableString.Invariant($"{60 + shift + (rng.NextDouble() * 10):0.###},{2 + rng.NextDouble():0.####},mill")));
        File.WriteAllText(h["reference.csv"], Sample(0));
        File.WriteAllText(h["current.csv"], Sample(4));
        File.WriteAllText(h["same.csv"], Sample(0));
        var evaluator = new TriggerEvaluator(h.Registry, h.Jobs, _ => throw new InvalidOperationException());

        var policy = RetrainPolicy.Parse($"defaults:\n  triggers:\n    drift: {{reference: reference.csv, current: current.csv}}\n", "retrain.yaml", h["."]).For(Model);
        var drifted = evaluator.Drift(policy, policy.Drift!);
        Assert.IsTrue(drifted.Fired, drifted.Reason);
        StringAssert.StartsWith(drifted.Reason, "drift: temperature PSI ");
        Assert.IsGreaterThan(0.25, drifted.Values["psi.temperature"]);
        Assert.IsLessThan(0.25, drifted.Values["psi.pressure"]);
        Assert.IsFalse(drifted.Values.ContainsKey("psi.site"), "a text column is not compared");

        var calm = RetrainPolicy.Parse($"defaults:\n  triggers:\n    drift: {{reference: reference.csv, current: same.csv, ks_fires: true}}\n", "retrain.yaml", h["."]).For(Model);
        var result = evaluator.Drift(calm, calm.Drift!);
        Assert.IsFalse(result.Fired, result.Reason);
        StringAssert.StartsWith(result.Reason, "no drift: largest PSI");
    }

    private sealed class ListSource : IMetricsSource
    {
        private readonly Action<MetricQuery> _seen;
        private readonly double[] _values;

        public ListSource(Action<MetricQuery> seen, params double[] values)
        {
            _seen = seen;
            _values = values;
        }

        public Task<IReadOnlyList<MetricSample>> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
        {
            _seen(query);
            IReadOnlyList<MetricSample> samples = _values.Select((v, i) => new MetricSample(query.From.AddHours(i), v)).ToList();
            return Task.FromResult(samples);
        }
    }
}
