using System;
using System.Collections.Generic;
using Lineage.Core.Manifest;

namespace Lineage.Registry;

/// <summary>
/// A model registry: versions of named models with checksums, tags and small artifacts, a <c>latest</c> pointer per
/// model, an audit trail of rollbacks. <see cref="FileSystemRegistry"/> is the default, on a plain directory; remote
/// backends implement the same contract. Every write is atomic and safe against concurrent writers.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Where the registry is (a directory, a URL), for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Registers a new version and moves <c>latest</c> to it; or, when a version with the same model file checksum and
    /// config hash exists, returns that one and changes nothing. Refuses a failed gate unless explicitly allowed.
    /// </summary>
    PromoteResult Promote(PromoteRequest request);

    /// <summary>Moves <c>latest</c> back to an earlier (or any named) version and writes a rollback log.</summary>
    RollbackResult Rollback(RollbackRequest request);

    /// <summary>Tags a version <c>production_ready=true</c> with who signed it off, when and why.</summary>
    SignOffResult SignOff(SignOffRequest request);

    /// <summary>The model names in the registry, ordered.</summary>
    IReadOnlyList<string> ListModels();

    /// <summary>Every version of a model from the index, oldest first; empty when the model is unknown.</summary>
    IReadOnlyList<VersionSummary> FindVersions(string modelName);

    /// <summary>Every version of every model that has tag <paramref name="key"/> = <paramref name="value"/>, from the indexes (for example all models trained from one config hash).</summary>
    IReadOnlyList<TaggedVersion> FindByTag(string key, string value);

    /// <summary>A version's full metadata.</summary>
    ModelVersion GetVersion(string modelName, RegistryVersion version);

    /// <summary>The version <c>latest</c> names, or <c>null</c> when the model has none.</summary>
    RegistryVersion? GetLatest(string modelName);

    /// <summary>Checks every invariant of the registry and, unless told not to, every model file's checksum.</summary>
    VerifyReport Verify(bool checkModelFiles = true);
}

/// <summary>A version found by tag, with its model.</summary>
public sealed class TaggedVersion
{
    internal TaggedVersion(string modelName, VersionSummary version)
    {
        ModelName = modelName;
        Version = version;
    }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary>The version's index entry.</summary>
    public VersionSummary Version { get; }
}

/// <summary>What to promote.</summary>
public sealed class PromoteRequest
{
    /// <summary>The model name (one per circuit: <c>plant001-circuit01</c>).</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The model file; only its checksum, size and path are stored.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>The metrics JSON object that justified the promotion, or <c>null</c>.</summary>
    public string? MetricsJson { get; set; }

    /// <summary>The quality gate result, <see cref="GateStatus.None"/> when no gate was run.</summary>
    public GateStatus Gate { get; set; }

    /// <summary>Promote even though <see cref="Gate"/> is <see cref="GateStatus.Fail"/>; recorded in the metadata.</summary>
    public bool AllowGateFailure { get; set; }

    /// <summary>Tags to record (config hash, plant, circuit, cutoff date, training job, git commit, CI run, your own).</summary>
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Small files to copy into the version folder under their own names (summaries, reports).</summary>
    public IList<string> Artifacts { get; } = new List<string>();

    /// <summary>The pipeline config to store beside the metadata (as <c>pipeline_config{.ext}</c>), or <c>null</c>.</summary>
    public string? PipelineConfigPath { get; set; }

    /// <summary>Who promotes; defaults to <see cref="Actor.Detect"/>.</summary>
    public string? Actor { get; set; }

    /// <summary>The promotion time; defaults to now.</summary>
    public DateTimeOffset? Now { get; set; }
}

/// <summary>The outcome of a promotion.</summary>
public sealed class PromoteResult
{
    internal PromoteResult(ModelVersion version, bool created, RegistryVersion? previousLatest, RegistryVersion? latest)
    {
        Version = version;
        Created = created;
        PreviousLatest = previousLatest;
        Latest = latest;
    }

    /// <summary>The registered version (new, or the existing one for the same model file and config hash).</summary>
    public ModelVersion Version { get; }

