using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using Lineage.Core.Circuits;
using Lineage.Core.Diagnostics;
using Lineage.Core.IO;
using Lineage.Core.Yaml;

namespace Lineage.Core.Manifest;

/// <summary>A circuit catalog to generate, and where its per-circuit files go.</summary>
public sealed class CatalogSource
{
    /// <summary>Creates a source.</summary>
    /// <param name="path">The <c>circuits.yaml</c>.</param>
    /// <param name="outputDirectory">Where the per-circuit files go; <c>null</c> for a <c>circuits</c> folder beside the catalog.</param>
    public CatalogSource(string path, string? outputDirectory = null)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        OutputDirectory = string.IsNullOrWhiteSpace(outputDirectory)
            ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", "circuits")
            : outputDirectory!;
    }

    /// <summary>The catalog file.</summary>
    public string Path { get; }

    /// <summary>The folder of its per-circuit files.</summary>
    public string OutputDirectory { get; }
}

/// <summary>An HPO study whose keys and fingerprints go into the manifest (seed 001, <c>hpo-keys.md</c>).</summary>
public sealed class StudySource
{
    /// <summary>Creates a study source; the paths are resolved against the project directory.</summary>
    public StudySource(string name, string dataConfig, string hpoConfig, string trainConfig, string backbone, string? benchmarkConfig = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        DataConfig = dataConfig ?? throw new ArgumentNullException(nameof(dataConfig));
        HpoConfig = hpoConfig ?? throw new ArgumentNullException(nameof(hpoConfig));
        TrainConfig = trainConfig ?? throw new ArgumentNullException(nameof(trainConfig));
        Backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        BenchmarkConfig = benchmarkConfig;
    }

    /// <summary>The study's name (unique in a build).</summary>
    public string Name { get; }

    /// <summary>The data config YAML.</summary>
    public string DataConfig { get; }

    /// <summary>The HPO config YAML.</summary>
    public string HpoConfig { get; }

    /// <summary>The training config YAML.</summary>
    public string TrainConfig { get; }

    /// <summary>The backbone (model) name, as the Python code passes it.</summary>
    public string Backbone { get; }

    /// <summary>The benchmark config YAML (v1 and family keys only), or <c>null</c>.</summary>
    public string? BenchmarkConfig { get; }

    /// <summary>Where a problem that belongs to no YAML line is reported (the project file), or <c>null</c>.</summary>
    public string? DefinedIn { get; set; }
}

/// <summary>What <see cref="LineageGenerator.Run"/> works on.</summary>
public sealed class LineageGenerationRequest
{
    /// <summary>The directory paths in the manifest are relative to (the project's).</summary>
    public string ProjectDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>The project name recorded in the manifest.</summary>
    public string? ProjectName { get; set; }

    /// <summary>The catalogs, in order.</summary>
    public IList<CatalogSource> Catalogs { get; } = new List<CatalogSource>();

    /// <summary>The HPO studies, in order.</summary>
    public IList<StudySource> Studies { get; } = new List<StudySource>();

    /// <summary>Where the manifest is written; each path gets the same bytes. May be empty.</summary>
    public IList<string> ManifestPaths { get; } = new List<string>();

    /// <summary>The commit to record; <c>null</c> to read it from the repository around <see cref="ProjectDirectory"/>.</summary>
    public string? GitCommit { get; set; }

    /// <summary>The <c>training_job</c> tag; <c>null</c> for the CI run's identity (empty outside CI).</summary>
    public string? TrainingJob { get; set; }

    /// <summary>The CI run to record (usually <see cref="CiRun.Detect"/> over the environment).</summary>
    public CiRun? Ci { get; set; }

    /// <summary>The <c>metadata.generated_at</c> of new files (see <see cref="Circuits.GeneratedAt"/>).</summary>
    public string GeneratedAt { get; set; } = Circuits.GeneratedAt.Format(DateTimeOffset.UtcNow);

    /// <summary>YAML limits.</summary>
    public YamlLoadOptions? LoadOptions { get; set; }
}

/// <summary>The outcome of <see cref="LineageGenerator.Run"/>.</summary>
public sealed class LineageGenerationResult
{
    internal LineageGenerationResult(
        LineageManifest? manifest,
        IReadOnlyList<GeneratedCircuitFile> files,
        IReadOnlyList<string> manifestsWritten,
        IReadOnlyList<LineageException> errors)
    {
        Manifest = manifest;
        Files = files;
        ManifestsWritten = manifestsWritten;
        Errors = errors;
    }

    /// <summary>The manifest, or <c>null</c> when validation failed.</summary>
    public LineageManifest? Manifest { get; }

    /// <summary>Every circuit file handled, with what was done to it.</summary>
    public IReadOnlyList<GeneratedCircuitFile> Files { get; }

