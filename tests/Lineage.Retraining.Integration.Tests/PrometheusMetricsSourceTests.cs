using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Export;
using Lineage.Retraining.Metrics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Retraining.Integration.Tests.PrometheusServices;

namespace Lineage.Retraining.Integration.Tests;

/// <summary>Samples pushed to the real Pushgateway, scraped by the real Prometheus, read through <see cref="PrometheusMetricsSource"/>.</summary>
[TestClass]
public sealed class PrometheusMetricsSourceTests
{
    [TestMethod]
    public async Task Range_query_returns_the_changing_values_of_one_model_oldest_first()
    {
        Require();
        // A model name that needs escaping both in the text format and in PromQL: it must select exactly this series.
        var model = Unique("plant\"7\\circuit");
        var job = Unique("lineage-it-range");
        using var pushgateway = Pushgateway();
        using var source = Source();
        var query = new MetricQuery { ModelName = model, Metric = "lineage_it_accuracy" };
        var expression = source.BuildExpression(query);
        // The window comes from the scrape times Prometheus recorded, not from this machine's clock, which may differ.
        DateTimeOffset? first = null, last = null;
        try
        {
            foreach (var value in new[] { 0.91, 0.85, 0.8 })
            {
                await pushgateway.PushAsync(job, $"lineage_it_accuracy{{model=\"{PrometheusText.EscapeLabelValue(model)}\"}} {value.ToString(CultureInfo.InvariantCulture)}\n");
                await WaitForAsync(source, expression, s => s?.Value == value);
                last = await ScrapeTimeAsync(source, expression);
                first ??= last;
            }

            // Range points fall at From + k * step and show the latest sample at or before each: ending 1.5 steps after
            // the last scrape puts a point after it whatever the fraction of a second the window starts at.
            query.From = first!.Value.AddSeconds(-0.5);
            query.To = last!.Value.AddSeconds(1.5);
            var samples = await source.QueryAsync(query);

            var shown = $"{query.From:HH:mm:ss.fff}..{query.To:HH:mm:ss.fff}: " + string.Join(", ", samples.Select(s => $"{s.Time:HH:mm:ss.fff}={s.Value}"));
            Assert.IsGreaterThanOrEqualTo(3, samples.Count, shown);
            CollectionAssert.AreEqual(samples.OrderBy(s => s.Time).ToArray(), samples.ToArray(), "oldest first");
            Assert.IsTrue(samples.All(s => s.Time >= query.From && s.Time <= query.To), "in the window");
            var distinct = samples.Select(s => s.Value).Where((v, i) => i == 0 || v != samples[i - 1].Value).ToArray();
            CollectionAssert.AreEqual(new[] { 0.91, 0.85, 0.8 }, distinct, shown);
        }
        finally
        {
            await pushgateway.DeleteAsync(job);
        }
    }

    [TestMethod]
    public async Task Instant_query_reads_nan_and_infinities()
    {
        Require();
        var model = Unique("special");
        var job = Unique("lineage-it-special");
        using var pushgateway = Pushgateway();
        using var source = Source("lineage_it_special{model=\"{model}\",kind=\"{metric}\"}");
        try
        {
            await pushgateway.PushAsync(job, $"lineage_it_special{{model=\"{model}\",kind=\"nan\"}} NaN\nlineage_it_special{{model=\"{model}\",kind=\"inf\"}} +Inf\nlineage_it_special{{model=\"{model}\",kind=\"minf\"}} -Inf\n");
            var nan = source.BuildExpression(new MetricQuery { ModelName = model, Metric = "nan" });
            await WaitForAsync(source, nan, s => s is not null);

            var now = DateTimeOffset.UtcNow;
            var values = new Dictionary<string, double>();
            foreach (var kind in new[] { "nan", "inf", "minf" })
            {
                var samples = await source.QueryAsync(new MetricQuery { ModelName = model, Metric = kind, From = now, To = now });
                values[kind] = samples.Single().Value;
            }

            Assert.IsTrue(double.IsNaN(values["nan"]));
            Assert.IsTrue(double.IsPositiveInfinity(values["inf"]));
            Assert.IsTrue(double.IsNegativeInfinity(values["minf"]));
        }
        finally
        {
            await pushgateway.DeleteAsync(job);
        }
    }

    [TestMethod]
    public async Task Several_series_are_refused_and_an_aggregating_expression_is_the_way_out()
    {
        Require();
        var group = Unique("multi");
        var job = Unique("lineage-it-multi");
        using var pushgateway = Pushgateway();
        using var source = Source();
        try
        {
            await pushgateway.PushAsync(job, $"lineage_it_multi{{group=\"{group}\",model=\"a\"}} 0.5\nlineage_it_multi{{group=\"{group}\",model=\"b\"}} 0.7\n");
            await WaitForAsync(source, $"count(lineage_it_multi{{group=\"{group}\"}})", s => s?.Value == 2);

            var query = new MetricQuery { ModelName = "a", Metric = "lineage_it_multi", From = DateTimeOffset.UtcNow.AddSeconds(-30), To = DateTimeOffset.UtcNow, Expression = $"lineage_it_multi{{group=\"{group}\"}}" };
            var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query));
            Assert.AreEqual(DiagnosticCodes.AmbiguousMetricSeries, ex.Code);
            StringAssert.Contains(ex.Message, $"returned 2 series where one is expected: lineage_it_multi{{group=\"{group}\",job=\"{job}\",model=\"a\"}}, lineage_it_multi{{group=\"{group}\",job=\"{job}\",model=\"b\"}}");
            StringAssert.Contains(ex.Message, PrometheusUrl + "/api/v1/query_range");

            query.Expression = $"avg(lineage_it_multi{{group=\"{group}\"}})";
            var samples = await source.QueryAsync(query);
            Assert.AreEqual(0.6, samples.Last().Value, 1e-9);
        }
        finally
        {
            await pushgateway.DeleteAsync(job);
        }
    }

    [TestMethod]
    public async Task Bad_promql_is_surfaced_with_the_url_and_the_query()
    {
        Require();
        using var source = Source();
        var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(new MetricQuery { ModelName = "m", Metric = "f1", From = DateTimeOffset.UtcNow.AddMinutes(-1), To = DateTimeOffset.UtcNow, Expression = "sum(rate(lineage_it_x[1m]" }));
        Assert.AreEqual(DiagnosticCodes.MetricsQueryFailed, ex.Code);
        StringAssert.StartsWith(ex.Message, $"Prometheus at {PrometheusUrl}/api/v1/query_range refused the query 'sum(rate(lineage_it_x[1m]' (HTTP 400, bad_data): ");
        StringAssert.Contains(ex.Message, "parse error");
    }

    [TestMethod]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        // No server needed: a port nobody listens on.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var source = (PrometheusMetricsSource)MetricsSources.Create($"prometheus+http://127.0.0.1:{port}");
        var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(new MetricQuery { ModelName = "m", Metric = "f1", From = DateTimeOffset.UtcNow.AddMinutes(-1), To = DateTimeOffset.UtcNow }));
        Assert.AreEqual(DiagnosticCodes.MetricsSourceUnreachable, ex.Code);
        StringAssert.StartsWith(ex.Message, $"cannot reach Prometheus at http://127.0.0.1:{port}/api/v1/query_range for the query 'f1{{model=\"m\"}}': ");
        StringAssert.Contains(ex.Message, "refused");
    }
}
