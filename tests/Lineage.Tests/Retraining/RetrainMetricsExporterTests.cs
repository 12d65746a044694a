using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Export;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class RetrainMetricsExporterTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1795459200);

    internal static List<RetrainJob> Jobs(string a = "plant001-circuit01", string b = "m\"2\\x\ny") => new()
    {
        new RetrainJob { JobId = "rt-1", ModelName = a, Status = JobStatus.Completed, CreatedAt = T0, StartedAt = T0.AddSeconds(10), FinishedAt = T0.AddSeconds(130), Improvement = 0.02 },
        new RetrainJob { JobId = "rt-2", ModelName = a, Status = JobStatus.Completed, CreatedAt = T0.AddHours(1), StartedAt = T0.AddHours(1), FinishedAt = T0.AddHours(1).AddSeconds(90.5), Improvement = 0.0625, Deployed = true, DeployedAt = T0.AddHours(1).AddSeconds(91) },
        new RetrainJob { JobId = "rt-3", ModelName = a, Status = JobStatus.Failed, CreatedAt = T0.AddHours(2), FinishedAt = T0.AddHours(2).AddSeconds(5) },
        new RetrainJob { JobId = "rt-4", ModelName = a, Status = JobStatus.Running, CreatedAt = T0.AddHours(3), StartedAt = T0.AddHours(3) },
        new RetrainJob { JobId = "rt-5", ModelName = b, Status = JobStatus.Pending, CreatedAt = T0 },
    };

    [TestMethod]
    public void Format_is_the_exposition_format_sorted_with_escaped_labels()
    {
        const string Expected =
            "# HELP lineage_retrain_deployments_total Retraining jobs whose new model was promoted, per model.\n" +
            "# TYPE lineage_retrain_deployments_total counter\n" +
            "lineage_retrain_deployments_total{model=\"m\\\"2\\\\x\\ny\"} 0\n" +
            "lineage_retrain_deployments_total{model=\"plant001-circuit01\"} 1\n" +
            "# HELP lineage_retrain_job_last_duration_seconds Duration of the model's most recently finished retraining job, from start (or creation) to finish.\n" +
            "# TYPE lineage_retrain_job_last_duration_seconds gauge\n" +
            "lineage_retrain_job_last_duration_seconds{model=\"plant001-circuit01\"} 5\n" +
            "# HELP lineage_retrain_job_last_improvement_ratio Relative improvement over the champion of the model's most recent job that has one (0.05 = 5 %).\n" +
            "# TYPE lineage_retrain_job_last_improvement_ratio gauge\n" +
            "lineage_retrain_job_last_improvement_ratio{model=\"plant001-circuit01\"} 0.0625\n" +
            "# HELP lineage_retrain_jobs Retraining jobs per model and status.\n" +
            "# TYPE lineage_retrain_jobs gauge\n" +
            "lineage_retrain_jobs{model=\"m\\\"2\\\\x\\ny\",status=\"completed\"} 0\n" +
            "lineage_retrain_jobs{model=\"m\\\"2\\\\x\\ny\",status=\"deploying\"} 0\n" +
            "lineage_retrain_jobs{model=\"m\\\"2\\\\x\\ny\",status=\"failed\"} 0\n" +
            "lineage_retrain_jobs{model=\"m\\\"2\\\\x\\ny\",status=\"pending\"} 1\n" +
            "lineage_retrain_jobs{model=\"m\\\"2\\\\x\\ny\",status=\"running\"} 0\n" +
            "lineage_retrain_jobs{model=\"m\\\"2\\\\x\\ny\",status=\"validation\"} 0\n" +
            "lineage_retrain_jobs{model=\"plant001-circuit01\",status=\"completed\"} 2\n" +
            "lineage_retrain_jobs{model=\"plant001-circuit01\",status=\"deploying\"} 0\n" +
            "lineage_retrain_jobs{model=\"plant001-circuit01\",status=\"failed\"} 1\n" +
            "lineage_retrain_jobs{model=\"plant001-circuit01\",status=\"pending\"} 0\n" +
            "lineage_retrain_jobs{model=\"plant001-circuit01\",status=\"running\"} 1\n" +
            "lineage_retrain_jobs{model=\"plant001-circuit01\",status=\"validation\"} 0\n" +
            "# HELP lineage_retrain_last_deployment_timestamp_seconds When the model's most recent retraining deployment happened, in Unix seconds.\n" +
            "# TYPE lineage_retrain_last_deployment_timestamp_seconds gauge\n" +
            "lineage_retrain_last_deployment_timestamp_seconds{model=\"plant001-circuit01\"} 1795462891\n" +
            "# HELP lineage_retrain_last_failure_timestamp_seconds When the model's most recent failed retraining job finished, in Unix seconds.\n" +
            "# TYPE lineage_retrain_last_failure_timestamp_seconds gauge\n" +
            "lineage_retrain_last_failure_timestamp_seconds{model=\"plant001-circuit01\"} 1795466405\n" +
            "# HELP lineage_retrain_last_success_timestamp_seconds When the model's most recent completed retraining job finished, in Unix seconds.\n" +
            "# TYPE lineage_retrain_last_success_timestamp_seconds gauge\n" +
            "lineage_retrain_last_success_timestamp_seconds{model=\"plant001-circuit01\"} 1795462890.5\n";
        var jobs = Jobs();
        Assert.AreEqual(Expected, RetrainMetricsExporter.Format(jobs));
        jobs.Reverse();
        Assert.AreEqual(Expected, RetrainMetricsExporter.Format(jobs), "the order of the jobs does not matter");
        Assert.AreEqual(string.Empty, RetrainMetricsExporter.Format(Array.Empty<RetrainJob>()));
        Assert.AreEqual(Enum.GetValues<JobStatus>().Length * 2, Expected.Split('\n').Count(l => l.StartsWith("lineage_retrain_jobs{", StringComparison.Ordinal)), "every status is listed");
        CollectionAssert.AreEqual(
            RetrainMetricsExporter.MetricNames.ToArray(),
            Expected.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToArray());
    }

    [TestMethod]
    public void Values_and_escapes_follow_the_text_format()
    {
        Assert.AreEqual("NaN", PrometheusText.FormatValue(double.NaN));
        Assert.AreEqual("+Inf", PrometheusText.FormatValue(double.PositiveInfinity));
        Assert.AreEqual("-Inf", PrometheusText.FormatValue(double.NegativeInfinity));
        Assert.AreEqual("0.1", PrometheusText.FormatValue(0.1));
        Assert.AreEqual("1E-07", PrometheusText.FormatValue(1e-7));
        Assert.AreEqual("a\\\\b\\\"c\\nd", PrometheusText.EscapeLabelValue("a\\b\"c\nd"));
        Assert.AreEqual("x\\\\y\\nz \"q\"", PrometheusText.EscapeHelp("x\\y\nz \"q\""));
    }

    [TestMethod]
    public void Textfile_is_written_atomically_and_must_end_in_prom()
    {
        using var dir = new TempDirectory();
        var path = RetrainMetricsExporter.WriteTextfile(dir["textfile/lineage_retrain.prom"], Jobs());
        Assert.AreEqual(RetrainMetricsExporter.Format(Jobs()), File.ReadAllText(path));
        RetrainMetricsExporter.WriteTextfile(path, Jobs().Take(1));
        Assert.AreEqual(RetrainMetricsExporter.Format(Jobs().Take(1)), File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { "lineage_retrain.prom" }, Directory.GetFiles(dir["textfile"]).Select(Path.GetFileName).ToArray(), "no temp file left behind");

        var ex = Assert.ThrowsExactly<LineageException>(() => RetrainMetricsExporter.WriteTextfile(dir["lineage.txt"], Jobs()));
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsExport, ex.Code);
        StringAssert.Contains(ex.Message, "must end in .prom");

        File.WriteAllText(dir["file"], "");
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsExport, Assert.ThrowsExactly<LineageException>(() => RetrainMetricsExporter.WriteTextfile(dir["file/x.prom"], Jobs())).Code);
    }

    [TestMethod]
    public void Pushgateway_group_paths_encode_values_like_the_pushgateway()
    {
        Assert.AreEqual("metrics/job/lineage-retrain", PushgatewayClient.GroupPath("lineage-retrain"));
        Assert.AreEqual(
            "metrics/job/lineage%20retrain/instance/ci%3A1/repo@base64/b3JnL3JlcG8=/empty@base64/=",
            PushgatewayClient.GroupPath("lineage retrain", new Dictionary<string, string> { ["instance"] = "ci:1", ["repo"] = "org/repo", ["empty"] = "" }));
        Assert.AreEqual("metrics/job@base64/Lz8_Pg==/x@base64/YS9-fn4=", PushgatewayClient.GroupPath("/??>", new Dictionary<string, string> { ["x"] = "a/~~~" }));
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsExport, Assert.ThrowsExactly<LineageException>(() => PushgatewayClient.GroupPath("")).Code);
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsExport, Assert.ThrowsExactly<LineageException>(() => PushgatewayClient.GroupPath("j", new Dictionary<string, string> { ["bad-name"] = "x" })).Code);
    }
}
