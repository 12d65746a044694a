using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary><c>lineage retrain ...</c> as processes: the pipeline on the sample catalog, exit codes, concurrent starters.</summary>
[TestClass]
public sealed class RetrainCliTests
{
    private const string Train =
        "mkdir -p \"$(dirname \"$LINEAGE_MODEL_OUTPUT\")\"\n" +
        "echo \"weights $LINEAGE_JOB_ID\" > \"$LINEAGE_MODEL_OUTPUT\"\n" +
        "printf 'actual,predicted\\n1,1\\n1,1\\n0,0\\n0,0\\n1,1\\n0,0\\n1,1\\n0,0\\n1,1\\n0,1\\n' > \"$LINEAGE_PREDICTIONS\"\n" +
        "sleep \"${TRAIN_SECONDS:-0}\"\n" +
        "echo \"trained $LINEAGE_MODEL_NAME from $LINEAGE_CONFIG_HASH\"\n";

    private static string Policy(string extra = "") =>
        "defaults:\n" +
        "  manifest: lineage-manifest.json\n" +
        "  training:\n" +
        "    command: [sh, train.sh]\n" +
        "    model_output: 'out/{model}/{job_id}/model.bin'\n" +
        "    predictions: 'out/{model}/{job_id}/holdout.csv'\n" +
        "    environment: {TRAIN_SECONDS: '0'}\n" +
        "  triggers:\n" +
        "    config_change: {}\n" +
        extra;

    [TestMethod]
    public void Check_start_and_deploy_on_the_sample_then_retrain_without_improvement()
    {
        using var dir = Setup(out var env, out var first);
        var check = Run(dir, env, "retrain", "check", "--json");
        Assert.AreEqual(0, check.ExitCode, check.ToString());
        using (var json = JsonDocument.Parse(check.StdOut))
        {
            var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
            Assert.IsGreaterThanOrEqualTo(3, models.Count, "every circuit of the manifest");
            Assert.IsTrue(models.All(m => m.GetProperty("retrain").GetBoolean()));
            var trigger = models[0].GetProperty("triggers")[0];
            Assert.AreEqual("config_change", trigger.GetProperty("trigger").GetString());
            StringAssert.Contains(trigger.GetProperty("reason").GetString(), "has no registered model");
        }

        Assert.AreEqual(3, Run(dir, env, "retrain", "check", "--exit-code").ExitCode);

        var run = Run(dir, env, "retrain", "check", "--model-name", first, "--start", "--deploy");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StdErr, $"deployed {first} v1");
        var after = Run(dir, env, "retrain", "check", "--model-name", first, "--exit-code");
        Assert.AreEqual(0, after.ExitCode, after.ToString());
        StringAssert.Contains(after.StdOut, "ok      " + first);

        var again = Run(dir, env, "retrain", "start", "--model-name", first, "--reason", "sensor recalibration", "--deploy", "--json");
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        string jobId;
        using (var job = JsonDocument.Parse(again.StdOut))
        {
            jobId = job.RootElement.GetProperty("job_id").GetString()!;
            Assert.AreEqual("completed", job.RootElement.GetProperty("status").GetString());
            Assert.IsFalse(job.RootElement.GetProperty("deployed").GetBoolean());
            Assert.AreEqual(0.0, job.RootElement.GetProperty("improvement").GetDouble());
            Assert.AreEqual("manual", job.RootElement.GetProperty("trigger").GetString());
            StringAssert.Contains(job.RootElement.GetProperty("history").EnumerateArray().Last().GetProperty("message").GetString(), "not better than the champion");
        }

