using System;
using System.Linq;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Metrics;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class MetricsSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Template_fills_model_as_an_escaped_label_value_and_metric_as_a_name()
    {
        Assert.AreEqual("accuracy{model=\"plant001-circuit01\"}", PromQl.Expand(PrometheusMetricsSourceOptions.DefaultExpressionTemplate, "plant001-circuit01", "accuracy"));
        Assert.AreEqual("accuracy{model=\"a\\\"b\\\\c\\nd\"}", PromQl.Expand(PrometheusMetricsSourceOptions.DefaultExpressionTemplate, "a\"b\\c\nd", "accuracy"));
        Assert.AreEqual("avg(model_quality{name='f1', model='it\\'s'})", PromQl.Expand("avg(model_quality{name='{metric}', model='{model}'})", "it's", "f1"));
        Assert.AreEqual("m{model=`a\\b`}", PromQl.Expand("m{model=`{model}`}", "a\\b", "x"));
        // A placeholder-like text inside an escaped quote stays inside the string.
        Assert.AreEqual("m{l=\"\\\"x\\\"\"}", PromQl.Expand("m{l=\"\\\"{model}\\\"\"}", "x", "m"));
    }

    [TestMethod]
    public void Template_refuses_values_that_would_change_the_expression()
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => PromQl.Expand("{metric}{model=\"{model}\"}", "m", "f1 or vector(1)"));
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsSource, ex.Code);
        StringAssert.Contains(ex.Message, "not a valid Prometheus metric name");
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsSource, Assert.ThrowsExactly<LineageException>(() => PromQl.Expand("m{model=`{model}`}", "a`b", "x")).Code);
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsSource, Assert.ThrowsExactly<LineageException>(() => PromQl.Expand("{metric}{model=\"{model}\"}", "", "x")).Code);
    }

    [TestMethod]
    public async Task Csv_source_reads_iso_and_unix_times_quotes_and_special_values_in_the_window()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("m.csv",
            "\uFEFFTimestamp, Model ,metric,value,source\r\n" +
            "# a comment\n" +
            "2026-11-23T18:02:00Z,m1,accuracy,0.91,a\n" +
            "\n" +
            $"{T0.ToUnixTimeSeconds() + 60},m1,accuracy,0.93,b\n" +
            "2026-11-23T19:00:00+01:00,m1,accuracy,NaN,c\n" +
            "2026-11-23T18:03:00Z,\"m1\",accuracy,+Inf,\"d, e\"\n" +
            "2026-11-23T18:04:00Z,m2,accuracy,0.5,f\n" +
            "2026-11-23T18:05:00Z,m1,f1,0.7,g\n" +
            "2026-11-23T19:00:00Z,m1,accuracy,0.1,h\n");
        var source = MetricsSources.Create(path);
        Assert.IsInstanceOfType<CsvFileMetricsSource>(source);
        var samples = await source.QueryAsync(new MetricQuery { ModelName = "m1", Metric = "accuracy", From = T0, To = T0.AddMinutes(30) });
        CollectionAssert.AreEqual(new[] { T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3) }, samples.Select(s => s.Time).ToArray());
        Assert.IsTrue(double.IsNaN(samples[0].Value));
        Assert.AreEqual(0.93, samples[1].Value);
        Assert.AreEqual(0.91, samples[2].Value);
        Assert.IsTrue(double.IsPositiveInfinity(samples[3].Value));
    }

    [TestMethod]
    public void Csv_source_reports_the_file_and_line_of_a_bad_row()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.csv", "timestamp,model,metric,value\n2026-11-23T18:00:00Z,m1,accuracy,0.9\n\nyesterday,m1,accuracy,0.8\n");
        var ex = Assert.ThrowsExactly<LineageException>(() => new CsvFileMetricsSource(path).ReadAll());
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsFile, ex.Code);
        Assert.AreEqual(path, ex.File);
        Assert.AreEqual(4, ex.Line);
        StringAssert.Contains(ex.ToDisplayString(), "bad.csv(4): error LIN0565: 'yesterday' is not a timestamp");

        path = dir.Write("bad2.csv", "timestamp,model,metric,value\n2026-11-23T18:00:00Z,m1,accuracy,high\n");
        ex = Assert.ThrowsExactly<LineageException>(() => new CsvFileMetricsSource(path).ReadAll());
        Assert.AreEqual(2, ex.Line);
        StringAssert.Contains(ex.Message, "'high' is not a number");

        path = dir.Write("bad3.csv", "time,model,metric,value\n");
        ex = Assert.ThrowsExactly<LineageException>(() => new CsvFileMetricsSource(path).ReadAll());
        Assert.AreEqual(1, ex.Line);
        StringAssert.Contains(ex.Message, "no 'timestamp' column");

        path = dir.Write("bad4.csv", "timestamp,model,metric,value\n2026-11-23T18:00:00Z,m1,accuracy\n");
        Assert.AreEqual(2, Assert.ThrowsExactly<LineageException>(() => new CsvFileMetricsSource(path).ReadAll()).Line);

        ex = Assert.ThrowsExactly<LineageException>(() => new CsvFileMetricsSource(dir["missing.csv"]).ReadAll());
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsFile, ex.Code);
    }

    [TestMethod]
    public async Task Json_source_reads_an_array_or_a_samples_object()
    {
        using var dir = new TempDirectory();
        var array = dir.Write("a.json", "[\n" +
            "  {\"timestamp\": \"2026-11-23T18:01:00Z\", \"model\": \"m1\", \"metric\": \"accuracy\", \"value\": 0.9, \"note\": {\"x\": [1]}},\n" +
            $"  {{\"timestamp\": {T0.ToUnixTimeSeconds()}, \"model\": \"m1\", \"metric\": \"accuracy\", \"value\": \"NaN\"}},\n" +
            "  {\"timestamp\": \"1795456800.5\", \"model\": \"m1\", \"metric\": \"accuracy\", \"value\": \"-Inf\"},\n" +
            "  {\"timestamp\": \"2026-11-23T18:01:00Z\", \"model\": \"m2\", \"metric\": \"accuracy\", \"value\": 1}\n" +
            "]\n");
        var samples = await MetricsSources.Create(array).QueryAsync(new MetricQuery { ModelName = "m1", Metric = "accuracy", From = T0, To = T0.AddHours(1) });
        Assert.HasCount(3, samples);
        Assert.IsTrue(double.IsNaN(samples[0].Value));
        Assert.AreEqual(T0.AddMilliseconds(500), samples[1].Time);
        Assert.IsTrue(double.IsNegativeInfinity(samples[1].Value));
        Assert.AreEqual(0.9, samples[2].Value);

        var wrapped = dir.Write("w.json", "{\"source\": \"export\", \"samples\": [{\"timestamp\": \"2026-11-23\", \"model\": \"m1\", \"metric\": \"f1\", \"value\": 0.5}]}");
        var one = await new JsonFileMetricsSource(wrapped).QueryAsync(new MetricQuery { ModelName = "m1", Metric = "f1", From = T0.AddDays(-1), To = T0 });
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), one.Single().Time);
    }

    [TestMethod]
    public void Json_source_reports_the_line_of_a_bad_row_or_a_syntax_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.json", "{\"samples\": [\n" +
            "  {\"timestamp\": \"2026-11-23T18:01:00Z\", \"model\": \"m1\", \"metric\": \"accuracy\", \"value\": 0.9},\n" +
            "  {\"timestamp\": \"2026-11-23T18:01:00Z\", \"model\": \"m1\",\n" +
            "   \"metric\": \"accuracy\", \"value\": true}\n" +
            "]}\n");
        var ex = Assert.ThrowsExactly<LineageException>(() => new JsonFileMetricsSource(path).ReadAll());
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsFile, ex.Code);
        Assert.AreEqual(4, ex.Line);
        StringAssert.Contains(ex.Message, "'value' true is not a number");

        path = dir.Write("missing.json", "[\n{\"timestamp\": \"2026-11-23T18:01:00Z\", \"model\": \"m1\", \"value\": 1}\n]");
        ex = Assert.ThrowsExactly<LineageException>(() => new JsonFileMetricsSource(path).ReadAll());
        Assert.AreEqual(2, ex.Line);
        StringAssert.Contains(ex.Message, "no 'metric'");

        path = dir.Write("syntax.json", "[\n{\"timestamp\": 1,\n \"model\" \"m1\"}\n]");
        ex = Assert.ThrowsExactly<LineageException>(() => new JsonFileMetricsSource(path).ReadAll());
        Assert.AreEqual(3, ex.Line);
        StringAssert.Contains(ex.Message, "not valid JSON");

        path = dir.Write("object.json", "{\"rows\": []}");
        StringAssert.Contains(Assert.ThrowsExactly<LineageException>(() => new JsonFileMetricsSource(path).ReadAll()).Message, "no \"samples\" array");
    }

    [TestMethod]
    public void Factory_knows_prometheus_urls_and_files_and_refuses_the_rest()
    {
        using (var p = (PrometheusMetricsSource)MetricsSources.Create("prometheus+http://user:secret@prom.example:9090/prom"))
        {
            Assert.AreEqual("http://prom.example:9090/prom", p.DisplayUrl);
        }

        using (var p = (PrometheusMetricsSource)MetricsSources.Create("https://prom.example", new PrometheusMetricsSourceOptions { ExpressionTemplate = "avg({metric}{job=\"{model}\"})" }))
        {
            Assert.AreEqual("avg(f1{job=\"m\"})", p.BuildExpression(new MetricQuery { ModelName = "m", Metric = "f1" }));
            Assert.AreEqual("x", p.BuildExpression(new MetricQuery { ModelName = "m", Metric = "f1", Expression = "x" }));
            Assert.AreEqual(TimeSpan.FromSeconds(60), p.StepFor(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)));
            Assert.AreEqual(TimeSpan.FromSeconds(236), p.StepFor(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(30)));
        }

        Assert.IsInstanceOfType<JsonFileMetricsSource>(MetricsSources.Create("metrics/prod.JSON", baseDirectory: "/policies"));
        Assert.AreEqual("/policies/metrics/prod.JSON", ((FileMetricsSource)MetricsSources.Create("metrics/prod.JSON", baseDirectory: "/policies")).Path);
        Assert.AreEqual("/data/m.csv", ((FileMetricsSource)MetricsSources.Create("file:///data/m.csv")).Path);
        foreach (var bad in new[] { "", "s3://bucket/m.csv", "metrics.parquet", "prometheus+ftp://x" })
        {
            var ex = Assert.ThrowsExactly<LineageException>(() => MetricsSources.Create(bad), bad);
            Assert.AreEqual(DiagnosticCodes.InvalidMetricsSource, ex.Code);
        }

        StringAssert.Contains(Assert.ThrowsExactly<LineageException>(() => MetricsSources.Create("prometheus+ftp://u:pw@x")).Message, "***@x");
    }
}
