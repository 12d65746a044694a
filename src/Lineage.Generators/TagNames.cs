using Lineage.Core.Manifest;

namespace Lineage.Generators;

/// <summary>
/// The tag-name constants of the generated <c>LineageTags</c> class: taken from Lineage.Core so the generated names
/// are the ones the manifest writes. Seed 001's study and trial tags (with their configurable <c>code.</c> prefix) are
/// to be added as a second table here when Lineage.Core has them; the emitter writes every table it is given.
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
}
