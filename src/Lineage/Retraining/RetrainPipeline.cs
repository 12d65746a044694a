using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Core.Hashing;
using Lineage.Registry;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Triggers;
using Lineage.Retraining.Validation;

namespace Lineage.Retraining;

/// <summary>The outcome of a post-deployment check (<see cref="RetrainPipeline.GuardAsync"/>).</summary>
public sealed class GuardResult
{
    internal GuardResult(string modelName, bool degraded, bool rolledBack, string reason, RollbackResult? rollback)
    {
        ModelName = modelName;
        Degraded = degraded;
        RolledBack = rolledBack;
        Reason = reason;
        Rollback = rollback;
    }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary>Whether production metrics degraded after the last retraining deployment.</summary>
    public bool Degraded { get; }

    /// <summary>Whether <c>latest</c> was moved back.</summary>
    public bool RolledBack { get; }

    /// <summary>Why, in words.</summary>
    public string Reason { get; }

    /// <summary>The rollback, when there was one.</summary>
    public RollbackResult? Rollback { get; }
}

/// <summary>
/// Seed 004's pipeline on Lineage's registry: start a job through a runner, follow it, validate the new model on the
/// holdout set, and deploy it only when it beats the champion by the policy's minimum improvement; then watch
/// production and roll back when it degrades. The CLI and the MSBuild tasks both call this class.
/// </summary>
public sealed class RetrainPipeline
{
    private readonly Func<ModelPolicy, IJobRunner> _runners;
    private readonly IRetrainNotifier? _notifier;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Func<string, IMetricsSource>? _metricsSources;
    private readonly TextWriter _progress;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="policy">The retraining policy.</param>
    /// <param name="registry">The model registry (champions, promotions, rollbacks).</param>
    /// <param name="jobs">The job store next to the registry.</param>
    /// <param name="runners">The runner for a model's policy (<c>local</c>, <c>kubernetes</c>).</param>
    /// <param name="notifier">Notifications, or <c>null</c>.</param>
    /// <param name="clock">The time; <see cref="DateTimeOffset.UtcNow"/> when <c>null</c>.</param>
    /// <param name="metricsSources">Metrics sources by policy <c>source</c> (for <see cref="GuardAsync"/>).</param>
    /// <param name="progress">Where progress lines go, or <c>null</c>.</param>
    public RetrainPipeline(RetrainPolicy policy, IModelRegistry registry, JobStore jobs, Func<ModelPolicy, IJobRunner> runners, IRetrainNotifier? notifier = null, Func<DateTimeOffset>? clock = null, Func<string, IMetricsSource>? metricsSources = null, TextWriter? progress = null)
    {
        Policy = policy;
        Registry = registry;
        Jobs = jobs;
        _runners = runners;
        _notifier = notifier;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _metricsSources = metricsSources;
        _progress = progress ?? TextWriter.Null;
    }

    /// <summary>The policy.</summary>
    public RetrainPolicy Policy { get; }

    /// <summary>The registry.</summary>
    public IModelRegistry Registry { get; }

    /// <summary>The job store.</summary>
    public JobStore Jobs { get; }

