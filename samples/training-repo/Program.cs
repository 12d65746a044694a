// The training entry point of the sample. The build has already written the per-circuit configs and the lineage
// manifest, and the Lineage source generator has turned the same catalog into typed classes (namespace TrainingRepo,
// the project's root namespace): a training job finds its circuit there and tags the model it registers with the
// circuit's config hash, the value the manifest records for it.
using TrainingRepo;

foreach (var circuit in Circuits.All)
{
    Console.WriteLine($"{circuit.ModelName} {circuit.ConfigHash} {circuit.CutoffDate:yyyy-MM-dd}");
}

// Typed settings of one circuit, and a tag to register its model with.
Console.WriteLine($"{Circuits.Plant001Circuit01.ModelName}: {Circuits.Plant001Circuit01.Target}, {Circuits.Plant001Circuit01.HorizonHours} h ahead, tagged {LineageTags.ConfigHash}={Circuits.Plant001Circuit01.ConfigHash}");

// The HPO studies' keys, for tagging their runs: the same values the manifest's "studies" section records
// (one study here: Studies.FailureModeClassifier).
foreach (ILineageStudy study in Studies.All)
{
    Console.WriteLine($"study {study.Name}: {LineageTags.StudyKeyHash}={study.StudyKeyHash} family {study.FamilyHash}");
}
