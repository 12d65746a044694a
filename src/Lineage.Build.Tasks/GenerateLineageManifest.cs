using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Lineage.Core.Circuits;
using Lineage.Core.Diagnostics;
using Lineage.Core.IO;
using Lineage.Core.Manifest;
using Lineage.Core.Yaml;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lineage.Build.Tasks;

/// <summary>
/// Validates the <c>LineageCircuits</c> catalogs, writes the per-circuit config files and the tagged lineage
/// manifest, and returns one <c>LineageCircuit</c> item per circuit. A thin shell over
/// <see cref="LineageGenerator"/>, the code path the <c>lineage</c> CLI uses too.
/// </summary>
public sealed class GenerateLineageManifest : Task
{
    /// <summary>The <c>LineageCircuits</c> items: catalog files, with optional <c>OutputDirectory</c> metadata.</summary>
    [Required]
    public ITaskItem[] Catalogs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The <c>LineageStudy</c> items: identity = study name; <c>DataConfig</c>, <c>HpoConfig</c>,
    /// <c>TrainConfig</c>, <c>Backbone</c> and optional <c>BenchmarkConfig</c> metadata.</summary>
    public ITaskItem[] Studies { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project directory; relative paths are resolved against it and the manifest's paths are relative to it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The manifest in the intermediate directory.</summary>
    [Required]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>A second copy of the manifest (<c>LineageManifestOutputPath</c>), or empty.</summary>
    public string? ManifestCopyPath { get; set; }

    /// <summary>The MSBuild file that keeps <c>@(LineageCircuit)</c> for builds that skip this task as up to date.</summary>
    [Required]
    public string StateFile { get; set; } = string.Empty;

    /// <summary>The project name recorded in the manifest.</summary>
    public string? ProjectName { get; set; }

    /// <summary>An explicit commit id (<c>LineageGitCommit</c>); empty to read it from the repository.</summary>
    public string? GitCommit { get; set; }

    /// <summary>The <c>training_job</c> tag (<c>LineageTrainingJob</c>); empty for the CI run's identity.</summary>
    public string? TrainingJob { get; set; }

    /// <summary>The largest catalog accepted, in bytes (<c>LineageMaxFileSize</c>); empty for the default 64 MiB.</summary>
    public string? MaxFileSize { get; set; }

    /// <summary>One item per circuit: identity = model name; metadata as documented in <c>docs/msbuild.md</c>.</summary>
    [Output]
    public ITaskItem[] Circuits { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>One item per study: identity = study name; the keys and fingerprints as metadata.</summary>
    [Output]
    public ITaskItem[] StudyKeys { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every file this task owns (whether or not this run had to write it), for <c>FileWrites</c>.</summary>
    [Output]
    public ITaskItem[] FileWrites { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        var request = new LineageGenerationRequest
        {
            ProjectDirectory = Path.GetFullPath(ProjectDirectory),
            ProjectName = NullIfEmpty(ProjectName),
            GitCommit = NullIfEmpty(GitCommit),
            TrainingJob = NullIfEmpty(TrainingJob),
            Ci = CiRun.Detect(Environment.GetEnvironmentVariable),
        };

        try
        {
            request.GeneratedAt = GeneratedAt.FromEnvironment();
            request.LoadOptions = LoadOptions();
        }
        catch (LineageException ex)
        {
            Report(ex);
            return false;
        }

        foreach (var item in Catalogs)
        {
            var path = Path.GetFullPath(Path.Combine(request.ProjectDirectory, item.ItemSpec));
            var output = item.GetMetadata("OutputDirectory");
            request.Catalogs.Add(new CatalogSource(path, string.IsNullOrWhiteSpace(output) ? null : Path.GetFullPath(Path.Combine(request.ProjectDirectory, output))));
        }

        foreach (var item in Studies)
        {
            var missing = StudyMetadata.Where(name => string.IsNullOrWhiteSpace(item.GetMetadata(name))).ToList();
            if (missing.Count > 0)
            {
                Report(new LineageException(
                    DiagnosticCodes.InvalidStudyItem,
                    $"LineageStudy '{item.ItemSpec}' has no {string.Join(", ", missing)}; set DataConfig, HpoConfig, TrainConfig and Backbone",
                    BuildEngine.ProjectFileOfTaskNode));
                continue;
            }

            var benchmark = item.GetMetadata("BenchmarkConfig");
            request.Studies.Add(new StudySource(
                item.ItemSpec,
                item.GetMetadata("DataConfig"),
                item.GetMetadata("HpoConfig"),
                item.GetMetadata("TrainConfig"),
                item.GetMetadata("Backbone"),
                string.IsNullOrWhiteSpace(benchmark) ? null : benchmark)
            {
                DefinedIn = BuildEngine.ProjectFileOfTaskNode,
            });
        }

        if (Log.HasLoggedErrors)
        {
            return false;
        }

        request.ManifestPaths.Add(Path.GetFullPath(ManifestPath));
        if (!string.IsNullOrWhiteSpace(ManifestCopyPath))
        {
            request.ManifestPaths.Add(Path.GetFullPath(Path.Combine(request.ProjectDirectory, ManifestCopyPath)));
        }

        var result = LineageGenerator.Run(request);
        foreach (var error in result.Errors)
        {
            Report(error);
        }

        if (result.HasErrors || result.Manifest is null)
        {
            if (result.Files.Count == 0 && result.Manifest is null)
            {
                Log.LogMessage(MessageImportance.High, "Lineage: no files were written.");
            }

            return false;
        }

        var written = 0;
        foreach (var file in result.Files)
        {
            if (file.Written)
            {
                written++;
                Log.LogMessage(
                    MessageImportance.Normal,
                    "Lineage: {0} {1} (config hash {2})",
                    file.Status == CircuitFileStatus.Created ? "created" : "updated",
                    file.Path,
                    file.Circuit.ConfigHash);
            }
        }

        Circuits = result.Manifest.Circuits.Select((circuit, i) => ToItem(circuit, result.Files[i].Path, request)).ToArray();
        StudyKeys = result.Manifest.Studies.Select(ToItem).ToArray();
        try
        {
            AtomicFile.WriteIfChanged(StateFile, Encoding.UTF8.GetBytes(StateFileText(Circuits, StudyKeys)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(new LineageException(DiagnosticCodes.WriteError, $"cannot write the build state file: {ex.Message}", StateFile, inner: ex));
            return false;
        }

        FileWrites = result.Files.Select(f => f.Path)
            .Concat(request.ManifestPaths)
            .Concat(new[] { Path.GetFullPath(StateFile) })
            .Select(p => (ITaskItem)new TaskItem(p))
            .ToArray();

        Log.LogMessage(
            MessageImportance.Normal,
            "Lineage: {0} circuit(s), {1} config file(s) written, {2} stud(y/ies), manifest {3} {4}",
            Circuits.Length,
            written,
            StudyKeys.Length,
            request.ManifestPaths[0],
            result.ManifestsWritten.Count > 0 ? "written" : "unchanged");
        return !Log.HasLoggedErrors;
    }

    private static ITaskItem ToItem(ManifestCircuit circuit, string configFile, LineageGenerationRequest request)
    {
        // TaskItem takes escaped values: ids may hold '%', '$', '@' or ';'.
        var item = new TaskItem(Escape(circuit.ModelName));
        item.SetMetadata("ModelName", Escape(circuit.ModelName));
        item.SetMetadata("PlantId", Escape(circuit.PlantId));
        item.SetMetadata("CircuitId", Escape(circuit.CircuitId));
        item.SetMetadata("CutoffDate", Escape(circuit.CutoffDate ?? string.Empty));
        item.SetMetadata("ConfigHash", circuit.ConfigHash);
        item.SetMetadata("ConfigFile", Escape(configFile));
        item.SetMetadata("Catalog", Escape(Path.GetFullPath(Path.Combine(request.ProjectDirectory, circuit.Catalog))));
        item.SetMetadata("TrainingJob", Escape(circuit.Tags.First(t => t.Key == ModelTags.TrainingJob).Value));
        return item;
    }

    private static ITaskItem ToItem(ManifestStudy study)
    {
        var item = new TaskItem(Escape(study.Name));
        item.SetMetadata("Backbone", Escape(study.Backbone));
        item.SetMetadata("StudyKeyHash", study.Keys.StudyKeyHash);
        item.SetMetadata("StudyKeyV1Hash", study.Keys.StudyKeyV1Hash);
        item.SetMetadata("FamilyHash", study.Keys.FamilyHash);
        item.SetMetadata("DataFingerprint", study.Keys.DataFingerprint);
        item.SetMetadata("EvalFingerprint", study.Keys.EvalFingerprint);
        return item;
    }

    private static readonly string[] MetadataNames = { "ModelName", "PlantId", "CircuitId", "CutoffDate", "ConfigHash", "ConfigFile", "Catalog", "TrainingJob" };

    private static readonly string[] StudyKeyMetadataNames = { "Backbone", "StudyKeyHash", "StudyKeyV1Hash", "FamilyHash", "DataFingerprint", "EvalFingerprint" };

    private static readonly string[] StudyMetadata = { "DataConfig", "HpoConfig", "TrainConfig", "Backbone" };

    // The file the targets import at evaluation, so a build that skips generation still has @(LineageCircuit).
    private static string StateFileText(ITaskItem[] circuits, ITaskItem[] studies)
    {
        var group = new XElement("ItemGroup", new XAttribute("Condition", "'$(LineageEnabled)' == 'true'"));
        AddItems(group, "LineageCircuit", circuits, MetadataNames);
        AddItems(group, "LineageStudyKey", studies, StudyKeyMetadataNames);

        var project = new XElement(
            "Project",
            new XComment(" <auto-generated/> Lineage.Build: the circuits of the last successful generation, for builds that skip it as up to date. "),
            group);
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, settings))
        {
            project.WriteTo(writer);
        }

        return sb.Append('\n').ToString();
    }

    private static void AddItems(XElement group, string itemType, ITaskItem[] items, string[] metadataNames)
    {
        foreach (var item in items)
        {
            var element = new XElement(itemType, new XAttribute("Include", Escape(item.ItemSpec)));
            foreach (var name in metadataNames)
            {
                element.Add(new XElement(name, Escape(item.GetMetadata(name))));
            }

            group.Add(element);
        }
    }

    // MSBuild's escaping (%XX) of the characters it treats specially in item specs and metadata.
    internal static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '%' || c == '$' || c == '@' || c == ';' || c == '\'' || c == '*' || c == '?' || c == '(' || c == ')')
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private YamlLoadOptions? LoadOptions()
    {
        if (string.IsNullOrWhiteSpace(MaxFileSize))
        {
            return null;
        }

        if (!long.TryParse(MaxFileSize, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes <= 0)
        {
            throw new LineageException(DiagnosticCodes.InvalidBuildSetting, $"LineageMaxFileSize must be a positive number of bytes, not '{MaxFileSize}'.");
        }

        return new YamlLoadOptions { MaxFileBytes = bytes };
    }

    private void Report(LineageException error) =>
        Log.LogError(
            subcategory: null,
            errorCode: error.Code,
            helpKeyword: null,
            file: error.File,
            lineNumber: error.Line,
            columnNumber: error.Column,
            endLineNumber: 0,
            endColumnNumber: 0,
            message: error.Message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