        var list = Run(dir, env, "retrain", "list", "--model-name", first);
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.StdOut, jobId);
        StringAssert.Contains(list.StdOut, "config_change");
        var status = Run(dir, env, "retrain", "status", jobId);
        Assert.AreEqual(0, status.ExitCode, status.ToString());
        StringAssert.Contains(status.StdOut, "not deployed");
        var deploy = Run(dir, env, "retrain", "deploy", jobId);
        Assert.AreEqual(1, deploy.ExitCode, deploy.ToString());
        StringAssert.Contains(deploy.StdErr, "error LIN0521");
    }

    [TestMethod]
    public void Validate_and_deploy_as_separate_steps_and_fail_a_stale_job()
    {
        using var dir = Setup(out var env, out var first);
        var start = Run(dir, env, "retrain", "start", "--model-name", first, "--reason", "drift in vibration", "--json");
        Assert.AreEqual(0, start.ExitCode, start.ToString());
        var jobId = JsonDocument.Parse(start.StdOut).RootElement.GetProperty("job_id").GetString()!;
        var validate = Run(dir, env, "retrain", "validate", jobId, "--json");
        Assert.AreEqual(0, validate.ExitCode, validate.ToString());
        using (var json = JsonDocument.Parse(validate.StdOut))
        {
            Assert.IsTrue(json.RootElement.GetProperty("is_valid").GetBoolean());
            Assert.AreEqual(0.9, json.RootElement.GetProperty("accuracy").GetDouble(), 1e-12);
            Assert.AreEqual(64, json.RootElement.GetProperty("validation_hash").GetString()!.Length);
        }

        var deploy = Run(dir, env, "retrain", "deploy", jobId);
        Assert.AreEqual(0, deploy.ExitCode, deploy.ToString());
        StringAssert.Contains(deploy.StdOut, "deployed  v1");

        dir.Write("holdout-bad.csv", "actual,predicted\n1,0\n0,1\n1,1\n");
        var second = JsonDocument.Parse(Run(dir, env, "retrain", "start", "--model-name", first, "--reason", "again", "--json").StdOut).RootElement.GetProperty("job_id").GetString()!;
        var rejected = Run(dir, env, "retrain", "validate", second, "--predictions", "holdout-bad.csv");
        Assert.AreEqual(1, rejected.ExitCode, rejected.ToString());
        StringAssert.Contains(rejected.StdOut, "REJECTED");
        Assert.AreEqual(1, Run(dir, env, "retrain", "list", "--status", "failed", "--json").StdOut.Split("\"job_id\"").Length - 1);

        var third = Run(dir, env, "retrain", "start", "--model-name", first, "--reason", "once more", "--json");
        var thirdId = JsonDocument.Parse(third.StdOut).RootElement.GetProperty("job_id").GetString()!;
        var failed = Run(dir, env, "retrain", "status", thirdId, "--fail", "operator: wrong data window");
        Assert.AreEqual(1, failed.ExitCode, failed.ToString());
        StringAssert.Contains(failed.StdOut, "operator: wrong data window");
    }

    [TestMethod]
    public void Concurrent_starters_for_one_model_start_exactly_one_job()
    {
        using var dir = Setup(out var env, out var first);
        dir.Write("retrain.yaml", Policy().Replace("TRAIN_SECONDS: '0'", "TRAIN_SECONDS: '2'"));
        const int Starters = 4;
        var results = new ProcessResult[Starters];
        var go = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Starters).Select(i =>
        {
            var thread = new Thread(() =>
            {
                go.Wait();
                results[i] = Run(dir, env, "retrain", "start", "--model-name", first, "--reason", "starter " + i);
            });
            thread.Start();
            return thread;
        }).ToList();
        go.Set();
        threads.ForEach(t => t.Join());
        Assert.AreEqual(1, results.Count(r => r.ExitCode == 0), string.Join("\n---\n", results.Select(r => r.ToString())));
        Assert.AreEqual(Starters - 1, results.Count(r => r.ExitCode == 1 && r.StdErr.Contains("error LIN0524")), string.Join("\n---\n", results.Select(r => r.ToString())));
        Assert.HasCount(1, Directory.GetFiles(dir["registry/retrain_jobs"], "rt-*.json"));
    }

    [TestMethod]
    public void Bad_input_is_reported_with_its_position_and_usage_errors_exit_2()
    {
        using var dir = Setup(out var env, out var first);
        dir.Write("retrain.yaml", "defaults:\n  triggers:\n    schedule: {cron: '0 0 * * 8'}\n");
        var invalid = Run(dir, env, "retrain", "check");
        Assert.AreEqual(1, invalid.ExitCode, invalid.ToString());
        StringAssert.Contains(invalid.StdErr, "retrain.yaml(3,15): error LIN0520: 'defaults.triggers.schedule.cron' is not a valid cron expression");

        File.Delete(dir["retrain.yaml"]);
        var noPolicy = Run(dir, env, "retrain", "check");
        Assert.AreEqual(2, noPolicy.ExitCode, noPolicy.ToString());
        StringAssert.Contains(noPolicy.StdErr, "no retraining policy");
        var noRegistry = Run(dir, new Dictionary<string, string?>(env) { ["LINEAGE_REGISTRY"] = null }, "retrain", "list");
        Assert.AreEqual(2, noRegistry.ExitCode, noRegistry.ToString());
        var unknown = Run(dir, env, "retrain", "status", "../../etc/passwd");
        Assert.AreEqual(1, unknown.ExitCode);
        StringAssert.Contains(unknown.StdErr, "error LIN0522");
        var noReason = Run(dir, env, "retrain", "start", "--model-name", first);
        Assert.AreEqual(2, noReason.ExitCode, noReason.ToString());
    }

    [TestMethod]
    public void Job_metrics_are_exported_to_the_textfile_after_every_change()
    {
        using var dir = Setup(out var env, out var first);
        dir.Write("retrain.yaml", Policy() + "metrics_export:\n  textfile: metrics/lineage_retrain.prom\n");
        var start = Run(dir, env, "retrain", "start", "--model-name", first, "--reason", "first model", "--deploy");
        Assert.AreEqual(0, start.ExitCode, start.ToString());
        var text = File.ReadAllText(dir["metrics/lineage_retrain.prom"]);
        StringAssert.Contains(text, "# TYPE lineage_retrain_jobs gauge");
        StringAssert.Contains(text, $"lineage_retrain_jobs{{model=\"{first}\",status=\"completed\"}} 1");
        StringAssert.Contains(text, $"lineage_retrain_deployments_total{{model=\"{first}\"}} 1");
        Assert.IsEmpty(Directory.GetFiles(dir["metrics"]).Where(f => !f.EndsWith(".prom")), "no temp file left behind");
    }

    private static TempDirectory Setup(out Dictionary<string, string?> env, out string firstModel)
    {
        var dir = new TempDirectory();
        env = new Dictionary<string, string?>
        {
            ["LINEAGE_REGISTRY"] = dir["registry"],
            ["LINEAGE_ACTOR"] = "ci-user",
            ["LINEAGE_RETRAIN_POLICY"] = null,
            ["LINEAGE_SLACK_WEBHOOK"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["TF_BUILD"] = null,
            ["GITLAB_CI"] = null,
        };
        Directory.CreateDirectory(dir["registry"]);
        var generate = Run(dir, env, "circuits", "generate", TestEnvironment.SampleCatalog, "--out", "config/circuits", "--manifest", "lineage-manifest.json");
        Assert.AreEqual(0, generate.ExitCode, generate.ToString());
        using (var manifest = JsonDocument.Parse(File.ReadAllText(dir["lineage-manifest.json"])))
        {
            firstModel = manifest.RootElement.GetProperty("circuits")[0].GetProperty("model_name").GetString()!;
        }

        dir.Write("train.sh", Train);
        dir.Write("retrain.yaml", Policy());
        return dir;
    }

    private static ProcessResult Run(TempDirectory dir, IReadOnlyDictionary<string, string?> env, params string[] args) =>
        ProcessRunner.Lineage(dir.Path, env, args);
}
