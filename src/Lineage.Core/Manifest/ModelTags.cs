namespace Lineage.Core.Manifest;

/// <summary>
/// The tag names a registered model carries so a release pipeline can find it by config (seed 000): the values come
/// from the lineage manifest's <c>tags</c> object of each circuit.
/// </summary>
public static class ModelTags
{
    /// <summary>The circuit's plant id.</summary>
    public const string PlantId = "plant_id";

    /// <summary>The circuit's id within its plant.</summary>
    public const string CircuitId = "circuit_id";

    /// <summary>The training data cutoff date, as the config writes it.</summary>
    public const string CutoffDate = "cutoff_date";

    /// <summary>The 12-character config hash the model was trained from.</summary>
    public const string ConfigHash = "config_hash";

    /// <summary>The job (CI run or training job) that produced the model.</summary>
    public const string TrainingJob = "training_job";
}
