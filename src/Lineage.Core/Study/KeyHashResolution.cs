using System;
using Lineage.Core.Python;

namespace Lineage.Core.Study;

/// <summary>
/// Reads tags of tracked runs. The tracking backend (MLflow, the file registry) implements it, so the key
/// resolution can take a parent run's tag as the source of truth without depending on any tracker.
/// </summary>
public interface IRunTagReader
{
    /// <summary>The value of tag <paramref name="tagName"/> on run <paramref name="runId"/>, or <c>null</c> when the run or the tag does not exist.</summary>
    string? GetTag(string runId, string tagName);
}

/// <summary>Where a resolved key hash came from.</summary>
public enum KeyHashSource
{
    /// <summary>Nothing was given, no tag was found and there was not enough to compute one.</summary>
    None,

    /// <summary>The caller passed the hash.</summary>
    Explicit,

    /// <summary>Read from a run's tag (the parent run for a study, the trial run for a trial).</summary>
    RunTag,

    /// <summary>Computed: study key v2, or the trial key.</summary>
    Computed,

    /// <summary>Computed as study key v1, because the caller said the run predates v2.</summary>
    ComputedV1,
}

/// <summary>A key hash and where it came from.</summary>
public sealed class ResolvedKeyHash
{
    internal ResolvedKeyHash(string? hash, KeyHashSource source)
    {
        Hash = hash;
        Source = source;
    }

    /// <summary>The 64-hex hash, or <c>null</c> when <see cref="Source"/> is <see cref="KeyHashSource.None"/>.</summary>
    public string? Hash { get; }

    /// <summary>Where <see cref="Hash"/> came from.</summary>
    public KeyHashSource Source { get; }

    /// <inheritdoc/>
    public override string ToString() => Hash is null ? "(none)" : $"{Hash} ({Source})";
}

/// <summary>What <see cref="KeyHashResolution.GetOrComputeStudyKeyHash"/> may use, in order of precedence.</summary>
public sealed class StudyKeyHashRequest
{
    /// <summary>1. A hash the caller already has; used when not empty.</summary>
    public string? StudyKeyHash { get; set; }

    /// <summary>2. The HPO parent run whose study key hash tag is the source of truth.</summary>
    public string? ParentRunId { get; set; }

    /// <summary>3. The data config (loaded YAML) to compute the key from.</summary>
    public object? DataConfig { get; set; }

    /// <summary>3. The HPO config.</summary>
    public object? HpoConfig { get; set; }

    /// <summary>3. The training config (v2 only).</summary>
    public object? TrainConfig { get; set; }

    /// <summary>3. The backbone name.</summary>
    public string? Backbone { get; set; }

    /// <summary>The benchmark config (v1 only).</summary>
    public object? BenchmarkConfig { get; set; }

    /// <summary>
    /// The run predates study key v2, so its hash is v1: computed as v1 (needs no training config) instead of v2.
    /// Leave false for every new run.
    /// </summary>
    public bool PredatesV2 { get; set; }
}

/// <summary>What <see cref="KeyHashResolution.GetOrComputeTrialKeyHash"/> may use, in order of precedence.</summary>
public sealed class TrialKeyHashRequest
{
    /// <summary>1. A hash the caller already has; used when not empty.</summary>
    public string? TrialKeyHash { get; set; }

    /// <summary>2. The trial run whose trial key hash tag is read.</summary>
    public string? TrialRunId { get; set; }

    /// <summary>3. The study key hash (from the parent run for refits; see seed 001) to compute the key from.</summary>
    public string? StudyKeyHash { get; set; }

    /// <summary>3. The trial's hyperparameters (a <see cref="Yaml.PyDict"/>).</summary>
    public object? Hyperparameters { get; set; }
}

