using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Metrics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

/// <summary>
/// How the Prometheus source reads answers, on canned responses (the real server is in
/// tests/Lineage.Retraining.Integration.Tests); what it sends is checked on the captured request.
/// </summary>
[TestClass]
public sealed class PrometheusResponseTests
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(1795459200);

    [TestMethod]
    public async Task Range_query_posts_the_expression_window_step_and_credentials_and_reads_special_values()
    {
        var handler = new Canned(HttpStatusCode.OK,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"accuracy\",\"model\":\"m\"}," +
            "\"values\":[[1795459200,\"0.9\"],[1795459260.5,\"NaN\"],[1795459320,\"+Inf\"],[1795459380,\"-Inf\"],[1795459440,\"1e-3\"]]}]}}");
        using var source = new PrometheusMetricsSource(
            new PrometheusMetricsSourceOptions
            {
                BaseUrl = new Uri("http://prom.example:9090/sub/"),
                BearerToken = "tok",
                Headers = { ["X-Scope-OrgID"] = "team-a" },
            },
            new HttpClient(handler));
        var samples = await source.QueryAsync(new MetricQuery { ModelName = "m", Metric = "accuracy", From = From, To = From.AddMinutes(10) });

        Assert.AreEqual("http://prom.example:9090/sub/api/v1/query_range", handler.Url);
        Assert.AreEqual("Bearer tok", handler.Authorization);
        Assert.AreEqual("team-a", handler.Headers["X-Scope-OrgID"]);
        Assert.AreEqual("query=accuracy%7Bmodel%3D%22m%22%7D&start=1795459200&end=1795459800&step=60", handler.Body);
        Assert.HasCount(5, samples);
        Assert.AreEqual(0.9, samples[0].Value);
        Assert.AreEqual(From.AddSeconds(60.5), samples[1].Time);
        Assert.IsTrue(double.IsNaN(samples[1].Value));
        Assert.IsTrue(double.IsPositiveInfinity(samples[2].Value));
        Assert.IsTrue(double.IsNegativeInfinity(samples[3].Value));
        Assert.AreEqual(0.001, samples[4].Value);
    }

    [TestMethod]
    public async Task Instant_query_when_the_window_is_one_instant_and_basic_auth_from_the_url()
    {
        var handler = new Canned(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1795459200.25,\"0.5\"]}]}}");
        using var source = new PrometheusMetricsSource(new PrometheusMetricsSourceOptions { BaseUrl = new Uri("http://me:p%40ss@prom.example") }, new HttpClient(handler));
        var samples = await source.QueryAsync(new MetricQuery { ModelName = "m", Metric = "f1", From = From, To = From, Expression = "avg(f1)" });
        Assert.AreEqual("http://prom.example/api/v1/query", handler.Url);
        Assert.AreEqual("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me:p@ss")), handler.Authorization);
        Assert.AreEqual("query=avg%28f1%29&time=1795459200", handler.Body);
        Assert.AreEqual(0.5, samples.Single().Value);

        handler.Response = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
        Assert.IsNull(await source.QueryInstantAsync("absent_metric", From));
        handler.Response = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795459200,\"2\"]}}";
        Assert.AreEqual(2.0, (await source.QueryInstantAsync("scalar(2)", From))!.Value.Value);
    }

    [TestMethod]
    public async Task Errors_name_the_url_and_the_query_and_never_the_credentials()
    {
        var handler = new Canned(HttpStatusCode.BadRequest, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unclosed left parenthesis\"}");
        using var source = new PrometheusMetricsSource(new PrometheusMetricsSourceOptions { BaseUrl = new Uri("http://me:secret@prom.example:9090") }, new HttpClient(handler));
        var query = new MetricQuery { ModelName = "m", Metric = "f1", From = From, To = From.AddHours(1), Expression = "sum(" };

        var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query));
        Assert.AreEqual(DiagnosticCodes.MetricsQueryFailed, ex.Code);
        Assert.AreEqual("Prometheus at http://prom.example:9090/api/v1/query_range refused the query 'sum(' (HTTP 400, bad_data): 1:5: parse error: unclosed left parenthesis", ex.Message);

        handler.Status = HttpStatusCode.BadGateway;
        handler.Response = "<html><body>502 Bad Gateway</body></html>";
        ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query));
        Assert.AreEqual(DiagnosticCodes.MetricsQueryFailed, ex.Code);
        StringAssert.Contains(ex.Message, "answered HTTP 502");
        StringAssert.Contains(ex.Message, "502 Bad Gateway</body>");

        handler.Status = HttpStatusCode.OK;
        handler.Response = "<html>Grafana</html>";
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsResponse, (await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query))).Code);

        handler.Response = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"f1\",\"model\":\"a\"},\"values\":[]},{\"metric\":{\"__name__\":\"f1\",\"model\":\"b\\\"\"},\"values\":[]}]}}";
        ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query));
        Assert.AreEqual(DiagnosticCodes.AmbiguousMetricSeries, ex.Code);
        StringAssert.Contains(ex.Message, "returned 2 series where one is expected: f1{model=\"a\"}, f1{model=\"b\\\"\"}");

        handler.Response = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1795459200,\"high\"]]}]}}";
        Assert.AreEqual(DiagnosticCodes.InvalidMetricsResponse, (await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query))).Code);

        handler.Throw = new HttpRequestException("Connection refused (prom.example:9090)");
        ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(query));
        Assert.AreEqual(DiagnosticCodes.MetricsSourceUnreachable, ex.Code);
        StringAssert.Contains(ex.Message, "cannot reach Prometheus at http://prom.example:9090/api/v1/query_range for the query 'sum(': Connection refused");
        Assert.IsFalse(ex.Message.Contains("secret"), ex.Message);
    }

    [TestMethod]
    public async Task A_slow_server_is_a_timeout_naming_the_query()
    {
        var handler = new Canned(HttpStatusCode.OK, "{}") { Delay = TimeSpan.FromSeconds(10) };
        using var source = new PrometheusMetricsSource(new PrometheusMetricsSourceOptions { BaseUrl = new Uri("http://prom.example"), Timeout = TimeSpan.FromMilliseconds(200) }, new HttpClient(handler));
        var ex = await Assert.ThrowsExactlyAsync<LineageException>(() => source.QueryAsync(new MetricQuery { ModelName = "m", Metric = "f1", From = From, To = From.AddHours(1) }));
        Assert.AreEqual(DiagnosticCodes.MetricsSourceUnreachable, ex.Code);
        StringAssert.Contains(ex.Message, "did not answer the query 'f1{model=\"m\"}': no answer within 0.2 s");
    }

    private sealed class Canned : HttpMessageHandler
    {
        public Canned(HttpStatusCode status, string response)
        {
            Status = status;
            Response = response;
        }

        public HttpStatusCode Status { get; set; }

        public string Response { get; set; }

        public Exception? Throw { get; set; }

        public TimeSpan Delay { get; set; }

        public string? Url { get; private set; }

        public string? Body { get; private set; }

        public string? Authorization { get; private set; }

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Url = request.RequestUri!.ToString();
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Authorization = request.Headers.Authorization?.ToString();
            foreach (var header in request.Headers)
            {
                Headers[header.Key] = string.Join(",", header.Value);
            }

            await Task.Delay(Delay, cancellationToken);
            if (Throw is not null)
            {
                throw Throw;
            }

            return new HttpResponseMessage(Status) { Content = new StringContent(Response, Encoding.UTF8, "application/json") };
        }
    }
}
