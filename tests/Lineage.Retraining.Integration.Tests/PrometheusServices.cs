using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Retraining.Export;
using Lineage.Retraining.Metrics;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Retraining.Integration.Tests;

/// <summary>
/// The Prometheus and Pushgateway the tests use: those named by <c>LINEAGE_PROMETHEUS_URL</c> and
/// <c>LINEAGE_PUSHGATEWAY_URL</c>, else a pair started by build/services/prometheus.sh for this run and stopped after it.
/// When they cannot be had, every test fails under CI (<c>CI=true</c>) and is inconclusive elsewhere, with the reason.
/// </summary>
[TestClass]
public static class PrometheusServices
{
    private static string? _problem;
    private static string? _state;

    public static string PrometheusUrl { get; private set; } = string.Empty;

    public static string PushgatewayUrl { get; private set; } = string.Empty;

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Lineage.Build.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Lineage.Build.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [AssemblyInitialize]
    public static void Start(TestContext context)
    {
        var prometheus = Environment.GetEnvironmentVariable("LINEAGE_PROMETHEUS_URL");
        var pushgateway = Environment.GetEnvironmentVariable("LINEAGE_PUSHGATEWAY_URL");
        if (!string.IsNullOrWhiteSpace(prometheus))
        {
            PrometheusUrl = prometheus!.TrimEnd('/');
            PushgatewayUrl = pushgateway?.TrimEnd('/') ?? string.Empty;
            _problem = string.IsNullOrWhiteSpace(pushgateway) ? "LINEAGE_PROMETHEUS_URL is set but LINEAGE_PUSHGATEWAY_URL is not (the tests push their samples through it)" : null;
        }
        else
        {
            _state = Path.Combine(Path.GetTempPath(), "lineage-prometheus-it-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                var result = ProcessRunner.Run(
                    "bash",
                    new[] { Path.Combine(RepoRoot, "build", "services", "prometheus.sh"), "start" },
                    RepoRoot,
                    new Dictionary<string, string?> { ["LINEAGE_PROMETHEUS_STATE"] = _state },
                    TimeSpan.FromMinutes(8)); // a first apt-get install on a fresh machine
                var urls = result.StdOut.Split('\n').Select(l => l.Trim()).Where(l => l.Contains('=')).ToDictionary(l => l.Substring(0, l.IndexOf('=')), l => l.Substring(l.IndexOf('=') + 1));
                if (result.ExitCode == 0 && urls.TryGetValue("PROMETHEUS_URL", out var p) && urls.TryGetValue("PUSHGATEWAY_URL", out var g))
                {
                    PrometheusUrl = p;
                    PushgatewayUrl = g;
                }
                else
                {
                    _problem = "build/services/prometheus.sh start failed:\n" + result;
                }
            }
            catch (Exception ex) when (ex is TimeoutException or System.ComponentModel.Win32Exception or IOException)
            {
                _problem = "build/services/prometheus.sh start failed: " + ex.Message;
            }
        }

        if (_problem is not null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // Under CI a missing server is a broken pipeline, never a quiet skip.
            Assert.Fail("CI=true and no Prometheus/Pushgateway for the integration tests: " + _problem);
        }
    }

    [AssemblyCleanup]
    public static void Stop()
    {
        if (_state is not null)
        {
            ProcessRunner.Run(
                "bash",
                new[] { Path.Combine(RepoRoot, "build", "services", "prometheus.sh"), "stop" },
                RepoRoot,
                new Dictionary<string, string?> { ["LINEAGE_PROMETHEUS_STATE"] = _state },
                TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Ends the test as inconclusive (outside CI) when there are no servers.</summary>
    public static void Require()
    {
        if (_problem is not null)
        {
            Assert.Inconclusive(_problem);
        }
    }

    public static PrometheusMetricsSource Source(string? template = null, TimeSpan? step = null) => new(new PrometheusMetricsSourceOptions
    {
        BaseUrl = new Uri(PrometheusUrl),
        ExpressionTemplate = template ?? PrometheusMetricsSourceOptions.DefaultExpressionTemplate,
        Step = step ?? TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(10),
    });

    public static PushgatewayClient Pushgateway() => new(PushgatewayUrl) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A name no other test (or earlier run against the same servers) uses.</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

    /// <summary>When Prometheus scraped the latest sample of <paramref name="expression"/> (by its own clock).</summary>
    public static async Task<DateTimeOffset> ScrapeTimeAsync(PrometheusMetricsSource source, string expression)
    {
        var at = await source.QueryInstantAsync($"timestamp({expression})", DateTimeOffset.UtcNow);
        Assert.IsNotNull(at, "no sample for " + expression);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(at.Value.Value * 1000));
    }

    /// <summary>Evaluates <paramref name="expression"/> now until <paramref name="accept"/> holds (Prometheus scrapes every second).</summary>
    public static async Task<MetricSample?> WaitForAsync(PrometheusMetricsSource source, string expression, Func<MetricSample?, bool> accept, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        while (true)
        {
            var sample = await source.QueryInstantAsync(expression, DateTimeOffset.UtcNow);
            if (accept(sample))
            {
                return sample;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"'{expression}' did not reach the expected value within {limit} (last: {(sample is { } s ? s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no sample")})");
            }

            await Task.Delay(250);
        }
    }
}
