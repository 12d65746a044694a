using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Lineage.Retraining;

/// <summary>What a runner is asked to run: one training for one model.</summary>
public sealed class TrainingRequest
{
    /// <summary>The job id (labels, environment, log names).</summary>
    public string JobId { get; set; } = string.Empty;

    /// <summary>The model being retrained.</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The command and its arguments (the local runner runs it; the Kubernetes runner makes it the container's command).</summary>
    public IList<string> Command { get; set; } = new List<string>();

    /// <summary>Environment for the training: the training config and its hash, the job id, the windows (<c>LINEAGE_*</c>).</summary>
    public IDictionary<string, string> Environment { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Working directory of a local run, or <c>null</c> for the current one.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Where the runner may write logs for this job.</summary>
    public string LogDirectory { get; set; } = string.Empty;

    /// <summary>How long the training may run before it is stopped and the job failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Where a submitted training is.</summary>
public enum RunState
{
    /// <summary>Accepted, not started (a Kubernetes Job without an active pod yet).</summary>
    Pending,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Finished with an error, timed out or was stopped.</summary>
    Failed,
}

/// <summary>A runner's view of one submitted training.</summary>
public sealed class RunStatus
{
    /// <summary>Creates a status.</summary>
    public RunStatus(RunState state, string externalId, string? message = null, int? exitCode = null, string? logPath = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        State = state;
        ExternalId = externalId;
        Message = message;
        ExitCode = exitCode;
        LogPath = logPath;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
    }

    /// <summary>Where it is.</summary>
    public RunState State { get; }

    /// <summary>The runner's id for it (process id, Kubernetes Job name).</summary>
    public string ExternalId { get; }

    /// <summary>What the runner says (a failure reason, a condition message), or <c>null</c>.</summary>
    public string? Message { get; }

    /// <summary>The exit code when known.</summary>
    public int? ExitCode { get; }

    /// <summary>Where the logs are, or <c>null</c>.</summary>
    public string? LogPath { get; }

    /// <summary>When it started, when known.</summary>
    public DateTimeOffset? StartedAt { get; }

    /// <summary>When it finished, when known.</summary>
    public DateTimeOffset? FinishedAt { get; }

    /// <summary>Whether it has finished (either way).</summary>
    public bool IsFinished => State is RunState.Succeeded or RunState.Failed;
}

/// <summary>
/// Runs trainings: the local process runner, the Kubernetes Job runner, your own. Submission returns at once; the
/// caller polls <see cref="GetStatusAsync"/> or waits with <see cref="WaitAsync"/> and maps the outcome onto the job record.
/// </summary>
public interface IJobRunner
{
    /// <summary>The runner's name, recorded in the job (<c>local</c>, <c>kubernetes</c>).</summary>
    string Name { get; }

    /// <summary>Starts the training; returns its first status (with the external id). Submitting the same job id twice does not start a second training.</summary>
    Task<RunStatus> SubmitAsync(TrainingRequest request, CancellationToken cancellationToken = default);

    /// <summary>The training's current status.</summary>
    Task<RunStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the training finishes or <paramref name="timeout"/> passes (then returns the last status, not finished).</summary>
    Task<RunStatus> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken = default);
}