/// <summary>
/// The lookup order of seed 001 ("parent run tags are the source of truth; always compute v2"): an explicit value,
/// else a run's tag, else compute. A computation that fails throws (a <see cref="Diagnostics.LineageException"/>)
/// rather than falling through to another kind of hash, so a run is never tagged with a hash Python would not give.
/// </summary>
public static class KeyHashResolution
{
    /// <summary>
    /// <c>get_or_compute_study_key_hash</c>: <see cref="StudyKeyHashRequest.StudyKeyHash"/> when not empty; else the
    /// parent run's <see cref="StudyTagNames.StudyKeyHash"/> tag when <paramref name="runs"/> and a parent run id are
    /// given and the tag is not empty; else study key v2 from the configs when the data, HPO and training configs are
    /// all non-empty and a backbone is named (v1 instead, needing no training config, when
    /// <see cref="StudyKeyHashRequest.PredatesV2"/> is set); else <see cref="KeyHashSource.None"/>.
    /// </summary>
    /// <param name="request">What is known about the study.</param>
    /// <param name="runs">Reads run tags; <c>null</c> skips the tag lookup.</param>
    /// <param name="tags">Tag names; <see cref="StudyTagNames.Default"/> when null.</param>
    public static ResolvedKeyHash GetOrComputeStudyKeyHash(StudyKeyHashRequest request, IRunTagReader? runs = null, StudyTagNames? tags = null)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        tags ??= StudyTagNames.Default;
        if (!string.IsNullOrEmpty(request.StudyKeyHash))
        {
            return new ResolvedKeyHash(request.StudyKeyHash, KeyHashSource.Explicit);
        }

        if (runs is not null && !string.IsNullOrEmpty(request.ParentRunId))
        {
            var tagged = runs.GetTag(request.ParentRunId!, tags.StudyKeyHash);
            if (!string.IsNullOrEmpty(tagged))
            {
                return new ResolvedKeyHash(tagged, KeyHashSource.RunTag);
            }
        }

        var haveCommon = PyOps.Truthy(request.DataConfig) && PyOps.Truthy(request.HpoConfig) && !string.IsNullOrEmpty(request.Backbone);
        if (haveCommon && request.PredatesV2)
        {
            var v1 = HpoKeys.StudyKeyV1(request.DataConfig, request.HpoConfig, request.Backbone!, request.BenchmarkConfig);
            return new ResolvedKeyHash(HpoKeys.Hash64(v1), KeyHashSource.ComputedV1);
        }

        if (haveCommon && PyOps.Truthy(request.TrainConfig))
        {
            var v2 = HpoKeys.StudyKeyV2(request.DataConfig, request.HpoConfig, request.TrainConfig, request.Backbone!);
            return new ResolvedKeyHash(HpoKeys.Hash64(v2), KeyHashSource.Computed);
        }

        return new ResolvedKeyHash(null, KeyHashSource.None);
    }

    /// <summary>
    /// <c>get_or_compute_trial_key_hash</c>: <see cref="TrialKeyHashRequest.TrialKeyHash"/> when not empty; else the
    /// trial run's <see cref="StudyTagNames.TrialKeyHash"/> tag when not empty; else the trial key hash computed from
    /// the study key hash and the hyperparameters when both are non-empty; else <see cref="KeyHashSource.None"/>.
    /// </summary>
    /// <param name="request">What is known about the trial.</param>
    /// <param name="runs">Reads run tags; <c>null</c> skips the tag lookup.</param>
    /// <param name="tags">Tag names; <see cref="StudyTagNames.Default"/> when null.</param>
    public static ResolvedKeyHash GetOrComputeTrialKeyHash(TrialKeyHashRequest request, IRunTagReader? runs = null, StudyTagNames? tags = null)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        tags ??= StudyTagNames.Default;
        if (!string.IsNullOrEmpty(request.TrialKeyHash))
        {
            return new ResolvedKeyHash(request.TrialKeyHash, KeyHashSource.Explicit);
        }

        if (runs is not null && !string.IsNullOrEmpty(request.TrialRunId))
        {
            var tagged = runs.GetTag(request.TrialRunId!, tags.TrialKeyHash);
            if (!string.IsNullOrEmpty(tagged))
            {
                return new ResolvedKeyHash(tagged, KeyHashSource.RunTag);
            }
        }

        if (!string.IsNullOrEmpty(request.StudyKeyHash) && PyOps.Truthy(request.Hyperparameters))
        {
            var key = HpoKeys.TrialKey(request.StudyKeyHash!, request.Hyperparameters);
            return new ResolvedKeyHash(HpoKeys.Hash64(key), KeyHashSource.Computed);
        }

        return new ResolvedKeyHash(null, KeyHashSource.None);
    }
}
