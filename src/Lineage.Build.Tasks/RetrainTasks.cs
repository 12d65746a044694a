using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Triggers;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lineage.Build.Tasks;

/// <summary>
/// The base of the retrain tasks: the same <see cref="RetrainHost"/> the <c>lineage retrain</c> commands use, with the
/// policy <c>LineageRetrainPolicy</c> and the registry <c>LineageRegistry</c>; progress goes to the build log.
/// </summary>
public abstract class RetrainTask : RegistryTask
{
    /// <summary>The retraining policy YAML (<c>LineageRetrainPolicy</c>, default <c>retrain.yaml</c> in the project folder).</summary>
    public string? Policy { get; set; }

    /// <inheritdoc />
    protected override void Run()
    {
        if (string.IsNullOrWhiteSpace(Registry))
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, "no registry: set the LineageRegistry property (-p:LineageRegistry=<dir>) or the LINEAGE_REGISTRY environment variable");
        }

        var policyPath = FullPath(NullIfEmpty(Policy) ?? "retrain.yaml");
        var policy = PolicyRequired || File.Exists(policyPath)
            ? RetrainPolicy.Load(policyPath)
            : RetrainPolicy.Parse("{}", "<no policy>", ProjectDirectory);
        using var progress = new LogWriter(Log);
        using var host = new RetrainHost(policy, FullPath(Registry!), progress);
        Run(host);
    }

    /// <summary>Whether the task needs a policy file (listing and status do not).</summary>
    protected virtual bool PolicyRequired => true;

    /// <summary>The operation.</summary>
    protected abstract void Run(RetrainHost host);

    /// <summary>A job as an item: the job id, with its model, status, trigger and outcome as metadata.</summary>
    protected static ITaskItem JobItem(RetrainJob job)
    {
        var item = new TaskItem(job.JobId);
        item.SetMetadata("ModelName", job.ModelName);
        item.SetMetadata("Status", JobStatuses.ToName(job.Status));
        item.SetMetadata("Trigger", JobStatuses.ToName(job.Trigger));
        item.SetMetadata("Reason", job.Reason);
        item.SetMetadata("CreatedAt", JobJson.FormatTime(job.CreatedAt));
        item.SetMetadata("Deployed", job.Deployed ? "true" : "false");
        item.SetMetadata("DeployedVersion", job.DeployedVersion ?? string.Empty);
        item.SetMetadata("Improvement", job.Improvement?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
        item.SetMetadata("ValidationHash", job.ValidationHash ?? string.Empty);
        item.SetMetadata("ErrorMessage", job.ErrorMessage ?? string.Empty);
        return item;
    }

    /// <summary>A failed job is a build error with its message.</summary>
    protected void FailIfFailed(RetrainJob job)
    {
        if (job.Status == JobStatus.Failed)
        {
            Log.LogError(null, DiagnosticCodes.TrainingFailed, null, null, 0, 0, 0, 0, $"retraining job {job.JobId} of {job.ModelName} failed: {job.ErrorMessage}");
        }
    }

    // Progress lines of the pipeline, as high-importance messages (visible at the default verbosity).
    private sealed class LogWriter : TextWriter
    {
        private readonly TaskLoggingHelper _log;
        private readonly StringBuilder _line = new();

        public LogWriter(TaskLoggingHelper log) => _log = log;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                Flush();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }

        public override void Flush()
        {
            if (_line.Length > 0)
            {
                var text = _line.ToString();
                _line.Clear();
                if (text.StartsWith("warning: ", StringComparison.Ordinal))
                {
                    _log.LogWarning(text.Substring("warning: ".Length));
                }
                else
                {
                    _log.LogMessage(MessageImportance.High, text);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            Flush();
            base.Dispose(disposing);
        }
    }
}

/// <summary><c>LineageRetrainCheck</c>: every trigger of the policy per model; optionally starts (and deploys) the jobs.</summary>
public sealed class CheckRetraining : RetrainTask
{
    /// <summary>Only these models (<c>LineageModelName</c>, semicolon-separated); default: the policy's and the manifest's.</summary>
    public string[] ModelNames { get; set; } = Array.Empty<string>();

    /// <summary>Start a job for every model that needs one (<c>LineageRetrainStart</c>).</summary>
    public bool Start { get; set; }

    /// <summary>With <see cref="Start"/>: follow, validate and deploy each job (<c>LineageRetrainDeploy</c>).</summary>
    public bool Deploy { get; set; }

    /// <summary>One item per model: <c>Retrain</c> (true/false), <c>Reason</c>, <c>Triggers</c> (those that fired), <c>ActiveJob</c>.</summary>
    [Output]
    public ITaskItem[] Decisions { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>The jobs started.</summary>
    [Output]
    public ITaskItem[] Jobs { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override void Run(RetrainHost host)
    {
        var evaluator = host.Evaluator();
        var names = TriggerEvaluator.ModelsOf(host.Policy, ModelNames.Where(n => !string.IsNullOrWhiteSpace(n)));
        var now = DateTimeOffset.UtcNow;
        var decisions = names.Select(n => evaluator.EvaluateAsync(host.Policy.For(n), now).GetAwaiter().GetResult()).ToList();
        var items = new List<ITaskItem>();
        foreach (var d in decisions)
        {
            var item = new TaskItem(d.ModelName);
            item.SetMetadata("Retrain", d.Retrain ? "true" : "false");
            item.SetMetadata("Reason", d.Reason);
            item.SetMetadata("Triggers", string.Join(";", d.Triggers.Where(t => t.Fired).Select(t => JobStatuses.ToName(t.Kind))));
            item.SetMetadata("ActiveJob", d.ActiveJob ?? string.Empty);
            items.Add(item);
            Log.LogMessage(MessageImportance.High, $"{(d.Retrain ? "RETRAIN" : "ok")} {d.ModelName}: {(d.Retrain ? d.Reason : string.Join("; ", d.Triggers.Select(t => t.Reason)))}");
            foreach (var t in d.Triggers.Where(t => t.Error is not null))
            {
                Log.LogError(null, t.ErrorCode ?? DiagnosticCodes.InvalidMetricsSource, null, null, 0, 0, 0, 0, $"{d.ModelName}: the {JobStatuses.ToName(t.Kind)} trigger could not be evaluated: {t.Error}");
            }
        }

        Decisions = items.ToArray();
        if (Start && !Log.HasLoggedErrors)
        {
            var jobs = new List<ITaskItem>();
            foreach (var d in decisions.Where(d => d.Retrain && d.ActiveJob is null))
            {
                if (host.RunIfIdle(d.ModelName, d.Primary!.Kind, d.Reason, d.Values, Deploy, CancellationToken.None) is { } job)
                {
                    jobs.Add(JobItem(job));
                    FailIfFailed(job);
                }
            }

            Jobs = jobs.ToArray();
        }
    }
}

/// <summary><c>LineageRetrainStart</c>: a manual job for one model, with a reason; followed to the end of training, and deployed with <c>LineageRetrainDeploy=true</c>.</summary>
public sealed class StartRetraining : RetrainTask
{
    /// <summary>The model (<c>LineageModelName</c>).</summary>
    [Required]
    public string ModelName { get; set; } = string.Empty;

    /// <summary>Why (<c>LineageRetrainReason</c>).</summary>
    [Required]
    public string Reason { get; set; } = string.Empty;

    /// <summary>Validate and deploy after training (<c>LineageRetrainDeploy</c>).</summary>
    public bool Deploy { get; set; }

    /// <summary>The job.</summary>
    [Output]
    public ITaskItem? Job { get; private set; }

    /// <inheritdoc />
    protected override void Run(RetrainHost host)
    {
        var job = host.Run(ModelName, TriggerKind.Manual, Reason, null, Deploy, CancellationToken.None);
        Job = JobItem(job);
        FailIfFailed(job);
    }
}

/// <summary><c>LineageRetrainStatus</c>: a job, refreshed from its runner (waiting up to <c>LineageRetrainWait</c> seconds).</summary>
public sealed class RetrainingStatus : RetrainTask
{
    /// <summary>The job id (<c>LineageRetrainJob</c>).</summary>
    [Required]
    public string JobId { get; set; } = string.Empty;

    /// <summary>Seconds to wait for a running training.</summary>
    public int WaitSeconds { get; set; }

    /// <summary>The job.</summary>
    [Output]
    public ITaskItem? Job { get; private set; }

    /// <inheritdoc />
    protected override bool PolicyRequired => false;

    /// <inheritdoc />
    protected override void Run(RetrainHost host)
    {
        var job = host.Pipeline.RefreshAsync(JobId, TimeSpan.FromSeconds(Math.Max(0, WaitSeconds))).GetAwaiter().GetResult();
        host.Export();
        Job = JobItem(job);
        Log.LogMessage(MessageImportance.High, $"{job.JobId} {job.ModelName}: {JobStatuses.ToName(job.Status)}{(job.ErrorMessage is null ? string.Empty : ": " + job.ErrorMessage)}");
    }
}

/// <summary><c>LineageRetrainList</c>: jobs as items, newest first, filtered by model, status and trigger.</summary>
public sealed class ListRetrainingJobs : RetrainTask
{
    /// <summary>Only this model's jobs.</summary>
    public string? ModelName { get; set; }

    /// <summary>Only jobs in this status.</summary>
    public string? Status { get; set; }

    /// <summary>Only jobs of this trigger.</summary>
    public string? Trigger { get; set; }

    /// <summary>At most this many (0: all).</summary>
    public int Limit { get; set; }

    /// <summary>The jobs.</summary>
    [Output]
    public ITaskItem[] Jobs { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override bool PolicyRequired => false;

    /// <inheritdoc />
    protected override void Run(RetrainHost host)
    {
        var filter = new JobFilter { ModelName = NullIfEmpty(ModelName), Limit = Limit };
        if (NullIfEmpty(Status) is { } status)
        {
            filter.Status = JobStatuses.TryParse(status, out JobStatus s) ? s : throw new LineageException(DiagnosticCodes.JobNotFound, $"'{status}' is not a job status: pending, running, validation, deploying, completed or failed");
        }

        if (NullIfEmpty(Trigger) is { } trigger)
        {
            filter.Trigger = JobStatuses.TryParse(trigger, out TriggerKind t) ? t : throw new LineageException(DiagnosticCodes.JobNotFound, $"'{trigger}' is not a trigger: performance, drift, schedule, config_change or manual");
        }

        var jobs = host.Jobs.List(filter);
        Jobs = jobs.Select(JobItem).ToArray();
        foreach (var job in jobs)
        {
            Log.LogMessage(MessageImportance.High, $"{job.JobId} {job.ModelName} {JobStatuses.ToName(job.Trigger)} {JobStatuses.ToName(job.Status)}{(job.Deployed ? " deployed v" + job.DeployedVersion : string.Empty)}");
        }
    }
}

/// <summary><c>LineageRetrainValidate</c>: holdout metrics, the accuracy floor and the validation hash; a rejected model is an error (LIN0527).</summary>
public sealed class ValidateRetrainedModel : RetrainTask
{
    /// <summary>The job id (<c>LineageRetrainJob</c>).</summary>
    [Required]
    public string JobId { get; set; } = string.Empty;

    /// <summary>The holdout predictions CSV (<c>LineageRetrainPredictions</c>; default: the policy's).</summary>
    public string? Predictions { get; set; }

    /// <summary>The new model file (<c>LineageModelPath</c>; default: the policy's <c>model_output</c>).</summary>
    public string? ModelPath { get; set; }

    /// <summary>The SHA-256 validation hash.</summary>
    [Output]
    public string? ValidationHash { get; private set; }

    /// <summary>The holdout accuracy.</summary>
    [Output]
    public string? Accuracy { get; private set; }

    /// <inheritdoc />
    protected override void Run(RetrainHost host)
    {
        var predictions = NullIfEmpty(Predictions) is { } p ? FullPath(p) : null;
        var model = NullIfEmpty(ModelPath) is { } m ? FullPath(m) : null;
        var (job, result) = host.Pipeline.ValidateAsync(JobId, predictions, model).GetAwaiter().GetResult();
        host.Export();
        ValidationHash = result.ValidationHash;
        Accuracy = result.Metrics.Accuracy.ToString("R", CultureInfo.InvariantCulture);
        if (!result.IsValid)
        {
            Log.LogError(null, DiagnosticCodes.ValidationFailed, null, null, 0, 0, 0, 0, $"{job.ModelName} ({job.JobId}): {job.ErrorMessage}");
        }
    }
}

/// <summary><c>LineageRetrainDeploy</c>: champion/challenger; a model that is not deployed is an error (LIN0528) naming why.</summary>
public sealed class DeployRetrainedModel : RetrainTask
{
    /// <summary>The job id (<c>LineageRetrainJob</c>).</summary>
    [Required]
    public string JobId { get; set; } = string.Empty;

    /// <summary>Relative improvement required (<c>LineageMinImprovement</c>; default: the policy's).</summary>
    public string? MinImprovement { get; set; }

    /// <summary>Deploy although the champion lacks the decision metric (<c>LineageRetrainForce</c>).</summary>
    public bool Force { get; set; }

    /// <summary>The registered version, when deployed.</summary>
    [Output]
    public string? Version { get; private set; }

    /// <inheritdoc />
    protected override void Run(RetrainHost host)
    {
        double? min = null;
        if (NullIfEmpty(MinImprovement) is { } text)
        {
            min = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 1
                ? value
                : throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"LineageMinImprovement '{text}' must be a number between 0 and 1 (0.05 is 5%)");
        }

        var job = host.Pipeline.DeployAsync(JobId, min, Force).GetAwaiter().GetResult();
        host.Export();
        if (job.Deployed)
        {
            Version = "v" + job.DeployedVersion;
        }
        else
        {
            Log.LogError(null, DiagnosticCodes.DeploymentRefused, null, null, 0, 0, 0, 0, $"{job.ModelName} ({job.JobId}) was not deployed: {job.History.Last().Message}");
        }
    }
}