    /// <summary>The manifest paths whose content changed and were written.</summary>
    public IReadOnlyList<string> ManifestsWritten { get; }

    /// <summary>Every problem. Validation problems mean nothing was written; a LIN0104 write error stops at that file.</summary>
    public IReadOnlyList<LineageException> Errors { get; }

    /// <summary>Whether anything went wrong.</summary>
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// The build-time job, shared by the MSBuild task and the CLI: validate every catalog, write the per-circuit config
/// files and the tagged manifest. All catalogs are validated and rendered before the first write, so a problem in
/// any of them leaves every file as it was; each write is atomic and files whose content would not change are not
/// touched.
/// </summary>
public static class LineageGenerator
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The <c>generator</c> value of manifests: <c>Lineage.Build</c> and this library's version.</summary>
    public static string GeneratorName { get; } = "Lineage.Build " + LibraryVersion();

    /// <summary>Runs the job.</summary>
    public static LineageGenerationResult Run(LineageGenerationRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var errors = new List<LineageException>();
        var plans = new List<CircuitGenerationPlan>(request.Catalogs.Count);
        foreach (var source in request.Catalogs)
        {
            var catalog = CircuitCatalog.Load(source.Path, request.LoadOptions);
            var plan = CircuitConfigGenerator.Plan(catalog, Path.Combine(request.ProjectDirectory, source.OutputDirectory), request.GeneratedAt);
            errors.AddRange(plan.Errors);
            plans.Add(plan);
        }

        CheckAcrossCatalogs(plans, errors);
        var studies = ComputeStudies(request, errors);
        if (errors.Count > 0)
        {
            return new LineageGenerationResult(null, Array.Empty<GeneratedCircuitFile>(), Array.Empty<string>(), errors);
        }

        var manifest = BuildManifest(request, plans, studies);
        var files = new List<GeneratedCircuitFile>();
        foreach (var plan in plans)
        {
            var written = CircuitConfigGenerator.Write(plan);
            files.AddRange(written.Files);
            if (written.HasErrors)
            {
                errors.AddRange(written.Errors);
                return new LineageGenerationResult(manifest, files, Array.Empty<string>(), errors);
            }
        }

        var bytes = Utf8NoBom.GetBytes(manifest.ToJson());
        var manifestsWritten = new List<string>();
        foreach (var path in request.ManifestPaths)
        {
            try
            {
                if (AtomicFile.WriteIfChanged(path, bytes))
                {
                    manifestsWritten.Add(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                errors.Add(new LineageException(DiagnosticCodes.WriteError, $"cannot write the lineage manifest: {ex.Message}", path, inner: ex));
            }
        }

        return new LineageGenerationResult(manifest, files, manifestsWritten, errors);
    }

    // Within one catalog CircuitCatalog already refuses duplicates; across catalogs two entries may still claim one
    // file or one registry model name.
    private static void CheckAcrossCatalogs(List<CircuitGenerationPlan> plans, List<LineageException> errors)
    {
        var byPath = new Dictionary<string, (PlannedCircuitFile File, CircuitCatalog Catalog)>(StringComparer.Ordinal);
        var byModel = new Dictionary<string, (PlannedCircuitFile File, CircuitCatalog Catalog)>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            foreach (var file in plan.Files)
            {
                var circuit = file.Circuit;
                var pathKey = CircuitFileNames.CollisionKey(file.Path);
                if (byPath.TryGetValue(pathKey, out var first) && first.Catalog != plan.Catalog)
                {
                    errors.Add(new LineageException(
                        DiagnosticCodes.DuplicateCircuitId,
                        $"{Describe(circuit)} would write '{file.Path}', which {Describe(first.File.Circuit)} of {first.Catalog.SourceName} (line {first.File.Circuit.Line}) also writes; give the catalogs different output directories or the circuits different ids",
                        plan.Catalog.SourceName,
                        circuit.Line,
                        circuit.Column));
                    continue;
                }

                byPath[pathKey] = (file, plan.Catalog);
                if (byModel.TryGetValue(circuit.ModelName, out first) && first.Catalog != plan.Catalog)
                {
                    errors.Add(new LineageException(
                        DiagnosticCodes.DuplicateCircuitId,
                        $"{Describe(circuit)} gives the model name '{circuit.ModelName}', which {Describe(first.File.Circuit)} of {first.Catalog.SourceName} (line {first.File.Circuit.Line}) also gives; their models would be registered under one name",
                        plan.Catalog.SourceName,
                        circuit.Line,
                        circuit.Column));
                    continue;
                }

                byModel[circuit.ModelName] = (file, plan.Catalog);
            }
        }
    }

    private static List<ManifestStudy> ComputeStudies(LineageGenerationRequest request, List<LineageException> errors)
    {
        var studies = new List<ManifestStudy>(request.Studies.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var study in request.Studies)
        {
            if (!names.Add(study.Name))
            {
                errors.Add(new LineageException(DiagnosticCodes.InvalidStudyItem, $"study '{study.Name}' is declared twice; give each LineageStudy item its own name", study.DefinedIn));
                continue;
            }

            try
            {
                var data = LoadConfig(request, study.DataConfig);
                var hpo = LoadConfig(request, study.HpoConfig);
                var train = LoadConfig(request, study.TrainConfig);
                var benchmark = string.IsNullOrWhiteSpace(study.BenchmarkConfig) ? null : LoadConfig(request, study.BenchmarkConfig!);
                var keys = Study.HpoKeys.ComputeAll(data, hpo, train, study.Backbone, benchmark);
                studies.Add(new ManifestStudy(
                    study.Name,
                    study.Backbone,
                    keys,
                    Relative(request.ProjectDirectory, study.DataConfig),
                    Relative(request.ProjectDirectory, study.HpoConfig),
                    Relative(request.ProjectDirectory, study.TrainConfig),
                    string.IsNullOrWhiteSpace(study.BenchmarkConfig) ? null : Relative(request.ProjectDirectory, study.BenchmarkConfig!)));
            }
            catch (LineageException ex)
            {
                // YAML problems carry their file and line; a key that Python cannot compute belongs to the study item.
                errors.Add(ex.File is not null
                    ? ex
                    : new LineageException(ex.Code, $"study '{study.Name}': {ex.Message}", study.DefinedIn, inner: ex));
            }
        }

        return studies;
    }

    private static object? LoadConfig(LineageGenerationRequest request, string path)
    {
        var full = Path.Combine(request.ProjectDirectory, path);
        try
        {
            return PyYaml.Load(PyYaml.ReadFile(full, request.LoadOptions), full, request.LoadOptions);
        }
        catch (LineageException ex)
        {
            throw ex.WithFile(full);
        }
    }

    private static string Describe(Circuit circuit) => $"circuit {circuit.PlantId}/{circuit.CircuitId}";

    private static LineageManifest BuildManifest(LineageGenerationRequest request, List<CircuitGenerationPlan> plans, List<ManifestStudy> studies)
    {
        var ci = request.Ci;
        var commit = request.GitCommit;
        if (string.IsNullOrWhiteSpace(commit))
        {
            commit = GitHead.TryResolve(request.ProjectDirectory) ?? ci?.Commit;
        }

        var trainingJob = request.TrainingJob;
        if (string.IsNullOrWhiteSpace(trainingJob))
        {
            trainingJob = ci?.JobName ?? string.Empty;
        }

        var circuits = new List<ManifestCircuit>();
        foreach (var plan in plans)
        {
            var catalogPath = Relative(request.ProjectDirectory, plan.Catalog.SourceName ?? string.Empty);
            foreach (var file in plan.Files)
            {
                var circuit = file.Circuit;
                var tags = new[]
                {
                    new KeyValuePair<string, string>(ModelTags.PlantId, circuit.PlantId),
                    new KeyValuePair<string, string>(ModelTags.CircuitId, circuit.CircuitId),
                    new KeyValuePair<string, string>(ModelTags.CutoffDate, circuit.CutoffDate ?? string.Empty),
                    new KeyValuePair<string, string>(ModelTags.ConfigHash, circuit.ConfigHash),
                    new KeyValuePair<string, string>(ModelTags.TrainingJob, trainingJob!),
                };
                circuits.Add(new ManifestCircuit(
                    circuit.ModelName,
                    circuit.PlantId,
                    circuit.CircuitId,
                    circuit.CutoffDate,
                    circuit.ConfigHash,
                    Relative(request.ProjectDirectory, file.Path),
                    catalogPath,
                    tags));
            }
        }

        return new LineageManifest(GeneratorName, request.ProjectName, string.IsNullOrWhiteSpace(commit) ? null : commit, ci, circuits, studies);
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="baseDirectory"/> with <c>/</c> separators when it lies
    /// inside it (so manifests built on different agents compare equal), else the full path.
    /// </summary>
    internal static string Relative(string baseDirectory, string path)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        var root = Path.GetFullPath(baseDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return full.StartsWith(root, comparison)
            ? full.Substring(root.Length).Replace('\\', '/')
            : full;
    }

    private static string LibraryVersion()
    {
        var assembly = typeof(LineageGenerator).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is null)
        {
            return assembly.GetName().Version?.ToString() ?? "0.0.0";
        }

        // Drop the "+commit" build metadata the SDK appends: it would change the manifest on every commit.
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational.Substring(0, plus);
    }
}