    /// <summary>False when the same model file and config hash were already registered (nothing changed).</summary>
    public bool Created { get; }

    /// <summary><c>latest</c> before the promotion.</summary>
    public RegistryVersion? PreviousLatest { get; }

    /// <summary><c>latest</c> after it.</summary>
    public RegistryVersion? Latest { get; }
}

/// <summary>What to roll back.</summary>
public sealed class RollbackRequest
{
    /// <summary>The model.</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The version to go to; <c>null</c> for the previous one (the newest version older than <c>latest</c>).</summary>
    public RegistryVersion? TargetVersion { get; set; }

    /// <summary>Why (required; it goes into the audit log).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Who; defaults to <see cref="Actor.Detect"/>.</summary>
    public string? Actor { get; set; }

    /// <summary>The CI run doing it, recorded in the log.</summary>
    public CiRun? Ci { get; set; }

    /// <summary>The time; defaults to now.</summary>
    public DateTimeOffset? Now { get; set; }
}

/// <summary>The outcome of a rollback.</summary>
public sealed class RollbackResult
{
    internal RollbackResult(string modelName, RegistryVersion from, RegistryVersion to, string? logFile)
    {
        ModelName = modelName;
        From = from;
        To = to;
        LogFile = logFile;
    }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary><c>latest</c> before.</summary>
    public RegistryVersion From { get; }

    /// <summary><c>latest</c> now.</summary>
    public RegistryVersion To { get; }

    /// <summary>The audit log written (full path), or <c>null</c> when <c>latest</c> already was the target.</summary>
    public string? LogFile { get; }

    /// <summary>Whether <c>latest</c> moved.</summary>
    public bool Changed => LogFile is not null;
}

/// <summary>What to sign off.</summary>
public sealed class SignOffRequest
{
    /// <summary>The model.</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The version.</summary>
    public RegistryVersion Version { get; set; }

    /// <summary>Why (required).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Who; defaults to <see cref="Actor.Detect"/>.</summary>
    public string? Actor { get; set; }

    /// <summary>The time; defaults to now.</summary>
    public DateTimeOffset? Now { get; set; }
}

/// <summary>The outcome of a sign-off.</summary>
public sealed class SignOffResult
{
    internal SignOffResult(ModelVersion version, bool changed)
    {
        Version = version;
        Changed = changed;
    }

    /// <summary>The version with its sign-off tags.</summary>
    public ModelVersion Version { get; }

    /// <summary>False when it had been signed off before (the first sign-off is kept).</summary>
    public bool Changed { get; }
}

/// <summary>One finding of <see cref="IModelRegistry.Verify"/>.</summary>
public sealed class VerifyFinding
{
    internal VerifyFinding(bool isError, string code, string subject, string message)
    {
        IsError = isError;
        Code = code;
        Subject = subject;
        Message = message;
    }

    /// <summary>True for a broken invariant; false for a note (an interrupted operation that the next write completes).</summary>
    public bool IsError { get; }

    /// <summary>The <c>LIN</c> code.</summary>
    public string Code { get; }

    /// <summary>The file or folder concerned, relative to the registry.</summary>
    public string Subject { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }
}

/// <summary>The result of <see cref="IModelRegistry.Verify"/>.</summary>
public sealed class VerifyReport
{
    internal VerifyReport(int models, int versions, int modelFilesChecked, IReadOnlyList<VerifyFinding> findings)
    {
        Models = models;
        Versions = versions;
        ModelFilesChecked = modelFilesChecked;
        Findings = findings;
    }

    /// <summary>Models seen.</summary>
    public int Models { get; }

    /// <summary>Complete versions seen.</summary>
    public int Versions { get; }

    /// <summary>Model files whose checksum was computed.</summary>
    public int ModelFilesChecked { get; }

    /// <summary>Problems and notes.</summary>
    public IReadOnlyList<VerifyFinding> Findings { get; }

    /// <summary>Whether no invariant is broken.</summary>
    public bool IsValid
    {
        get
        {
            foreach (var finding in Findings)
            {
                if (finding.IsError)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
