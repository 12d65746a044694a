using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Core.IO;

namespace Lineage.Retraining.Export;

/// <summary>
/// The job store as Prometheus metrics (text exposition format), for a node_exporter textfile or a Pushgateway.
/// Every value is derived from the jobs given, so the same jobs give the same bytes: families sorted by name, samples
/// by label values. Labels stay bounded (model, status): a per-job label would grow without end.
/// </summary>
public static class RetrainMetricsExporter
{
    // Spelled out rather than Enum.GetValues, which Native AOT (the CLI) warns about.
    private static readonly JobStatus[] AllStatuses = { JobStatus.Pending, JobStatus.Running, JobStatus.Validation, JobStatus.Deploying, JobStatus.Completed, JobStatus.Failed };

    /// <summary>The metric names, sorted as written.</summary>
    public static readonly IReadOnlyList<string> MetricNames = new[]
    {
        "lineage_retrain_deployments_total",
        "lineage_retrain_job_last_duration_seconds",
        "lineage_retrain_job_last_improvement_ratio",
        "lineage_retrain_jobs",
        "lineage_retrain_last_deployment_timestamp_seconds",
        "lineage_retrain_last_failure_timestamp_seconds",
        "lineage_retrain_last_success_timestamp_seconds",
    };

    /// <summary>
    /// The metrics for <paramref name="jobs"/>:
    /// <list type="bullet">
    /// <item><c>lineage_retrain_jobs{model,status}</c> gauge: jobs per model and status, every status listed (0 included);</item>
    /// <item><c>lineage_retrain_deployments_total{model}</c> counter: jobs whose model was promoted;</item>
    /// <item><c>lineage_retrain_job_last_duration_seconds{model}</c> gauge: start (or creation) to finish of the most recently finished job;</item>
    /// <item><c>lineage_retrain_job_last_improvement_ratio{model}</c> gauge: the improvement over the champion of the most recent job that has one;</item>
    /// <item><c>lineage_retrain_last_success_timestamp_seconds{model}</c>, <c>..._last_failure_...</c>, <c>..._last_deployment_...</c> gauges: Unix seconds.</item>
    /// </list>
    /// A model without a value for a metric has no sample there (absent, not 0).
    /// </summary>
    public static string Format(IEnumerable<RetrainJob> jobs)
    {
        if (jobs is null)
        {
            throw new ArgumentNullException(nameof(jobs));
        }

        var byModel = jobs.GroupBy(j => j.ModelName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var statuses = AllStatuses.Select(s => (Status: s, Name: JobStatuses.ToName(s))).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();

        Family(sb, "lineage_retrain_deployments_total", "counter", "Retraining jobs whose new model was promoted, per model.",
            byModel.Select(g => (Labels(("model", g.Key)), (double?)g.Count(j => j.Deployed))));

        Family(sb, "lineage_retrain_job_last_duration_seconds", "gauge", "Duration of the model's most recently finished retraining job, from start (or creation) to finish.",
            byModel.Select(g =>
            {
                var last = g.Where(j => j.FinishedAt is not null).OrderBy(j => j.FinishedAt).ThenBy(j => j.JobId, StringComparer.Ordinal).LastOrDefault();
                return (Labels(("model", g.Key)), last is null ? null : (double?)Math.Max(0, (last.FinishedAt!.Value - (last.StartedAt ?? last.CreatedAt)).TotalSeconds));
            }));

        Family(sb, "lineage_retrain_job_last_improvement_ratio", "gauge", "Relative improvement over the champion of the model's most recent job that has one (0.05 = 5 %).",
            byModel.Select(g =>
            {
                var last = Latest(g.Where(j => j.Improvement is not null));
                return (Labels(("model", g.Key)), last?.Improvement);
            }));

        Family(sb, "lineage_retrain_jobs", "gauge", "Retraining jobs per model and status.",
            byModel.SelectMany(g => statuses.Select(s => (Labels(("model", g.Key), ("status", s.Name)), (double?)g.Count(j => j.Status == s.Status)))));

        Family(sb, "lineage_retrain_last_deployment_timestamp_seconds", "gauge", "When the model's most recent retraining deployment happened, in Unix seconds.",
            byModel.Select(g => (Labels(("model", g.Key)), Seconds(g.Where(j => j.Deployed).Select(j => j.DeployedAt ?? j.FinishedAt)))));

        Family(sb, "lineage_retrain_last_failure_timestamp_seconds", "gauge", "When the model's most recent failed retraining job finished, in Unix seconds.",
            byModel.Select(g => (Labels(("model", g.Key)), Seconds(g.Where(j => j.Status == JobStatus.Failed).Select(j => (DateTimeOffset?)(j.FinishedAt ?? j.UpdatedAt))))));

        Family(sb, "lineage_retrain_last_success_timestamp_seconds", "gauge", "When the model's most recent completed retraining job finished, in Unix seconds.",
            byModel.Select(g => (Labels(("model", g.Key)), Seconds(g.Where(j => j.Status == JobStatus.Completed).Select(j => (DateTimeOffset?)(j.FinishedAt ?? j.UpdatedAt))))));

        return sb.ToString();
    }

    /// <summary>
    /// Writes the metrics to <paramref name="path"/> for node_exporter's textfile collector, atomically (a temp file in
    /// the same folder, then a rename: the collector never reads half a file, and reads only <c>*.prom</c>, so it
    /// ignores the temp file). Returns the full path.
    /// </summary>
    /// <exception cref="LineageException">LIN0568 when the name does not end in <c>.prom</c> or the file cannot be written.</exception>
    public static string WriteTextfile(string path, IEnumerable<RetrainJob> jobs)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.EndsWith(".prom", StringComparison.Ordinal))
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsExport, $"the textfile '{path}' must end in .prom (node_exporter's textfile collector reads only *.prom)", path);
        }

        var full = Path.GetFullPath(path);
        var text = Format(jobs);
        try
        {
            AtomicFile.Write(full, new UTF8Encoding(false).GetBytes(text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsExport, $"cannot write the metrics textfile: {ex.Message}", full, inner: ex);
        }

        return full;
    }

    /// <summary>
    /// Replaces the group <c>job=<paramref name="job"/></c> (plus <paramref name="groupingLabels"/>, e.g. <c>instance</c>)
    /// on the Pushgateway with the metrics for <paramref name="jobs"/> (HTTP PUT).
    /// </summary>
    /// <exception cref="LineageException">LIN0568 for a bad job or label name; LIN0569 when the Pushgateway is unreachable or refuses.</exception>
    public static Task PushAsync(PushgatewayClient pushgateway, string job, IEnumerable<RetrainJob> jobs, IEnumerable<KeyValuePair<string, string>>? groupingLabels = null, CancellationToken cancellationToken = default)
    {
        if (pushgateway is null)
        {
            throw new ArgumentNullException(nameof(pushgateway));
        }

        return pushgateway.PushAsync(job, Format(jobs), groupingLabels, replace: true, cancellationToken);
    }

    private static RetrainJob? Latest(IEnumerable<RetrainJob> jobs) =>
        jobs.OrderBy(j => j.CreatedAt).ThenBy(j => j.JobId, StringComparer.Ordinal).LastOrDefault();

    private static double? Seconds(IEnumerable<DateTimeOffset?> times)
    {
        var max = times.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        return max == DateTimeOffset.MinValue ? null : max.ToUnixTimeMilliseconds() / 1000.0;
    }

    private static string Labels(params (string Name, string Value)[] labels) =>
        "{" + string.Join(",", labels.Select(l => l.Name + "=\"" + PrometheusText.EscapeLabelValue(l.Value) + "\"")) + "}";

    private static void Family(StringBuilder sb, string name, string type, string help, IEnumerable<(string Labels, double? Value)> samples)
    {
        var lines = samples.Where(s => s.Value is not null).OrderBy(s => s.Labels, StringComparer.Ordinal).ToList();
        if (lines.Count == 0)
        {
            return; // a family without samples says nothing and some parsers reject it
        }

        sb.Append("# HELP ").Append(name).Append(' ').Append(PrometheusText.EscapeHelp(help)).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in lines)
        {
            sb.Append(name).Append(labels).Append(' ').Append(PrometheusText.FormatValue(value!.Value)).Append('\n');
        }
    }
}
