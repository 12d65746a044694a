// The training entry point of the sample. The build has already written the per-circuit configs and the lineage
// manifest; a training job reads its circuit's config and tags the model it registers with the manifest's tags.
var manifest = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "artifacts", "lineage-manifest.json");
Console.WriteLine(File.Exists(manifest)
    ? $"Lineage manifest: {Path.GetFullPath(manifest)}"
    : "No lineage manifest yet: run `dotnet build` first.");
