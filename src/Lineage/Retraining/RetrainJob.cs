using System;
using System.Collections.Generic;

namespace Lineage.Retraining;

/// <summary>What started a retraining job.</summary>
public enum TriggerKind
{
    /// <summary>A metric fell below its threshold over the evaluation window.</summary>
    Performance,

    /// <summary>A feature's distribution drifted (PSI or Kolmogorov-Smirnov) from the reference sample.</summary>
    Drift,

    /// <summary>The cron schedule came due since the last run.</summary>
    Schedule,

    /// <summary>The circuit's current config hash has no registered model.</summary>
    ConfigChange,

    /// <summary>Someone asked for it, with a reason.</summary>
    Manual,
}

/// <summary>
/// The life of a job: <c>pending -&gt; running -&gt; validation -&gt; deploying -&gt; completed</c>, or <c>failed</c> from any
/// state that is not final. <see cref="JobStatuses.CanMove"/> is the one place that says which moves are allowed.
/// </summary>
public enum JobStatus
{
    /// <summary>Recorded, not yet submitted to a runner.</summary>
    Pending,

    /// <summary>Submitted; the training command or Kubernetes Job runs.</summary>
    Running,

    /// <summary>Training finished; the new model is being validated on the holdout set.</summary>
    Validation,

    /// <summary>Validated; the champion/challenger decision and the promotion are under way.</summary>
    Deploying,

    /// <summary>Done (deployed or not: see <see cref="RetrainJob.Deployed"/>).</summary>
    Completed,

    /// <summary>Stopped with an error (see <see cref="RetrainJob.ErrorMessage"/>).</summary>
    Failed,
}

/// <summary>The allowed status moves and the status names used in files and on the command line.</summary>
public static class JobStatuses
{
    /// <summary>Whether a job may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(JobStatus from, JobStatus to) => (from, to) switch
    {
        (JobStatus.Pending, JobStatus.Running) => true,
        (JobStatus.Running, JobStatus.Validation) => true,
        (JobStatus.Validation, JobStatus.Deploying) => true,
        // A model that fails validation completes without deployment; so does one that does not beat the champion.
        (JobStatus.Validation, JobStatus.Completed) => true,
        (JobStatus.Deploying, JobStatus.Completed) => true,
        (JobStatus.Completed, _) or (JobStatus.Failed, _) => false,
        (_, JobStatus.Failed) => true,
        _ => false,
    };

    /// <summary>Whether no further move is possible.</summary>
    public static bool IsFinal(JobStatus status) => status is JobStatus.Completed or JobStatus.Failed;

    /// <summary>The lower-case name written to job files (<c>pending</c>, <c>running</c>, ...).</summary>
    public static string ToName(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The lower-case snake name of a trigger (<c>performance</c>, <c>drift</c>, <c>schedule</c>, <c>config_change</c>, <c>manual</c>).</summary>
    public static string ToName(TriggerKind trigger) => trigger == TriggerKind.ConfigChange ? "config_change" : trigger.ToString().ToLowerInvariant();

    /// <summary>Parses a status name; <c>false</c> when unknown.</summary>
    public static bool TryParse(string name, out JobStatus status)
    {
        foreach (JobStatus candidate in Enum.GetValues(typeof(JobStatus)))
        {
            if (string.Equals(ToName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Parses a trigger name; <c>false</c> when unknown.</summary>
    public static bool TryParse(string name, out TriggerKind trigger)
    {
        foreach (TriggerKind candidate in Enum.GetValues(typeof(TriggerKind)))
        {
            if (string.Equals(ToName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                trigger = candidate;
                return true;
            }
        }

        trigger = default;
        return false;
    }
}

/// <summary>One status change, kept in the job's history.</summary>
public sealed class JobTransition
{
    /// <summary>Creates a transition.</summary>
    public JobTransition(JobStatus status, DateTimeOffset at, string? message)
    {
        Status = status;
        At = at;
        Message = message;
    }

    /// <summary>The status entered.</summary>
    public JobStatus Status { get; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; }

    /// <summary>Why or what happened, or <c>null</c>.</summary>
    public string? Message { get; }
}

/// <summary>
/// A retraining job as the job store keeps it (seed 004's job record): who and what started it, where it is, the
/// metrics before and after, the champion's, and whether the new model was deployed.
/// </summary>
public sealed class RetrainJob
{
    /// <summary>The job id: <c>rt-{yyyyMMddHHmmss}-{8 hex}</c>, unique and sortable by creation time.</summary>
    public string JobId { get; set; } = string.Empty;

    /// <summary>The model being retrained.</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>What started it.</summary>
    public TriggerKind Trigger { get; set; }

    /// <summary>Why, in words (the trigger's own explanation, or the manual request's reason).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Where the job is.</summary>
    public JobStatus Status { get; set; }

    /// <summary>When it was recorded.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When training started, or <c>null</c>.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it completed or failed, or <c>null</c>.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the record last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The runner that runs the training (<c>local</c>, <c>kubernetes</c>), or <c>null</c> before submission.</summary>
    public string? Runner { get; set; }

    /// <summary>The runner's own id for the run (a process id, a Kubernetes Job name), or <c>null</c>.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The training log (a file path, or where the runner keeps it), or <c>null</c>.</summary>
    public string? LogPath { get; set; }

    /// <summary>The training config the job was started with (path), or <c>null</c>.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>That config's hash, or <c>null</c>.</summary>
    public string? ConfigHash { get; set; }

    /// <summary>The model's metrics when the job started (what triggered it).</summary>
    public IDictionary<string, double> MetricsBefore { get; set; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The new model's validation metrics.</summary>
    public IDictionary<string, double> MetricsAfter { get; set; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The champion's metrics it was compared with.</summary>
    public IDictionary<string, double> ChampionMetrics { get; set; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Relative improvement over the champion on the decision metric (0.05 = 5 %), or <c>null</c> before the decision.</summary>
    public double? Improvement { get; set; }

    /// <summary>The SHA-256 validation hash (model name, metrics, holdout data), or <c>null</c> before validation.</summary>
    public string? ValidationHash { get; set; }

    /// <summary>Whether the new model was promoted.</summary>
    public bool Deployed { get; set; }

    /// <summary>When it was promoted, or <c>null</c>.</summary>
    public DateTimeOffset? DeployedAt { get; set; }

    /// <summary>The registry version it became, or <c>null</c>.</summary>
    public string? DeployedVersion { get; set; }

    /// <summary>The new model file, or <c>null</c> before training produced it.</summary>
    public string? ModelPath { get; set; }

    /// <summary>What went wrong, when <see cref="Status"/> is <see cref="JobStatus.Failed"/> (or a deployment was refused).</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Every status the job went through, oldest first.</summary>
    public IList<JobTransition> History { get; set; } = new List<JobTransition>();
}