    /// <summary>Records a job for <paramref name="modelName"/> and submits its training.</summary>
    public async Task<RetrainJob> StartAsync(string modelName, TriggerKind trigger, string reason, IDictionary<string, double>? metricsBefore = null, CancellationToken cancellationToken = default)
    {
        var model = Policy.For(modelName);
        var runner = _runners(model);
        var now = _clock();
        var configPath = model.Training.Config is { } config ? Expand(config, modelName, null, null) : null;
        string? configHash = null;
        if (configPath is not null)
        {
            configHash = ConfigHash.Compute(Core.Yaml.PyYaml.ReadFile(configPath), configPath).Hash;
        }
        else if (Circuit(model) is { } circuit)
        {
            // The circuit's config as the build hashed it: the model is then registered under the hash the
            // config-change trigger and release resolution look for.
            configHash = circuit.Entry.ConfigHash;
            configPath = circuit.Manifest.ResolveConfigFile(circuit.Entry, Policy.BaseDirectory);
        }

        var job = Jobs.Create(modelName, trigger, reason, now, configure: j =>
        {
            j.Runner = runner.Name;
            j.ConfigPath = configPath;
            j.ConfigHash = configHash;
            j.ModelPath = model.Training.ModelOutput is { } output ? Expand(output, modelName, j.JobId, configHash) : null;
            foreach (var pair in metricsBefore ?? new Dictionary<string, double>())
            {
                j.MetricsBefore[pair.Key] = pair.Value;
            }
        });
        _progress.WriteLine($"{job.JobId}: {modelName} retraining ({JobStatuses.ToName(trigger)}: {reason}) on the {runner.Name} runner");

        var request = new TrainingRequest
        {
            JobId = job.JobId,
            ModelName = modelName,
            WorkingDirectory = model.Training.WorkingDirectory,
            LogDirectory = Jobs.LogFolder,
            Timeout = TimeSpan.FromMinutes(model.Training.TimeoutMinutes),
        };
        foreach (var part in model.Training.Command)
        {
            request.Command.Add(Expand(part, modelName, job.JobId, configHash, job));
        }

        foreach (var pair in model.Training.Environment)
        {
            request.Environment[pair.Key] = Expand(pair.Value, modelName, job.JobId, configHash, job);
        }

        request.Environment["LINEAGE_JOB_ID"] = job.JobId;
        request.Environment["LINEAGE_MODEL_NAME"] = modelName;
        request.Environment["LINEAGE_TRIGGER"] = JobStatuses.ToName(trigger);
        request.Environment["LINEAGE_TRAINING_WINDOW_DAYS"] = model.TrainingWindowDays.ToString(CultureInfo.InvariantCulture);
        request.Environment["LINEAGE_EVALUATION_WINDOW_DAYS"] = model.EvaluationWindowDays.ToString(CultureInfo.InvariantCulture);
        request.Environment["LINEAGE_REGISTRY"] = Jobs.RegistryRoot;
        Set(request.Environment, "LINEAGE_TRAINING_CONFIG", configPath);
        Set(request.Environment, "LINEAGE_CONFIG_HASH", configHash);
        Set(request.Environment, "LINEAGE_MODEL_OUTPUT", job.ModelPath);
        Set(request.Environment, "LINEAGE_PREDICTIONS", PredictionsPath(model, job));

        RunStatus status;
        try
        {
            status = await runner.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever stopped the submission, the job must not stay pending (and block the model) forever.
            job = Jobs.Move(job.JobId, JobStatus.Failed, _clock(), "submission failed: " + ex.Message);
            await NotifyAsync(RetrainEventKind.Failed, job).ConfigureAwait(false);
            throw;
        }

        job = Jobs.Update(job.JobId, _clock(), j =>
        {
            j.Status = JobStatus.Running;
            j.ExternalId = status.ExternalId;
            j.LogPath = status.LogPath;
            j.StartedAt = status.StartedAt ?? _clock();
        }, $"submitted to the {runner.Name} runner as {status.ExternalId}");
        await NotifyAsync(RetrainEventKind.Started, job).ConfigureAwait(false);
        return await MapRunAsync(job, status).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the runner where a running job is (waiting up to <paramref name="wait"/> for it to finish) and moves the
    /// job on: to <c>validation</c> when training succeeded, to <c>failed</c> when it did not.
    /// </summary>
    public async Task<RetrainJob> RefreshAsync(string jobId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var job = Jobs.Get(jobId);
        if (job.Status != JobStatus.Running)
        {
            return job;
        }

        var runner = _runners(Policy.For(job.ModelName));
        var status = wait > TimeSpan.Zero
            ? await runner.WaitAsync(jobId, wait, cancellationToken).ConfigureAwait(false)
            : await runner.GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
        return await MapRunAsync(job, status).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates the new model of a job in <c>validation</c> on its holdout predictions: the metrics, the accuracy
    /// floor and the audit hash. A model below the floor fails the job.
    /// </summary>
    public async Task<(RetrainJob Job, ValidationResult Result)> ValidateAsync(string jobId, string? predictionsPath = null, string? modelPath = null)
    {
        var job = Jobs.Get(jobId);
        if (job.Status != JobStatus.Validation)
        {
            throw new LineageException(DiagnosticCodes.InvalidJobTransition, $"job {jobId} is {JobStatuses.ToName(job.Status)}; only a job in validation (training finished) can be validated");
        }

        var model = Policy.For(job.ModelName);
        predictionsPath ??= PredictionsPath(model, job)
            ?? throw new LineageException(DiagnosticCodes.InvalidPredictions, $"no holdout predictions for {job.ModelName}: give --predictions or set 'training.predictions' in the policy");
        modelPath ??= job.ModelPath;
        var result = HoldoutValidator.Validate(job.ModelName, predictionsPath, modelPath, model.MinAccuracy, model.Training.PositiveLabel, _clock());
        var metrics = result.Metrics;
        var summary = $"accuracy {F(metrics.Accuracy)}, precision {F(metrics.Precision)}, recall {F(metrics.Recall)}, f1 {F(metrics.F1)} on {metrics.Count} holdout rows ({metrics.Averaging}); validation hash {result.ValidationHash.Substring(0, 12)}";
        void Record(RetrainJob j)
        {
            j.MetricsAfter = metrics.ToDictionary();
            j.ValidationHash = result.ValidationHash;
            j.ModelPath = modelPath;
        }

        if (!result.IsValid)
        {
            job = Jobs.Move(jobId, JobStatus.Failed, _clock(), $"validation failed: accuracy {F(metrics.Accuracy)} is below the floor {F(model.MinAccuracy)} ({summary})", Record);
            _progress.WriteLine($"{jobId}: rejected, accuracy {F(metrics.Accuracy)} < {F(model.MinAccuracy)}");
            await NotifyAsync(RetrainEventKind.Failed, job).ConfigureAwait(false);
            return (job, result);
        }

        job = Jobs.Update(jobId, _clock(), Record);
        _progress.WriteLine($"{jobId}: validated, {summary}");
        return (job, result);
    }

    /// <summary>
    /// The champion/challenger decision for a validated job: promote the new model through the registry when its
    /// decision metric beats the champion's by at least the minimum improvement, never when it is worse. With
    /// <paramref name="force"/>, a champion without that metric does not block the deployment (recorded).
    /// </summary>
    public async Task<RetrainJob> DeployAsync(string jobId, double? minImprovement = null, bool force = false, string? actor = null)
    {
        var job = Jobs.Get(jobId);
        if (job.Status != JobStatus.Validation || job.ValidationHash is null)
        {
            throw new LineageException(
                DiagnosticCodes.InvalidJobTransition,
                job.Status switch
                {
                    JobStatus.Validation => $"job {jobId} is not validated yet; validate it first ('lineage retrain validate {jobId}')",
                    JobStatus.Completed or JobStatus.Failed => $"job {jobId} is {JobStatuses.ToName(job.Status)}: its deployment was already decided ({(job.Deployed ? "deployed as v" + job.DeployedVersion : job.History.Last().Message)})",
                    _ => $"job {jobId} is {JobStatuses.ToName(job.Status)}; its training has to finish and be validated first ('lineage retrain status {jobId} --wait <seconds>')",
                });
        }

        var model = Policy.For(job.ModelName);
        var threshold = minImprovement ?? model.MinImprovement;
        var metric = model.DecisionMetric;
        if (!job.MetricsAfter.TryGetValue(metric, out var challenger))
        {
            throw new LineageException(DiagnosticCodes.DeploymentRefused, $"job {jobId} has no validated {metric}");
        }

        job = Jobs.Move(jobId, JobStatus.Deploying, _clock(), $"comparing {metric} with the champion");
        var champion = Champion(job.ModelName);
        double? improvement = null;
        string decision;
        var deploy = false;
        if (champion is null)
        {
            deploy = true;
            decision = $"no champion: {job.ModelName} has no deployed version";
        }
        else if (!champion.Value.Metrics.TryGetValue(metric, out var championValue))
        {
            deploy = force;
            decision = $"the champion v{champion.Value.Version.Text} has no recorded {metric}" + (force ? "; deployed anyway (--force)" : "; not deployed (use --force to deploy without a comparison)");
        }
        else
        {
            improvement = championValue == 0 ? (challenger > 0 ? double.PositiveInfinity : 0) : (challenger - championValue) / Math.Abs(championValue);
            deploy = challenger > championValue && improvement >= threshold;
            var change = double.IsPositiveInfinity(improvement.Value) ? "from 0" : $"{improvement.Value * 100:+0.00;-0.00;0.00}%";
            decision = deploy
                ? $"{metric} {F(challenger)} vs champion v{champion.Value.Version.Text} {F(championValue)}: {change}, at least the required {threshold * 100:0.##}%"
                : $"{metric} {F(challenger)} vs champion v{champion.Value.Version.Text} {F(championValue)}: {change}, " + (challenger <= championValue ? "not better than the champion" : $"below the required {threshold * 100:0.##}%");
        }

        job = Jobs.Update(jobId, _clock(), j =>
        {
            j.Improvement = improvement is { } i && !double.IsInfinity(i) ? i : null;
            j.ChampionMetrics = champion?.Metrics ?? new SortedDictionary<string, double>(StringComparer.Ordinal);
        });
        if (!deploy)
        {
            job = Jobs.Move(jobId, JobStatus.Completed, _clock(), "not deployed: " + decision);
            _progress.WriteLine($"{jobId}: not deployed, {decision}");
            await NotifyAsync(RetrainEventKind.Completed, job).ConfigureAwait(false);
            return job;
        }

        PromoteResult promoted;
        try
        {
            if (job.ModelPath is null)
            {
                throw new LineageException(DiagnosticCodes.DeploymentRefused, $"job {jobId} has no model file: set 'training.model_output' in the policy or validate with --model");
            }

            var request = new PromoteRequest
            {
                ModelName = job.ModelName,
                ModelPath = job.ModelPath,
                MetricsJson = MetricsJson(job.MetricsAfter),
                Actor = actor,
                Now = _clock(),
            };
            if (Circuit(model) is { } circuit)
            {
                foreach (var tag in circuit.Manifest.TagsFor(circuit.Entry))
                {
                    request.Tags[tag.Key] = tag.Value;
                }
            }

            if (job.ConfigHash is not null)
            {
                // What the model was trained from, even if the manifest moved on since the job started.
                request.Tags[RegistryTags.ConfigHash] = job.ConfigHash;
            }

            if (job.ConfigPath is not null && File.Exists(job.ConfigPath))
            {
                request.PipelineConfigPath = job.ConfigPath;
            }

            request.Tags["training_job"] = job.JobId;
            request.Tags["retrain_trigger"] = JobStatuses.ToName(job.Trigger);
            request.Tags["validation_hash"] = job.ValidationHash!;
            promoted = Registry.Promote(request);
        }
        catch (LineageException ex)
        {
            job = Jobs.Move(jobId, JobStatus.Failed, _clock(), "deployment failed: " + ex.Message);
            await NotifyAsync(RetrainEventKind.Failed, job).ConfigureAwait(false);
            throw;
        }

        var version = promoted.Version.Version.Text;
        job = Jobs.Move(jobId, JobStatus.Completed, _clock(), $"deployed as v{version}: {decision}", j =>
        {
            j.Deployed = true;
            j.DeployedAt = _clock();
            j.DeployedVersion = version;
        });
        _progress.WriteLine($"{jobId}: deployed {job.ModelName} v{version}, {decision}");
        await NotifyAsync(RetrainEventKind.Deployed, job).ConfigureAwait(false);
        await NotifyAsync(RetrainEventKind.Completed, job).ConfigureAwait(false);
        return job;
    }

    /// <summary>Marks a job that has not finished as failed, with a reason (an operator's decision, a lost runner).</summary>
    public async Task<RetrainJob> FailAsync(string jobId, string reason)
    {
        var job = Jobs.Move(jobId, JobStatus.Failed, _clock(), reason);
        await NotifyAsync(RetrainEventKind.Failed, job).ConfigureAwait(false);
        return job;
    }

    /// <summary>
    /// After a retraining deployment: reads the model's production metric since the deployment (the performance
    /// trigger's source and metric) and, when it fell below the threshold or below the champion the deployment
    /// replaced, rolls <c>latest</c> back to the previous version with the reason in the audit log.
    /// </summary>
    public async Task<GuardResult> GuardAsync(string modelName, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var model = Policy.For(modelName);
        var performance = model.Performance
            ?? throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"{modelName} has no performance trigger in the policy: the rollback check reads production metrics from its source");
        var deployment = Jobs.List(new JobFilter { ModelName = modelName }).FirstOrDefault(j => j.Deployed);
        if (deployment is null)
        {
            return new GuardResult(modelName, false, false, "no retraining deployment to check", null);
        }

        var latest = Registry.GetLatest(modelName);
        if (latest is null || latest.Value.Text != deployment.DeployedVersion)
        {
            return new GuardResult(modelName, false, false, $"latest is no longer v{deployment.DeployedVersion} from {deployment.JobId}", null);
        }

        var sources = _metricsSources ?? throw new LineageException(DiagnosticCodes.InvalidMetricsSource, "no metrics sources were configured");
        var samples = await sources(performance.Source).QueryAsync(
            new MetricQuery { ModelName = modelName, Metric = performance.Metric, From = deployment.DeployedAt ?? deployment.UpdatedAt, To = _clock(), Expression = performance.Expression },
            cancellationToken).ConfigureAwait(false);
        var values = samples.Select(s => s.Value).Where(v => !double.IsNaN(v)).ToList();
        if (values.Count < performance.MinSamples)
        {
            return new GuardResult(modelName, false, false, $"not enough production data since the deployment of v{deployment.DeployedVersion}: {values.Count} sample(s)", null);
        }

        var value = values.Average();
        var floor = performance.Threshold;
        var reasonParts = new List<string>();
        if (value < floor)
        {
            reasonParts.Add($"below the threshold {F(floor)}");
        }

        if (deployment.MetricsBefore.TryGetValue(performance.Metric, out var before) && value < before)
        {
            reasonParts.Add($"below the {F(before)} measured before the retraining");
        }

        var summary = $"mean production {performance.Metric} {F(value)} over {values.Count} samples since v{deployment.DeployedVersion} was deployed by {deployment.JobId}";
        if (reasonParts.Count == 0)
        {
            return new GuardResult(modelName, false, false, summary + ": healthy", null);
        }

        var reason = summary + " is " + string.Join(" and ", reasonParts);
        if (dryRun)
        {
            return new GuardResult(modelName, true, false, reason + " (dry run: not rolled back)", null);
        }

        var rollback = Registry.Rollback(new RollbackRequest { ModelName = modelName, Reason = "automatic rollback: " + reason, Now = _clock() });
        Jobs.Update(deployment.JobId, _clock(), j => j.ErrorMessage = $"rolled back to v{rollback.To.Text} at {JobJson.FormatTime(_clock())}: {reason}");
        _progress.WriteLine($"{modelName}: rolled back from v{rollback.From.Text} to v{rollback.To.Text}: {reason}");
        await NotifyAsync(RetrainEventKind.Failed, Jobs.Get(deployment.JobId)).ConfigureAwait(false);
        return new GuardResult(modelName, true, true, reason, rollback);
    }

    private async Task<RetrainJob> MapRunAsync(RetrainJob job, RunStatus status)
    {
        switch (status.State)
        {
            case RunState.Succeeded:
                job = Jobs.Move(job.JobId, JobStatus.Validation, _clock(), "training finished" + (status.ExitCode is { } code ? $" (exit code {code})" : string.Empty), j => j.LogPath = status.LogPath ?? j.LogPath);
                _progress.WriteLine($"{job.JobId}: training finished");
                return job;
            case RunState.Failed:
                job = Jobs.Move(job.JobId, JobStatus.Failed, _clock(), "training failed: " + (status.Message ?? "the runner reported a failure"), j => j.LogPath = status.LogPath ?? j.LogPath);
                _progress.WriteLine($"{job.JobId}: training failed: {status.Message}");
                await NotifyAsync(RetrainEventKind.Failed, job).ConfigureAwait(false);
                return job;
            default:
                return job;
        }
    }

    private static (Release.ManifestFile Manifest, Release.ManifestEntry Entry)? Circuit(ModelPolicy model)
    {
        if (model.Manifest is null)
        {
            return null;
        }

        var manifest = Release.ManifestFile.Read(model.Manifest);
        var entry = manifest.Circuits.FirstOrDefault(c => c.ModelName == model.ModelName);
        return entry is null ? null : (manifest, entry);
    }

    private (RegistryVersion Version, IDictionary<string, double> Metrics)? Champion(string modelName)
    {
        var latest = Registry.GetLatest(modelName);
        if (latest is null)
        {
            return null;
        }

        var version = Registry.GetVersion(modelName, latest.Value);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (version.MetricsJson is not null)
        {
            using var doc = JsonDocument.Parse(version.MetricsJson);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Number)
                    {
                        metrics[property.Name] = property.Value.GetDouble();
                    }
                }
            }
        }

        return (latest.Value, metrics);
    }

    private async Task NotifyAsync(RetrainEventKind kind, RetrainJob job)
    {
        if (_notifier is null)
        {
            return;
        }

        try
        {
            await _notifier.NotifyAsync(kind, job).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A notification is never worth a lost job update.
            _progress.WriteLine($"warning: the {kind.ToString().ToLowerInvariant()} notification for {job.JobId} failed: {ex.Message}");
        }
    }

    private string? PredictionsPath(ModelPolicy model, RetrainJob job) =>
        model.Training.Predictions is { } p ? Expand(p, job.ModelName, job.JobId, job.ConfigHash, job) : null;

    private string Expand(string text, string modelName, string? jobId, string? configHash, RetrainJob? job = null)
    {
        if (text.IndexOf('{') < 0)
        {
            return text;
        }

        var expanded = text
            .Replace("{model}", modelName)
            .Replace("{job_id}", jobId ?? string.Empty)
            .Replace("{config_hash}", configHash ?? string.Empty)
            .Replace("{registry}", Jobs.RegistryRoot);
        if (job is not null)
        {
            expanded = expanded
                .Replace("{config}", job.ConfigPath ?? string.Empty)
                .Replace("{model_output}", job.ModelPath ?? string.Empty)
                .Replace("{predictions}", text.Contains("{predictions}") && Policy.For(modelName).Training.Predictions is { } p && !p.Contains("{predictions}") ? Expand(p, modelName, jobId, configHash, job) : string.Empty);
        }

        // Paths in the policy were resolved against its folder unless they held placeholders: resolve them now.
        return expanded;
    }

    private static void Set(IDictionary<string, string> environment, string name, string? value)
    {
        if (value is not null)
        {
            environment[name] = value;
        }
    }

    private static string MetricsJson(IDictionary<string, double> metrics) => System.Text.Encoding.UTF8.GetString(RegistryJson.Write(json =>
    {
        json.WriteStartObject();
        foreach (var pair in metrics)
        {
            json.WriteNumber(pair.Key, pair.Value);
        }

        json.WriteEndObject();
    }, indented: false)).TrimEnd('\n');

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
