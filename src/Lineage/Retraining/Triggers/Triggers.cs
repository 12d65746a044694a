using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Release;
using Lineage.Retraining.Drift;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Policy;

namespace Lineage.Retraining.Triggers;

/// <summary>One trigger's answer: retrain or not, and why.</summary>
public sealed class TriggerResult
{
    /// <summary>Creates a result.</summary>
    public TriggerResult(TriggerKind kind, bool fired, string reason, IDictionary<string, double>? values = null, string? error = null, string? errorCode = null)
    {
        ErrorCode = errorCode;
        Kind = kind;
        Fired = fired;
        Reason = reason;
        Values = values ?? new SortedDictionary<string, double>(StringComparer.Ordinal);
        Error = error;
    }

    /// <summary>Which trigger.</summary>
    public TriggerKind Kind { get; }

    /// <summary>Whether it asks for retraining.</summary>
    public bool Fired { get; }

    /// <summary>Why (or why not), in words.</summary>
    public string Reason { get; }

    /// <summary>The numbers behind the answer (the metric, PSI per feature, ...).</summary>
    public IDictionary<string, double> Values { get; }

    /// <summary>Why the trigger could not be evaluated (a source down, a file missing), or <c>null</c>.</summary>
    public string? Error { get; }

    /// <summary>The <c>LIN</c> code of <see cref="Error"/>, or <c>null</c>.</summary>
    public string? ErrorCode { get; }
}

/// <summary>A model's combined answer: retrain when any trigger fired.</summary>
public sealed class RetrainDecision
{
    internal RetrainDecision(string modelName, IReadOnlyList<TriggerResult> triggers, string? activeJob)
    {
        ModelName = modelName;
        Triggers = triggers;
        ActiveJob = activeJob;
    }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary>Every trigger that is on for the model, in a fixed order (config change, performance, drift, schedule).</summary>
    public IReadOnlyList<TriggerResult> Triggers { get; }

    /// <summary>A job of the model that has not finished, or <c>null</c>; a retrain is not started while one runs.</summary>
    public string? ActiveJob { get; }

    /// <summary>Whether any trigger fired.</summary>
    public bool Retrain => Triggers.Any(t => t.Fired);

    /// <summary>The first trigger that fired (the job's trigger), or <c>null</c>.</summary>
    public TriggerResult? Primary => Triggers.FirstOrDefault(t => t.Fired);

    /// <summary>Whether some trigger could not be evaluated.</summary>
    public bool HasErrors => Triggers.Any(t => t.Error is not null);

    /// <summary>The numbers of every trigger that fired (the first one's value wins a shared name): the job's metrics before.</summary>
    public IDictionary<string, double> Values
    {
        get
        {
            var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var trigger in Triggers.Where(t => t.Fired))
            {
                foreach (var pair in trigger.Values)
                {
                    if (!values.ContainsKey(pair.Key))
                    {
                        values[pair.Key] = pair.Value;
                    }
                }
            }

            return values;
        }
    }

    /// <summary>The reasons of the triggers that fired, joined.</summary>
    public string Reason => string.Join("; ", Triggers.Where(t => t.Fired).Select(t => t.Reason));
}

/// <summary>Evaluates the triggers of a policy: the one place that says "retrain? yes/no and why".</summary>
public sealed class TriggerEvaluator
{
    private readonly IModelRegistry? _registry;
    private readonly JobStore? _jobs;
    private readonly Func<string, IMetricsSource> _metricsSources;

    /// <summary>Creates an evaluator; <paramref name="metricsSources"/> turns a policy's <c>source</c> into a metrics source.</summary>
    public TriggerEvaluator(IModelRegistry? registry, JobStore? jobs, Func<string, IMetricsSource> metricsSources)
    {
        _registry = registry;
        _jobs = jobs;
        _metricsSources = metricsSources;
    }

    /// <summary>
    /// The models a check covers: the policy's own, plus every circuit of a config-change manifest, or just
    /// <paramref name="only"/> when given.
    /// </summary>
    public static IReadOnlyList<string> ModelsOf(RetrainPolicy policy, IEnumerable<string>? only)
    {
        if (only is not null && only.Any())
        {
            return only.Distinct(StringComparer.Ordinal).ToList();
        }

        var names = new SortedSet<string>(policy.Models.Keys, StringComparer.Ordinal);
        if (policy.Defaults.ConfigChange is { AllCircuits: true } change)
        {
            foreach (var circuit in ManifestFile.Read(change.Manifest).Circuits)
            {
                names.Add(circuit.ModelName);
            }
        }

        return names.ToList();
    }

