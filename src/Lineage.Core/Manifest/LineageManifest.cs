using System;
using System.Collections.Generic;

namespace Lineage.Core.Manifest;

/// <summary>
/// The tagged lineage manifest a build writes (<c>lineage-manifest.json</c>): every circuit with its config hash, the
/// generated config file and the tags for its registered model, plus the commit and CI run that built it. Its JSON
/// schema is <c>docs/lineage-manifest.schema.json</c>.
/// </summary>
public sealed class LineageManifest
{
    /// <summary>The schema version this library writes; bumped only for changes that break readers.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The manifest's file name.</summary>
    public const string FileName = "lineage-manifest.json";

    /// <summary>Creates a manifest.</summary>
    public LineageManifest(string generator, string? project, string? gitCommit, CiRun? ci, IReadOnlyList<ManifestCircuit> circuits, IReadOnlyList<ManifestStudy>? studies = null)
    {
        Studies = studies ?? Array.Empty<ManifestStudy>();
        Generator = generator ?? throw new ArgumentNullException(nameof(generator));
        Project = project;
        GitCommit = gitCommit;
        Ci = ci;
        Circuits = circuits ?? throw new ArgumentNullException(nameof(circuits));
    }

    /// <summary>Always <see cref="CurrentSchemaVersion"/> for manifests this library creates.</summary>
    public int SchemaVersion => CurrentSchemaVersion;

    /// <summary>What wrote the manifest, <c>Lineage.Build {version}</c>.</summary>
    public string Generator { get; }

    /// <summary>The project that built it (file name without extension), when known.</summary>
    public string? Project { get; }

    /// <summary>The commit of the working tree (or the CI's commit), when known.</summary>
    public string? GitCommit { get; }

    /// <summary>The CI run that built it, or <c>null</c> outside CI.</summary>
    public CiRun? Ci { get; }

    /// <summary>Every circuit of every catalog, in declaration order.</summary>
    public IReadOnlyList<ManifestCircuit> Circuits { get; }

    /// <summary>Every HPO study of the build (<c>LineageStudy</c> items), in declaration order.</summary>
    public IReadOnlyList<ManifestStudy> Studies { get; }

    /// <summary>The manifest as indented JSON (UTF-8 text, <c>\n</c> line ends, stable for equal content).</summary>
    public string ToJson()
    {
        var json = new JsonText();
        json.BeginObject();
        json.Number("schema_version", SchemaVersion);
        json.String("generator", Generator);
        json.String("project", Project);
        json.String("git_commit", GitCommit);
        if (Ci is null)
        {
            json.Null("ci");
        }
        else
        {
            json.BeginObject("ci");
            json.String("provider", Ci.Provider);
            json.String("run_id", Ci.RunId);
            json.String("run_number", Ci.RunNumber);
            json.String("attempt", Ci.Attempt);
            json.String("pipeline", Ci.Pipeline);
            json.String("url", Ci.Url);
            json.String("commit", Ci.Commit);
            json.EndObject();
        }

        json.BeginArray("circuits");
        foreach (var circuit in Circuits)
        {
            json.BeginObject();
            json.String("model_name", circuit.ModelName);
            json.String("plant_id", circuit.PlantId);
            json.String("circuit_id", circuit.CircuitId);
            json.String("cutoff_date", circuit.CutoffDate);
            json.String("config_hash", circuit.ConfigHash);
            json.String("config_file", circuit.ConfigFile);
            json.String("catalog", circuit.Catalog);
            json.BeginObject("tags");
            foreach (var tag in circuit.Tags)
            {
                json.String(tag.Key, tag.Value);
            }

            json.EndObject();
            json.EndObject();
        }

        json.EndArray();
        json.BeginArray("studies");
        foreach (var study in Studies)
        {
            json.BeginObject();
            json.String("name", study.Name);
            json.String("backbone", study.Backbone);
            json.String("study_key_hash", study.Keys.StudyKeyHash);
            json.String("study_key_v1_hash", study.Keys.StudyKeyV1Hash);
            json.String("family_hash", study.Keys.FamilyHash);
            json.String("data_fingerprint", study.Keys.DataFingerprint);
            json.String("eval_fingerprint", study.Keys.EvalFingerprint);
            json.String("data_config", study.DataConfig);
            json.String("hpo_config", study.HpoConfig);
            json.String("train_config", study.TrainConfig);
            json.String("benchmark_config", study.BenchmarkConfig);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }
}

/// <summary>One circuit of a <see cref="LineageManifest"/>.</summary>
public sealed class ManifestCircuit
{
    /// <summary>Creates a manifest entry.</summary>
    public ManifestCircuit(
        string modelName,
        string plantId,
        string circuitId,
        string? cutoffDate,
        string configHash,
        string configFile,
        string catalog,
        IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        ModelName = modelName;
        PlantId = plantId;
        CircuitId = circuitId;
        CutoffDate = cutoffDate;
        ConfigHash = configHash;
        ConfigFile = configFile;
        Catalog = catalog;
        Tags = tags;
    }

    /// <summary>The registry model name, <c>plant001-circuit01</c>.</summary>
    public string ModelName { get; }

    /// <summary>The plant id as the config writes it.</summary>
    public string PlantId { get; }

    /// <summary>The circuit id as the config writes it.</summary>
    public string CircuitId { get; }

    /// <summary><c>str(cutoff_date)</c>, or <c>null</c> when the circuit has none.</summary>
    public string? CutoffDate { get; }

    /// <summary>The 12-character config hash.</summary>
    public string ConfigHash { get; }

    /// <summary>The generated config file, relative to the project directory with <c>/</c> separators when inside it.</summary>
    public string ConfigFile { get; }

    /// <summary>The catalog the circuit comes from, relative like <see cref="ConfigFile"/>.</summary>
    public string Catalog { get; }

    /// <summary>Tags for the registered model, in a fixed order (see <see cref="ModelTags"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }
}

/// <summary>One HPO study of a <see cref="LineageManifest"/>: its keys and fingerprints as <c>hpo-keys.md</c> defines them.</summary>
public sealed class ManifestStudy
{
    /// <summary>Creates a manifest entry.</summary>
    public ManifestStudy(string name, string backbone, Study.StudyKeySet keys, string dataConfig, string hpoConfig, string trainConfig, string? benchmarkConfig)
    {
        Name = name;
        Backbone = backbone;
        Keys = keys;
        DataConfig = dataConfig;
        HpoConfig = hpoConfig;
        TrainConfig = trainConfig;
        BenchmarkConfig = benchmarkConfig;
    }

    /// <summary>The study's name (the item's identity).</summary>
    public string Name { get; }

    /// <summary>The backbone as declared (the keys hold it lower-cased and stripped).</summary>
    public string Backbone { get; }

    /// <summary>Every key and fingerprint.</summary>
    public Study.StudyKeySet Keys { get; }

    /// <summary>The data config, relative to the project directory when inside it.</summary>
    public string DataConfig { get; }

    /// <summary>The HPO config, relative like <see cref="DataConfig"/>.</summary>
    public string HpoConfig { get; }

    /// <summary>The training config, relative like <see cref="DataConfig"/>.</summary>
    public string TrainConfig { get; }

    /// <summary>The benchmark config, or <c>null</c>.</summary>
    public string? BenchmarkConfig { get; }
}
