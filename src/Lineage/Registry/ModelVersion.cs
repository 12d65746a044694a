using System;
using System.Collections.Generic;
using System.Linq;

namespace Lineage.Registry;

/// <summary>Well-known tag names of registered versions, beyond the circuit tags of <c>Lineage.Core.Manifest.ModelTags</c>.</summary>
public static class RegistryTags
{
    /// <summary>The config hash the model was trained from (seed 000).</summary>
    public const string ConfigHash = "config_hash";

    /// <summary>The commit the training configs came from.</summary>
    public const string GitCommit = "git_commit";

    /// <summary>The CI run that promoted the model (<c>{provider}-{run id}</c>).</summary>
    public const string CiRun = "ci_run";

    /// <summary>A link to that CI run, when known.</summary>
    public const string CiRunUrl = "ci_run_url";

    /// <summary><c>true</c> once a version has been signed off for production.</summary>
    public const string ProductionReady = "production_ready";

    /// <summary>Who signed the version off.</summary>
    public const string SignedOffBy = "signed_off_by";

    /// <summary>When it was signed off (UTC, ISO 8601).</summary>
    public const string SignedOffAt = "signed_off_at";

    /// <summary>Why it was signed off.</summary>
    public const string SignOffReason = "signoff_reason";

    /// <summary>Tags only the registry writes; <c>--tag</c> cannot set them.</summary>
    public static readonly IReadOnlyCollection<string> Reserved = new[] { ProductionReady, SignedOffBy, SignedOffAt, SignOffReason };
}

/// <summary>The quality gate status recorded with a version.</summary>
public enum GateStatus
{
    /// <summary>No gate report was given at promotion.</summary>
    None,

    /// <summary>The gate passed.</summary>
    Pass,

    /// <summary>The gate failed and the promotion was explicitly allowed anyway.</summary>
    Fail,
}

/// <summary>A small file copied into a version folder, with its checksum.</summary>
public sealed class ArtifactRecord
{
    /// <summary>Creates a record.</summary>
    public ArtifactRecord(string name, string sha256, long size)
    {
        Name = name;
        Sha256 = sha256;
        Size = size;
    }

    /// <summary>The file name inside the version folder.</summary>
    public string Name { get; }

    /// <summary>Lower-case hex SHA-256 of its content.</summary>
    public string Sha256 { get; }

    /// <summary>Its size in bytes.</summary>
    public long Size { get; }
}

/// <summary>
/// One registered version of a model: the content of its <c>metadata.json</c>. Immutable; sign-off produces a copy
/// with more tags.
/// </summary>
public sealed class ModelVersion
{
    /// <summary>Creates a version record.</summary>
    public ModelVersion(
        string modelName,
        RegistryVersion version,
        string modelPath,
        string sha256,
        long size,
        string? metricsJson,
        IReadOnlyDictionary<string, string> tags,
        IReadOnlyList<ArtifactRecord> artifacts,
        string? pipelineConfig,
        GateStatus gate,
        bool gateFailureAllowed,
        string promotedBy,
        string promotedAt)
    {
        ModelName = modelName;
        Version = version;
        ModelPath = modelPath;
        Sha256 = sha256;
        Size = size;
        MetricsJson = metricsJson;
        Tags = new SortedDictionary<string, string>(tags.ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal);
        Artifacts = artifacts;
        PipelineConfig = pipelineConfig;
        Gate = gate;
        GateFailureAllowed = gateFailureAllowed;
        PromotedBy = promotedBy;
        PromotedAt = promotedAt;
    }

    /// <summary>The model name.</summary>
    public string ModelName { get; }

    /// <summary>The version.</summary>
    public RegistryVersion Version { get; }

    /// <summary>The folder name, <c>{model}_v{version}</c>.</summary>
    public string Id => RegistryNames.VersionId(ModelName, Version);

    /// <summary>The model file as given at promotion (full path). The binary itself is never copied.</summary>
    public string ModelPath { get; }

    /// <summary>Lower-case hex SHA-256 of the model file.</summary>
    public string Sha256 { get; }

    /// <summary>The model file's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The metrics that justified the promotion, as the JSON object given, or <c>null</c>.</summary>
    public string? MetricsJson { get; }

    /// <summary>Tags, ordered by key: config hash, plant, circuit, cutoff date, training job, git commit, CI run, sign-off ...</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The small files copied into the version folder.</summary>
    public IReadOnlyList<ArtifactRecord> Artifacts { get; }

    /// <summary>The copied pipeline config's file name in the version folder (also listed in <see cref="Artifacts"/>), or <c>null</c>.</summary>
    public string? PipelineConfig { get; }

    /// <summary>The quality gate status at promotion.</summary>
    public GateStatus Gate { get; }

    /// <summary>True when the gate had failed and the promotion was explicitly allowed (<c>--allow-gate-fail</c>).</summary>
    public bool GateFailureAllowed { get; }

    /// <summary>Who promoted it (the CI actor when known).</summary>
    public string PromotedBy { get; }

    /// <summary>When, UTC ISO 8601.</summary>
    public string PromotedAt { get; }

    /// <summary>The <c>config_hash</c> tag, or <c>null</c>.</summary>
    public string? ConfigHash => Tags.TryGetValue(RegistryTags.ConfigHash, out var hash) ? hash : null;

    /// <summary>Whether the version was signed off for production.</summary>
    public bool ProductionReady => Tags.TryGetValue(RegistryTags.ProductionReady, out var value) && value == "true";

    /// <summary>A copy with <paramref name="extraTags"/> added (replacing tags of the same key).</summary>
    public ModelVersion WithTags(IEnumerable<KeyValuePair<string, string>> extraTags)
    {
        var tags = new Dictionary<string, string>(Tags.ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal);
        foreach (var tag in extraTags)
        {
            tags[tag.Key] = tag.Value;
        }

        return new ModelVersion(ModelName, Version, ModelPath, Sha256, Size, MetricsJson, tags, Artifacts, PipelineConfig, Gate, GateFailureAllowed, PromotedBy, PromotedAt);
    }

    /// <summary>The index entry of this version.</summary>
    public VersionSummary ToSummary() => new(Version, Sha256, Size, PromotedAt, Tags);
}

/// <summary>
/// What the per-model index keeps of a version: enough to find versions by tag (config hash, production sign-off)
/// without opening every <c>metadata.json</c>.
/// </summary>
public sealed class VersionSummary
{
    /// <summary>Creates an index entry.</summary>
    public VersionSummary(RegistryVersion version, string sha256, long size, string promotedAt, IReadOnlyDictionary<string, string> tags)
    {
        Version = version;
        Sha256 = sha256;
        Size = size;
        PromotedAt = promotedAt;
        Tags = tags;
    }

    /// <summary>The version.</summary>
    public RegistryVersion Version { get; }

    /// <summary>SHA-256 of the model file.</summary>
    public string Sha256 { get; }

    /// <summary>Size of the model file.</summary>
    public long Size { get; }

    /// <summary>When it was promoted.</summary>
    public string PromotedAt { get; }

    /// <summary>All tags of the version.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The <c>config_hash</c> tag, or <c>null</c>.</summary>
    public string? ConfigHash => Tags.TryGetValue(RegistryTags.ConfigHash, out var hash) ? hash : null;

    /// <summary>Whether the version was signed off for production.</summary>
    public bool ProductionReady => Tags.TryGetValue(RegistryTags.ProductionReady, out var value) && value == "true";
}
