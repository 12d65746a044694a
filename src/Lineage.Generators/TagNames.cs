using Lineage.Core.Manifest;
using Lineage.Core.Study;

namespace Lineage.Generators;

/// <summary>
/// The tag-name constants of the generated <c>LineageTags</c> class: taken from Lineage.Core so the generated names
/// are the ones the manifest writes, and from <see cref="StudyTagNames"/> for seed 001's run tags (with the reference
/// codebase's default <c>code.</c> prefix; <see cref="StudyTagNames"/> takes another prefix at run time).
/// </summary>
internal static class TagNames
{
    /// <summary>Seed 000: the tags of a registered model, the manifest's <c>tags</c> object of each circuit.</summary>
    public static readonly (string Name, string Value, string Doc)[] Seed000 =
    {
        ("PlantId", ModelTags.PlantId, "The circuit's plant id."),
        ("CircuitId", ModelTags.CircuitId, "The circuit's id within its plant."),
        ("CutoffDate", ModelTags.CutoffDate, "The training data cutoff date, as the config writes it."),
        ("ConfigHash", ModelTags.ConfigHash, "The 12-character config hash the model was trained from."),
        ("TrainingJob", ModelTags.TrainingJob, "The job (CI run or training job) that produced the model."),
    };

    /// <summary>Seed 001: the tags of HPO runs (study, trial and refit), with the default <c>code.</c> prefix.</summary>
    public static readonly (string Name, string Value, string Doc)[] Seed001 =
    {
        ("Stage", StudyTagNames.Default.Stage, "The run's stage: hpo_trial, hpo_refit ..."),
        ("StudyKeyHash", StudyTagNames.Default.StudyKeyHash, "The study key v2 hash (64 hex digits)."),
        ("StudyFamilyHash", StudyTagNames.Default.StudyFamilyHash, "The study family hash."),
        ("TrialKeyHash", StudyTagNames.Default.TrialKeyHash, "The trial key hash."),
        ("DataFingerprint", StudyTagNames.Default.DataFingerprint, "The data fingerprint."),
        ("EvalFingerprint", StudyTagNames.Default.EvalFingerprint, "The evaluation fingerprint."),
        ("RefitOfTrialRunId", StudyTagNames.Default.RefitOfTrialRunId, "On a refit run: the id of the trial run it refits."),
        ("ArtifactAvailable", StudyTagNames.Default.ArtifactAvailable, "Whether the run's model artifact is available (\"true\")."),
    };
}
