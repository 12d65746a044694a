using System;

namespace Lineage.Core.Study;

/// <summary>
/// The run tags of seed 001 that link HPO trials, refits and checkpoints, in one place. The reference codebase
/// writes them under the prefix <c>code.</c> (<c>code.study_key_hash</c>, <c>code.refit.of_trial_run_id</c>);
/// <see cref="StudyTagNames(string)"/> takes another prefix for trackers configured differently.
/// </summary>
public sealed class StudyTagNames
{
    /// <summary>The prefix of the reference codebase.</summary>
    public const string DefaultPrefix = "code.";

    /// <summary>Unprefixed name of the run's process stage (values <see cref="StageHpoTrial"/>, <see cref="StageHpoRefit"/>).</summary>
    public const string StageName = "stage";

    /// <summary>Unprefixed name of the study key hash tag.</summary>
    public const string StudyKeyHashName = "study_key_hash";

    /// <summary>Unprefixed name of the study family hash tag.</summary>
    public const string StudyFamilyHashName = "study_family_hash";

    /// <summary>Unprefixed name of the trial key hash tag.</summary>
    public const string TrialKeyHashName = "trial_key_hash";

    /// <summary>Unprefixed name of the data fingerprint tag.</summary>
    public const string DataFingerprintName = "fingerprint.data";

    /// <summary>Unprefixed name of the evaluation fingerprint tag.</summary>
    public const string EvalFingerprintName = "fingerprint.eval";

    /// <summary>Unprefixed name of the tag a refit run uses to name the trial run it refits.</summary>
    public const string RefitOfTrialRunIdName = "refit.of_trial_run_id";

    /// <summary>Unprefixed name of the tag that says a checkpoint was uploaded (value <see cref="ArtifactAvailableTrue"/>).</summary>
    public const string ArtifactAvailableName = "artifact.available";

    /// <summary>Unprefixed name of the tag holding the study key's schema version (<c>"2.0"</c> or <c>"1.0"</c>).</summary>
    public const string StudyKeySchemaVersionName = "study.key_schema_version";

    /// <summary>Unprefixed name of the tag holding the objective direction (<c>maximize</c> or <c>minimize</c>).</summary>
    public const string ObjectiveDirectionName = "objective.direction";

    /// <summary>The stage of an HPO trial run.</summary>
    public const string StageHpoTrial = "hpo_trial";

    /// <summary>The stage of an HPO refit run.</summary>
    public const string StageHpoRefit = "hpo_refit";

    /// <summary>The value of <see cref="ArtifactAvailable"/> once the checkpoint is uploaded.</summary>
    public const string ArtifactAvailableTrue = "true";

    /// <summary>Creates the tag names under <paramref name="prefix"/> (may be empty, not null).</summary>
    public StudyTagNames(string prefix = DefaultPrefix)
    {
        Prefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
    }

    /// <summary>The tag names of the reference codebase (prefix <c>code.</c>).</summary>
    public static StudyTagNames Default { get; } = new();

    /// <summary>The prefix put before every name.</summary>
    public string Prefix { get; }

    /// <summary><c>code.stage</c> with the default prefix.</summary>
    public string Stage => Prefix + StageName;

    /// <summary><c>code.study_key_hash</c> with the default prefix.</summary>
    public string StudyKeyHash => Prefix + StudyKeyHashName;

    /// <summary><c>code.study_family_hash</c> with the default prefix.</summary>
    public string StudyFamilyHash => Prefix + StudyFamilyHashName;

    /// <summary><c>code.trial_key_hash</c> with the default prefix.</summary>
    public string TrialKeyHash => Prefix + TrialKeyHashName;

    /// <summary><c>code.fingerprint.data</c> with the default prefix.</summary>
    public string DataFingerprint => Prefix + DataFingerprintName;

    /// <summary><c>code.fingerprint.eval</c> with the default prefix.</summary>
    public string EvalFingerprint => Prefix + EvalFingerprintName;

    /// <summary><c>code.refit.of_trial_run_id</c> with the default prefix.</summary>
    public string RefitOfTrialRunId => Prefix + RefitOfTrialRunIdName;

    /// <summary><c>code.artifact.available</c> with the default prefix.</summary>
    public string ArtifactAvailable => Prefix + ArtifactAvailableName;

    /// <summary><c>code.study.key_schema_version</c> with the default prefix.</summary>
    public string StudyKeySchemaVersion => Prefix + StudyKeySchemaVersionName;

    /// <summary><c>code.objective.direction</c> with the default prefix.</summary>
    public string ObjectiveDirection => Prefix + ObjectiveDirectionName;

    /// <summary>The disk folder of a study: <c>study-</c> and the first 8 hex digits of its key hash.</summary>
    public static string StudyFolderName(string studyKeyHash) => "study-" + Short(studyKeyHash, nameof(studyKeyHash));

    /// <summary>The disk folder of a trial: <c>trial-</c> and the first 8 hex digits of its key hash.</summary>
    public static string TrialFolderName(string trialKeyHash) => "trial-" + Short(trialKeyHash, nameof(trialKeyHash));

    private static string Short(string hash, string name)
    {
        if (hash is null)
        {
            throw new ArgumentNullException(name);
        }

        return hash.Length <= 8 ? hash : hash.Substring(0, 8);
    }
}
