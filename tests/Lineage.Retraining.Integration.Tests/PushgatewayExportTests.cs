using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Export;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Retraining.Integration.Tests.PrometheusServices;

namespace Lineage.Retraining.Integration.Tests;

/// <summary>The job metrics pushed to the real Pushgateway, read back from it and from Prometheus.</summary>
[TestClass]
public sealed class PushgatewayExportTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1795459200);

    [TestMethod]
    public async Task Exported_job_metrics_reach_the_pushgateway_and_prometheus()
    {
        Require();
        var model = Unique("plant001-circuit01");
        var job = Unique("lineage-retrain-it");
        var grouping = new Dictionary<string, string> { ["instance"] = "ci/runner 1" }; // a '/' goes base64 in the path
        var jobs = new List<RetrainJob>
        {
            new() { JobId = "rt-1", ModelName = model, Status = JobStatus.Completed, CreatedAt = T0, StartedAt = T0, FinishedAt = T0.AddSeconds(90), Improvement = 0.0625, Deployed = true, DeployedAt = T0.AddSeconds(91) },
            new() { JobId = "rt-2", ModelName = model, Status = JobStatus.Failed, CreatedAt = T0.AddHours(1), FinishedAt = T0.AddHours(1).AddSeconds(3) },
            new() { JobId = "rt-3", ModelName = model, Status = JobStatus.Running, CreatedAt = T0.AddHours(2), StartedAt = T0.AddHours(2) },
        };
        using var pushgateway = Pushgateway();
        using var source = Source();
        try
        {
            await RetrainMetricsExporter.PushAsync(pushgateway, job, jobs, grouping);

            using (var http = new HttpClient())
            {
                var exposed = await http.GetStringAsync(PushgatewayUrl + "/metrics");
                var labels = $"instance=\"ci/runner 1\",job=\"{job}\",model=\"{model}\"";
                foreach (var line in new[]
                {
                    $"lineage_retrain_deployments_total{{{labels}}} 1",
                    $"lineage_retrain_job_last_duration_seconds{{{labels}}} 3",
                    $"lineage_retrain_job_last_improvement_ratio{{{labels}}} 0.0625",
                    $"lineage_retrain_jobs{{{labels},status=\"running\"}} 1",
                    $"lineage_retrain_jobs{{{labels},status=\"pending\"}} 0",
                    $"lineage_retrain_last_success_timestamp_seconds{{{labels}}} 1.79545929e+09",
                })
                {
                    StringAssert.Contains(exposed, line + "\n", "the Pushgateway exposes it");
                }

                StringAssert.Contains(exposed, "# TYPE lineage_retrain_deployments_total counter");
            }

            var deployed = await WaitForAsync(source, $"lineage_retrain_deployments_total{{job=\"{job}\",model=\"{model}\"}}", s => s is not null);
            Assert.AreEqual(1.0, deployed!.Value.Value);
            var failed = await source.QueryAsync(new MetricQuery
            {
                ModelName = model,
                Metric = "failed",
                From = DateTimeOffset.UtcNow.AddSeconds(-10),
                To = DateTimeOffset.UtcNow,
                Expression = $"lineage_retrain_jobs{{job=\"{job}\",instance=\"ci/runner 1\",model=\"{{model}}\",status=\"{{metric}}\"}}",
            });
            Assert.AreEqual(1.0, failed.Last().Value);
            var lastFailure = await source.QueryInstantAsync($"lineage_retrain_last_failure_timestamp_seconds{{job=\"{job}\"}}", DateTimeOffset.UtcNow);
            Assert.AreEqual(T0.AddHours(1).AddSeconds(3).ToUnixTimeSeconds(), lastFailure!.Value.Value);
        }
        finally
        {
            await pushgateway.DeleteAsync(job, grouping);
        }

        using (var http = new HttpClient())
        {
            StringAssert.DoesNotMatch(await http.GetStringAsync(PushgatewayUrl + "/metrics"), new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(job)), "deleted");
        }
    }

    [TestMethod]
    public async Task A_refused_or_unreachable_push_is_a_clear_error()
    {
        Require();
        using var pushgateway = Pushgateway();
        var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => pushgateway.PushAsync(Unique("lineage-it-bad"), "this is not { the text format\n"));
        Assert.AreEqual(DiagnosticCodes.PushgatewayFailed, ex.Code);
        StringAssert.Contains(ex.Message, $"the Pushgateway at {PushgatewayUrl}/ refused the PUT of job 'lineage-it-bad-");
        StringAssert.Contains(ex.Message, "HTTP 400");

        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var nowhere = new PushgatewayClient($"http://127.0.0.1:{port}");
        ex = await Assert.ThrowsExactlyAsync<LineageException>(() => RetrainMetricsExporter.PushAsync(nowhere, "lineage-retrain", Array.Empty<RetrainJob>()));
        Assert.AreEqual(DiagnosticCodes.PushgatewayFailed, ex.Code);
        StringAssert.StartsWith(ex.Message, $"cannot reach the Pushgateway at http://127.0.0.1:{port}/ to PUT job 'lineage-retrain': ");
    }
}
