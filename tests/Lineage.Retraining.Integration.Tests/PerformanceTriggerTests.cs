using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Lineage.Retraining.Export;
using Lineage.Retraining.Policy;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Retraining.Integration.Tests.PrometheusServices;

namespace Lineage.Retraining.Integration.Tests;

/// <summary>The performance trigger of a policy, end to end: samples pushed to a real Pushgateway, scraped by a real Prometheus.</summary>
[TestClass]
public sealed class PerformanceTriggerTests
{
    [TestMethod]
    public async Task A_policy_performance_trigger_fires_on_accuracy_below_its_threshold_in_prometheus()
    {
        Require();
        var healthy = Unique("healthy");
        var degraded = Unique("degraded");
        var job = Unique("lineage-it-trigger");
        using var pushgateway = Pushgateway();
        using var source = Source();
        var registry = Path.Combine(Path.GetTempPath(), "lineage-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(registry);
        try
        {
            var text = $"lineage_it_trigger_accuracy{{model=\"{healthy}\"}} 0.95\nlineage_it_trigger_accuracy{{model=\"{degraded}\"}} 0.88\n";
            await pushgateway.PushAsync(job, text);
            var expression = $"lineage_it_trigger_accuracy{{model=\"{degraded}\"}}";
            await WaitForAsync(source, expression, s => s?.Value == 0.88);
            var scraped = await ScrapeTimeAsync(source, expression);

            var policy = RetrainPolicy.Parse(
                "defaults:\n" +
                "  evaluation_window_days: 1\n" +
                "  triggers:\n" +
                "    performance:\n" +
                $"      source: '{PrometheusUrl}'\n" +
                "      metric: lineage_it_trigger_accuracy\n" +
                "      threshold: 0.92\n" +
                "      aggregate: last\n" +
                $"models:\n  {healthy}: {{}}\n  {degraded}: {{}}\n",
                "retrain.yaml",
                registry);
            using var host = new RetrainHost(policy, registry, TextWriter.Null);
            var evaluator = host.Evaluator();
            var now = scraped.AddSeconds(90);

            var bad = await evaluator.EvaluateAsync(policy.For(degraded), now);
            Assert.IsTrue(bad.Retrain, string.Join("; ", bad.Triggers.Select(t => t.Error ?? t.Reason)));
            Assert.AreEqual(0.88, bad.Primary!.Values["lineage_it_trigger_accuracy"]);
            StringAssert.Contains(bad.Reason, "last lineage_it_trigger_accuracy 0.88 over the last 1 days");
            StringAssert.Contains(bad.Reason, "is below the threshold 0.92");

            var good = await evaluator.EvaluateAsync(policy.For(healthy), now);
            Assert.IsFalse(good.Retrain, string.Join("; ", good.Triggers.Select(t => t.Error ?? t.Reason)));
            Assert.IsFalse(good.HasErrors);
        }
        finally
        {
            await pushgateway.DeleteAsync(job);
            Directory.Delete(registry, recursive: true);
        }
    }

    [TestMethod]
    public async Task An_unreachable_prometheus_is_reported_as_an_error_never_as_healthy()
    {
        var registry = Path.Combine(Path.GetTempPath(), "lineage-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(registry);
        try
        {
            var policy = RetrainPolicy.Parse(
                "defaults:\n  triggers:\n    performance: {source: 'http://127.0.0.1:9', metric: accuracy}\nmodels:\n  m: {}\n",
                "retrain.yaml",
                registry);
            using var host = new RetrainHost(policy, registry, TextWriter.Null);
            var decision = await host.Evaluator().EvaluateAsync(policy.For("m"), DateTimeOffset.UtcNow);
            Assert.IsFalse(decision.Retrain);
            Assert.IsTrue(decision.HasErrors);
            Assert.AreEqual("LIN0562", decision.Triggers.Single().ErrorCode, decision.Triggers.Single().Error);
        }
        finally
        {
            Directory.Delete(registry, recursive: true);
        }
    }
}