    /// <summary>Evaluates every trigger that is on for <paramref name="model"/> at <paramref name="now"/>.</summary>
    public async Task<RetrainDecision> EvaluateAsync(ModelPolicy model, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var results = new List<TriggerResult>();
        if (model.ConfigChange is not null)
        {
            results.Add(Guard(TriggerKind.ConfigChange, () => ConfigChange(model, model.ConfigChange)));
        }

        if (model.Performance is not null)
        {
            results.Add(await GuardAsync(TriggerKind.Performance, () => PerformanceAsync(model, model.Performance, now, cancellationToken)).ConfigureAwait(false));
        }

        if (model.Drift is not null)
        {
            results.Add(Guard(TriggerKind.Drift, () => Drift(model, model.Drift)));
        }

        if (model.Schedule is not null)
        {
            results.Add(Guard(TriggerKind.Schedule, () => Schedule(model, model.Schedule, now)));
        }

        var active = _jobs?.List(new JobFilter { ModelName = model.ModelName }).FirstOrDefault(j => !JobStatuses.IsFinal(j.Status));
        return new RetrainDecision(model.ModelName, results, active?.JobId);
    }

    /// <summary>The performance trigger: the window's samples, summarised, against the threshold.</summary>
    public async Task<TriggerResult> PerformanceAsync(ModelPolicy model, PerformanceTriggerSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = now.AddDays(-model.EvaluationWindowDays);
        var samples = await _metricsSources(settings.Source).QueryAsync(
            new MetricQuery { ModelName = model.ModelName, Metric = settings.Metric, From = from, To = now, Expression = settings.Expression },
            cancellationToken).ConfigureAwait(false);
        var values = samples.Select(s => s.Value).Where(v => !double.IsNaN(v)).ToList();
        var window = $"the last {model.EvaluationWindowDays} days";
        if (values.Count < settings.MinSamples)
        {
            return new TriggerResult(
                TriggerKind.Performance,
                false,
                $"not enough data: {values.Count} sample(s) of {settings.Metric} in {window}, {settings.MinSamples} needed",
                new SortedDictionary<string, double>(StringComparer.Ordinal) { ["samples"] = values.Count });
        }

        var value = Aggregate(values, settings.Aggregate);
        var fired = value < settings.Threshold;
        var numbers = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            [settings.Metric] = value,
            ["threshold"] = settings.Threshold,
            ["samples"] = values.Count,
        };
        var verdict = fired ? "below" : "at or above";
        return new TriggerResult(
            TriggerKind.Performance,
            fired,
            $"{settings.Aggregate} {settings.Metric} {F(value)} over {window} ({values.Count} samples) is {verdict} the threshold {F(settings.Threshold)}",
            numbers);
    }

    /// <summary>
    /// The drift trigger: PSI and Kolmogorov-Smirnov per numeric feature (<see cref="DriftDetector"/>, docs/drift.md);
    /// fires when a feature's PSI is above the threshold, or, with <c>ks_fires</c>, its KS p-value below alpha.
    /// </summary>
    public TriggerResult Drift(ModelPolicy model, DriftTriggerSettings settings)
    {
        var options = new DriftOptions { PsiThreshold = settings.PsiThreshold, KsAlpha = settings.KsAlpha, Bins = settings.Bins };
        if (settings.Features is not null)
        {
            options.Features = settings.Features.ToList();
        }

        var report = DriftDetector.CompareFiles(settings.Reference.Replace("{model}", model.ModelName), settings.Current.Replace("{model}", model.ModelName), options);
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var drifted = new List<string>();
        FeatureDrift? worst = null;
        foreach (var feature in report.Features.Where(f => f.Compared))
        {
            values["psi." + feature.Name] = feature.Psi;
            values["ks_pvalue." + feature.Name] = feature.Ks.PValue;
            if (worst is null || feature.Psi > worst.Psi)
            {
                worst = feature;
            }

            if (feature.PsiDrifted)
            {
                drifted.Add($"{feature.Name} PSI {F(feature.Psi)} > {F(settings.PsiThreshold)}");
            }
            else if (settings.KsFires && feature.KsDrifted)
            {
                drifted.Add($"{feature.Name} KS p-value {feature.Ks.PValue.ToString("0.###e+0", CultureInfo.InvariantCulture)} < {F(settings.KsAlpha)} (D {F(feature.Ks.Statistic)})");
            }
        }

        if (worst is null)
        {
            throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"no numeric feature to compare in {settings.Reference} and {settings.Current}");
        }

        return drifted.Count > 0
            ? new TriggerResult(TriggerKind.Drift, true, "drift: " + string.Join(", ", drifted), values)
            : new TriggerResult(TriggerKind.Drift, false, $"no drift: largest PSI {F(worst.Psi)} ({worst.Name}) is at most {F(settings.PsiThreshold)}", values);
    }

    /// <summary>The schedule trigger: due when an occurrence of the cron expression passed since the last run.</summary>
    public TriggerResult Schedule(ModelPolicy model, ScheduleTriggerSettings settings, DateTimeOffset now)
    {
        var (lastRun, what) = LastRun(model.ModelName);
        var zone = settings.TimeZone.Id;
        if (lastRun is null)
        {
            return new TriggerResult(TriggerKind.Schedule, true, $"schedule '{settings.Cron}' ({zone}): never trained or retrained");
        }

        var next = settings.Expression.GetNextOccurrence(lastRun.Value, settings.TimeZone);
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["last_run_unix"] = lastRun.Value.ToUnixTimeSeconds(),
        };
        if (next is { } due && due <= now)
        {
            values["due_unix"] = due.ToUnixTimeSeconds();
            return new TriggerResult(TriggerKind.Schedule, true, $"schedule '{settings.Cron}' ({zone}) was due at {T(due)}; the last run was {what} at {T(lastRun.Value)}", values);
        }

        return new TriggerResult(
            TriggerKind.Schedule,
            false,
            next is { } upcoming
                ? $"schedule '{settings.Cron}' ({zone}) is next due at {T(upcoming)}; the last run was {what} at {T(lastRun.Value)}"
                : $"schedule '{settings.Cron}' ({zone}) has no further occurrence",
            values);
    }

    /// <summary>The config-change trigger: no registered model has the circuit's current config hash.</summary>
    public TriggerResult ConfigChange(ModelPolicy model, ConfigChangeTriggerSettings settings)
    {
        if (_registry is null)
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, "the config-change trigger needs the registry: give --registry or set LINEAGE_REGISTRY");
        }

        var manifest = ManifestFile.Read(settings.Manifest);
        var entry = manifest.Circuits.FirstOrDefault(c => c.ModelName == model.ModelName);
        if (entry is null)
        {
            return new TriggerResult(TriggerKind.ConfigChange, false, $"{model.ModelName} is not in the manifest {settings.Manifest}");
        }

        var plan = ReleaseResolver.Plan(_registry, manifest).Entries.First(e => e.ModelName == model.ModelName);
        return plan.Status switch
        {
            PlanStatus.NeedsTraining => new TriggerResult(
                TriggerKind.ConfigChange,
                true,
                plan.Latest is null
                    ? $"config {entry.ConfigHash} has no registered model (the model has no versions yet)"
                    : $"config {entry.ConfigHash} has no registered model; latest is v{plan.Latest.Value.Text}, trained from {plan.LatestConfigHash ?? "an unknown config"}"),
            PlanStatus.Deployable => new TriggerResult(TriggerKind.ConfigChange, false, $"config {entry.ConfigHash} was trained as v{plan.Candidate!.Value.Text} but latest is v{plan.Latest!.Value.Text}: deploy it rather than retrain ('lineage registry rollback --target-version {plan.Candidate.Value.Text}')"),
            _ => new TriggerResult(TriggerKind.ConfigChange, false, $"latest v{plan.Latest!.Value.Text} was trained from the current config {entry.ConfigHash}"),
        };
    }

    /// <summary>The last run of a model: its newest job that did not fail, else its newest registered version.</summary>
    public (DateTimeOffset? At, string What) LastRun(string modelName)
    {
        var job = _jobs?.List(new JobFilter { ModelName = modelName }).FirstOrDefault(j => j.Status != JobStatus.Failed);
        if (job is not null)
        {
            return (job.CreatedAt, "job " + job.JobId);
        }

        if (_registry is not null)
        {
            var newest = _registry.FindVersions(modelName).LastOrDefault();
            if (newest is not null && DateTimeOffset.TryParse(newest.PromotedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var promoted))
            {
                return (promoted, "the promotion of v" + newest.Version.Text);
            }
        }

        return (null, "never");
    }

    private static double Aggregate(List<double> values, string how)
    {
        switch (how)
        {
            case "min":
                return values.Min();
            case "last":
                return values[values.Count - 1];
            case "median":
                var sorted = values.OrderBy(v => v).ToList();
                var middle = sorted.Count / 2;
                return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            default:
                return values.Average();
        }
    }

    private static TriggerResult Guard(TriggerKind kind, Func<TriggerResult> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (LineageException ex)
        {
            return new TriggerResult(kind, false, "not evaluated", error: ex.ToDisplayString(), errorCode: ex.Code);
        }
    }

    private static async Task<TriggerResult> GuardAsync(TriggerKind kind, Func<Task<TriggerResult>> evaluate)
    {
        try
        {
            return await evaluate().ConfigureAwait(false);
        }
        catch (LineageException ex)
        {
            return new TriggerResult(kind, false, "not evaluated", error: ex.ToDisplayString(), errorCode: ex.Code);
        }
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
