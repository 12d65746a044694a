using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Notifications;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Reply = Lineage.Tests.Retraining.LoopbackHttpServer.Reply;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class SlackWebhookNotifierTests
{
    private const string SecretPath = "/services/T000/B000/XXXXsecretXXXX";

    private static RetrainJob Job() => new()
    {
        JobId = "rt-20261123180000-0a1b2c3d",
        ModelName = "plant001-circuit01",
        Trigger = TriggerKind.Performance,
        Reason = "accuracy mean 0.88 < 0.92 over 30 days <@U123> & co",
        Status = JobStatus.Completed,
        Improvement = 0.0625,
        Deployed = true,
        DeployedVersion = "v7",
    };

    [TestMethod]
    public void Payload_has_text_and_blocks_with_the_job_fields_escaped()
    {
        var job = Job();
        job.Status = JobStatus.Failed;
        job.ErrorMessage = "training exited with code 1";
        using var doc = JsonDocument.Parse(SlackPayload.Build(RetrainEventKind.Failed, job));
        var root = doc.RootElement;
        Assert.AreEqual("Retraining failed: plant001-circuit01 (job rt-20261123180000-0a1b2c3d, trigger performance): training exited with code 1", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.AreEqual("header", blocks[0].GetProperty("type").GetString());
        Assert.AreEqual("Retraining failed: plant001-circuit01", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToArray();
        CollectionAssert.AreEqual(
            new[] { "*Job*\n`rt-20261123180000-0a1b2c3d`", "*Model*\nplant001-circuit01", "*Trigger*\nperformance", "*Status*\nfailed", "*Improvement*\n+6.25 %", "*Deployed version*\nv7" },
            fields);
        Assert.AreEqual("*Reason*\naccuracy mean 0.88 &lt; 0.92 over 30 days &lt;@U123&gt; &amp; co", blocks[2].GetProperty("text").GetProperty("text").GetString());
        Assert.AreEqual("*Error*\n```training exited with code 1```", blocks[3].GetProperty("text").GetProperty("text").GetString());

        Assert.AreEqual("Retraining started: plant001-circuit01", SlackPayload.Headline(RetrainEventKind.Started, job));
        Assert.AreEqual("Model deployed: plant001-circuit01 v7", SlackPayload.Headline(RetrainEventKind.Deployed, job));
        Assert.AreEqual("Retraining completed: plant001-circuit01 (deployed)", SlackPayload.Headline(RetrainEventKind.Completed, job));
    }

    [TestMethod]
    public async Task Posts_the_payload_as_json_to_a_real_listener()
    {
        using var server = new LoopbackHttpServer(_ => new Reply(200, "ok"));
        var failures = new List<string>();
        using var notifier = new SlackWebhookNotifier(Options(server, failures));
        await notifier.NotifyAsync(RetrainEventKind.Deployed, Job());

        var request = server.Requests.Single();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual(SecretPath, request.Path);
        StringAssert.StartsWith(request.ContentType, "application/json");
        Assert.AreEqual(SlackPayload.Build(RetrainEventKind.Deployed, Job()), request.Body);
        using var doc = JsonDocument.Parse(request.Body);
        Assert.AreEqual("Model deployed: plant001-circuit01 v7 (job rt-20261123180000-0a1b2c3d, trigger performance)", doc.RootElement.GetProperty("text").GetString());
        Assert.IsEmpty(failures);
    }

    [TestMethod]
    public async Task Retries_once_on_500_then_delivers()
    {
        using var server = new LoopbackHttpServer(n => n == 1 ? new Reply(500, "boom") : new Reply(200, "ok"));
        var failures = new List<string>();
        using var notifier = new SlackWebhookNotifier(Options(server, failures));
        Assert.IsTrue(await notifier.SendAsync(RetrainEventKind.Started, Job()));
        Assert.HasCount(2, server.Requests);
        Assert.AreEqual(server.Requests[0].Body, server.Requests[1].Body);
        Assert.IsEmpty(failures);
    }

    [TestMethod]
    public async Task Honors_retry_after_on_429()
    {
        using var server = new LoopbackHttpServer(n => n == 1 ? new Reply(429, "rate_limited", new() { ["Retry-After"] = "1" }) : new Reply(200, "ok"));
        var failures = new List<string>();
        using var notifier = new SlackWebhookNotifier(Options(server, failures));
        Assert.IsTrue(await notifier.SendAsync(RetrainEventKind.Completed, Job()));
        Assert.HasCount(2, server.Requests);
        var gap = server.Requests[1].At - server.Requests[0].At;
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), gap, $"retried after {gap}");
    }

    [TestMethod]
    public async Task Honors_retry_after_as_a_date_and_does_not_retry_a_timeout()
    {
        using (var server = new LoopbackHttpServer(n => n == 1 ? new Reply(503, "", new() { ["Retry-After"] = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R") }) : new Reply(200)))
        {
            using var notifier = new SlackWebhookNotifier(Options(server, new List<string>()));
            Assert.IsTrue(await notifier.SendAsync(RetrainEventKind.Started, Job()));
            Assert.HasCount(2, server.Requests);
            Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500), server.Requests[1].At - server.Requests[0].At);
        }

        using (var slow = new LoopbackHttpServer(_ => new Reply(200) { Delay = TimeSpan.FromSeconds(3) }))
        {
            var failures = new List<string>();
            var options = Options(slow, failures);
            options.Timeout = TimeSpan.FromMilliseconds(300);
            using var notifier = new SlackWebhookNotifier(options);
            Assert.IsFalse(await notifier.SendAsync(RetrainEventKind.Started, Job()));
            Assert.HasCount(1, slow.Requests);
            StringAssert.EndsWith(failures.Single(), "/***: no answer within 0.3 s");
        }
    }

    [TestMethod]
    public async Task A_retry_after_over_the_cap_is_not_waited_for_and_is_reported()
    {
        using var server = new LoopbackHttpServer(_ => new Reply(503, "", new() { ["Retry-After"] = "120" }));
        var failures = new List<string>();
        using var notifier = new SlackWebhookNotifier(Options(server, failures));
        Assert.IsFalse(await notifier.SendAsync(RetrainEventKind.Completed, Job()));
        Assert.HasCount(1, server.Requests);
        StringAssert.Contains(failures.Single(), "asked to retry after 120 s, more than the 5 s allowed, so not retried");
    }

    [TestMethod]
    public async Task Failure_after_the_retry_is_reported_not_thrown_and_never_shows_the_webhook_path()
    {
        using var server = new LoopbackHttpServer(_ => new Reply(500, "upstream error at " + SecretPath));
        var failures = new List<string>();
        var log = new StringWriter();
        var options = Options(server, failures);
        options.FailureLog = log;
        using var notifier = new SlackWebhookNotifier(options);
        await notifier.NotifyAsync(RetrainEventKind.Failed, Job());

        Assert.HasCount(2, server.Requests);
        var message = failures.Single();
        Assert.AreEqual($"LIN0567: Slack notification (failed, job rt-20261123180000-0a1b2c3d) not delivered to http://127.0.0.1:{server.Port}/***: HTTP 500 Internal Server Error: upstream error at /*** (after one retry)", message);
        Assert.AreEqual("warning " + message + Environment.NewLine, log.ToString());
        Assert.IsFalse(message.Contains("secret"), message);
    }

    [TestMethod]
    public async Task A_4xx_is_not_retried_and_an_unreachable_webhook_is_reported()
    {
        using (var server = new LoopbackHttpServer(_ => new Reply(404, "no_service")))
        {
            var failures = new List<string>();
            using var notifier = new SlackWebhookNotifier(Options(server, failures));
            Assert.IsFalse(await notifier.SendAsync(RetrainEventKind.Started, Job()));
            Assert.HasCount(1, server.Requests);
            StringAssert.EndsWith(failures.Single(), "HTTP 404 Not Found: no_service");
        }

        var port = LoopbackHttpServer.FreePort();
        var reported = new List<string>();
        using var unreachable = new SlackWebhookNotifier(new SlackWebhookOptions
        {
            WebhookUrl = new Uri($"http://127.0.0.1:{port}{SecretPath}"),
            RetryDelay = TimeSpan.FromMilliseconds(50),
            OnDeliveryFailure = reported.Add,
        });
        await unreachable.NotifyAsync(RetrainEventKind.Started, Job());
        StringAssert.StartsWith(reported.Single(), $"LIN0567: Slack notification (started, job rt-20261123180000-0a1b2c3d) not delivered to http://127.0.0.1:{port}/***: ");
        StringAssert.Contains(reported.Single(), "(after one retry)");
        Assert.IsFalse(reported.Single().Contains("secret"), reported.Single());
    }

    [TestMethod]
    public void The_url_comes_from_the_policy_or_the_environment()
    {
        var before = Environment.GetEnvironmentVariable(SlackWebhookNotifier.WebhookEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(SlackWebhookNotifier.WebhookEnvironmentVariable, null);
            Assert.IsNull(SlackWebhookNotifier.FromPolicyOrEnvironment(null));
            Environment.SetEnvironmentVariable(SlackWebhookNotifier.WebhookEnvironmentVariable, "https://hooks.slack.com" + SecretPath);
            using (var fromEnv = SlackWebhookNotifier.FromPolicyOrEnvironment(" "))
            {
                Assert.AreEqual("https://hooks.slack.com/***", fromEnv!.DisplayUrl);
            }

            using (var fromPolicy = SlackWebhookNotifier.FromPolicyOrEnvironment("http://relay.internal:8080/hook"))
            {
                Assert.AreEqual("http://relay.internal:8080/***", fromPolicy!.DisplayUrl);
            }

            var ex = Assert.ThrowsExactly<LineageException>(() => SlackWebhookNotifier.FromPolicyOrEnvironment("hooks.slack.com/services/x"));
            Assert.AreEqual(DiagnosticCodes.InvalidNotifierSettings, ex.Code);
            Assert.IsFalse(ex.Message.Contains("services"), ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SlackWebhookNotifier.WebhookEnvironmentVariable, before);
        }
    }

    private static SlackWebhookOptions Options(LoopbackHttpServer server, List<string> failures) => new()
    {
        WebhookUrl = new Uri($"http://127.0.0.1:{server.Port}{SecretPath}"),
        RetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        Timeout = TimeSpan.FromSeconds(5),
        OnDeliveryFailure = m => { lock (failures) { failures.Add(m); } },
    };
}
