using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lineage.Core.Diagnostics;
using Lineage.Core.Manifest;
using Lineage.Gate;
using Lineage.Registry;
using Lineage.Release;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lineage.Build.Tasks;

/// <summary>
/// The base of the registry tasks: each one is a thin shell over the Lineage runtime (the code the <c>lineage</c> CLI
/// runs), reporting <see cref="LineageException"/>s as MSBuild errors with their <c>LIN</c> code.
/// </summary>
public abstract class RegistryTask : Task
{
    /// <summary>The registry directory (<c>LineageRegistry</c>, default <c>$(LINEAGE_REGISTRY)</c>).</summary>
    public string? Registry { get; set; }

    /// <summary>The project directory: relative paths and the manifest's config files are resolved against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <inheritdoc />
    public override bool Execute()
    {
        try
        {
            Run();
        }
        catch (LineageException ex)
        {
            Log.LogError(null, ex.Code, null, ex.File, ex.Line, ex.Column, 0, 0, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, DiagnosticCodes.RegistryCorrupt, null, null, 0, 0, 0, 0, ex.Message);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The operation.</summary>
    protected abstract void Run();

    /// <summary>The registry named by <see cref="Registry"/>.</summary>
    protected IModelRegistry OpenRegistry()
    {
        if (string.IsNullOrWhiteSpace(Registry))
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, "no registry: set the LineageRegistry property (-p:LineageRegistry=<dir>) or the LINEAGE_REGISTRY environment variable");
        }

        return new FileSystemRegistry(FullPath(Registry!));
    }

    /// <summary>A path relative to the project directory, made full.</summary>
    protected string FullPath(string path) => Path.GetFullPath(Path.Combine(ProjectDirectory, path.Trim()));

    /// <summary>Null for an empty property.</summary>
    protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}

/// <summary><c>LineagePromote</c>: registers the model of one circuit with the tags of the build's manifest.</summary>
public sealed class PromoteModel : RegistryTask
{
    /// <summary>The model name (<c>LineageModelName</c>).</summary>
    [Required]
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The model file (<c>LineageModelPath</c>).</summary>
    [Required]
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>The build's lineage manifest; the circuit's tags and config file come from it when it lists the model.</summary>
    public string? ManifestPath { get; set; }

    /// <summary>Metrics JSON (<c>LineageMetrics</c>).</summary>
    public string? Metrics { get; set; }

    /// <summary>The gate result (<c>LineageGateReport</c>): quality_gate.txt or quality_gate.json.</summary>
    public string? GateReport { get; set; }

    /// <summary>Promote even when the gate failed (<c>LineageAllowGateFail</c>).</summary>
    public bool AllowGateFail { get; set; }

    /// <summary>The config hash when there is no manifest (<c>LineageConfigHash</c>).</summary>
    public string? ConfigHash { get; set; }

    /// <summary>Extra tags, <c>key=value</c> items (<c>LineagePromoteTags</c>).</summary>
    public ITaskItem[] Tags { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Small files to copy into the version folder (<c>LineagePromoteArtifacts</c>).</summary>
    public ITaskItem[] Artifacts { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The registered version, <c>v7</c>.</summary>
    [Output]
    public string? Version { get; private set; }

    /// <summary>The version folder.</summary>
    [Output]
    public string? VersionId { get; private set; }

    /// <inheritdoc />
    protected override void Run()
    {
        RegistryNames.ValidateModelName(ModelName);
        var request = new PromoteRequest { ModelName = ModelName, ModelPath = FullPath(ModelPath), AllowGateFailure = AllowGateFail };
        if (NullIfEmpty(Metrics) is { } metrics)
        {
            request.MetricsJson = File.ReadAllText(FullPath(metrics));
        }

        if (NullIfEmpty(GateReport) is { } gate)
        {
            // The gate's evidence goes into the version folder: the status file and the report beside it.
            request.Gate = QualityGate.ReadStatus(FullPath(gate));
            request.Artifacts.Add(FullPath(gate));
            var report = Path.Combine(Path.GetDirectoryName(FullPath(gate))!, QualityGate.ReportFileName);
            if (Path.GetFileName(gate) == QualityGate.StatusFileName && File.Exists(report))
            {
                request.Artifacts.Add(report);
            }
        }

        var manifestPath = NullIfEmpty(ManifestPath);
        if (manifestPath is not null && File.Exists(FullPath(manifestPath)))
        {
            var manifest = ManifestFile.Read(FullPath(manifestPath));
            var circuit = manifest.Circuits.FirstOrDefault(c => c.ModelName == ModelName);
            if (circuit is not null)
            {
                foreach (var tag in manifest.TagsFor(circuit))
                {
                    request.Tags[tag.Key] = tag.Value;
                }

                request.PipelineConfigPath = manifest.ResolveConfigFile(circuit, ProjectDirectory);
            }
            else if (NullIfEmpty(ConfigHash) is null)
            {
                throw new LineageException(DiagnosticCodes.InvalidManifest, $"the build's manifest has no circuit {ModelName}; set LineageConfigHash or promote a model of a declared circuit", manifestPath);
            }
        }

        if (NullIfEmpty(ConfigHash) is { } hash)
        {
            if (request.Tags.TryGetValue(RegistryTags.ConfigHash, out var fromManifest) && fromManifest != hash)
            {
                throw new LineageException(DiagnosticCodes.InvalidTag, $"LineageConfigHash {hash} differs from the manifest's config hash {fromManifest} for {ModelName}");
            }

            request.Tags[RegistryTags.ConfigHash] = hash;
        }

        foreach (var tag in Tags)
        {
            var text = tag.ItemSpec;
            var eq = text.IndexOf('=');
            if (eq <= 0)
            {
                throw new LineageException(DiagnosticCodes.InvalidTag, $"tag '{RegistryNames.Printable(text)}' is not key=value");
            }

            request.Tags[text.Substring(0, eq)] = text.Substring(eq + 1);
        }

        foreach (var artifact in Artifacts)
        {
            request.Artifacts.Add(FullPath(artifact.ItemSpec));
        }

        if (!request.Tags.ContainsKey(RegistryTags.CiRun) && CiRun.Detect(Environment.GetEnvironmentVariable) is { } ci)
        {
            request.Tags[RegistryTags.CiRun] = ci.JobName;
        }

        var result = OpenRegistry().Promote(request);
        Version = result.Version.Version.ToString();
        VersionId = result.Version.Id;
        Log.LogMessage(
            MessageImportance.High,
            result.Created
                ? $"Lineage: promoted {result.Version.Id} (sha256 {result.Version.Sha256}, config hash {result.Version.ConfigHash ?? "none"}); latest {result.PreviousLatest?.ToString() ?? "(none)"} -> {result.Version.Version}"
                : $"Lineage: {ModelName} is already registered as {result.Version.Id} (same model file and config hash); nothing changed");
    }
}

/// <summary><c>LineageRollback</c>: moves <c>latest</c> back and writes the audit log.</summary>
public sealed class RollbackModel : RegistryTask
{
    /// <summary>The model name (<c>LineageModelName</c>).</summary>
    [Required]
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The version to go to (<c>LineageTargetVersion</c>); empty for the previous one.</summary>
    public string? TargetVersion { get; set; }

    /// <summary>Why (<c>LineageRollbackReason</c>).</summary>
    public string? Reason { get; set; }

    /// <summary>The version <c>latest</c> now names.</summary>
    [Output]
    public string? Latest { get; private set; }

    /// <inheritdoc />
    protected override void Run()
    {
        RegistryNames.ValidateModelName(ModelName);
        if (NullIfEmpty(Reason) is null)
        {
            throw new LineageException(DiagnosticCodes.NothingToRollBack, "a rollback needs a reason: set LineageRollbackReason");
        }

        var result = OpenRegistry().Rollback(new RollbackRequest
        {
            ModelName = ModelName,
            Reason = Reason!,
            TargetVersion = NullIfEmpty(TargetVersion) is { } t ? RegistryNames.ParseUserVersion(ModelName, t) : null,
            Ci = CiRun.Detect(Environment.GetEnvironmentVariable),
        });
        Latest = result.To.ToString();
        Log.LogMessage(MessageImportance.High, result.Changed
            ? $"Lineage: rolled back {ModelName}: {result.From} -> {result.To} (log: {result.LogFile})"
            : $"Lineage: latest {ModelName} already is {result.To}; nothing changed");
    }
}

/// <summary><c>LineageQualityGate</c>: evaluates thresholds against metrics; a FAIL is a build error.</summary>
public sealed class EvaluateQualityGate : RegistryTask
{
    /// <summary>The thresholds YAML (<c>LineageThresholds</c>).</summary>
    [Required]
    public string Thresholds { get; set; } = string.Empty;

    /// <summary>The metrics JSON (<c>LineageMetrics</c>).</summary>
    [Required]
    public string Metrics { get; set; } = string.Empty;

    /// <summary>Where quality_gate.txt and quality_gate.json go (<c>LineageGateOutput</c>).</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary><c>PASS</c> or <c>FAIL</c>.</summary>
    [Output]
    public string? Status { get; private set; }

    /// <inheritdoc />
    protected override void Run()
    {
        var output = FullPath(OutputDirectory);
        var result = QualityGate.Run(FullPath(Thresholds), FullPath(Metrics), output);
        Status = result.Status;
        foreach (var check in result.Checks.Where(c => !c.Passed))
        {
            Log.LogError(null, DiagnosticCodes.GateFailed, null, FullPath(Metrics), 0, 0, 0, 0, $"quality gate: {check.Threshold.Path}: {check.Reason}");
        }

        Log.LogMessage(MessageImportance.High, $"Lineage: quality gate {result.Status} ({result.Checks.Count(c => c.Passed)} of {result.Checks.Count} thresholds passed), {Path.Combine(output, QualityGate.StatusFileName)}");
    }
}

/// <summary><c>LineageResolveRelease</c>: the newest version per circuit of the build's manifest, by config hash.</summary>
public sealed class ResolveRelease : RegistryTask
{
    /// <summary>The build's lineage manifest.</summary>
    [Required]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>Only signed-off versions (<c>LineageProduction</c>).</summary>
    public bool Production { get; set; }

    /// <summary>Fail when a circuit has no model (<c>LineageRequireAll</c>).</summary>
    public bool RequireAll { get; set; }

    /// <summary>One item per resolved circuit: identity = model name; metadata Version, VersionId, ConfigHash, ProductionReady, Sha256, VersionDirectory.</summary>
    [Output]
    public ITaskItem[] Resolved { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>One item per circuit without a model: identity = model name; metadata ConfigHash, Reason.</summary>
    [Output]
    public ITaskItem[] Missing { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override void Run()
    {
        var registry = OpenRegistry();
        var manifest = ManifestFile.Read(FullPath(ManifestPath));
        var result = ReleaseResolver.Resolve(registry, manifest, Production);
        foreach (var duplicate in result.Duplicates)
        {
            Log.LogWarning(null, DiagnosticCodes.DuplicateConfigHash, null, manifest.Path, 0, 0, 0, 0, $"config hash {duplicate.ConfigHash} is shared by {string.Join(", ", duplicate.ModelNames)}");
        }

        Resolved = result.Found.Select(f =>
        {
            var item = new TaskItem(f.ModelName);
            item.SetMetadata("Version", f.Version.Version.ToString());
            item.SetMetadata("VersionId", f.Id);
            item.SetMetadata("ConfigHash", f.ConfigHash);
            item.SetMetadata("ProductionReady", f.Version.ProductionReady ? "true" : "false");
            item.SetMetadata("Sha256", f.Version.Sha256);
            item.SetMetadata("VersionDirectory", Path.Combine(registry.Location, f.Id));
            return (ITaskItem)item;
        }).ToArray();
        Missing = result.Missing.Select(m =>
        {
            var item = new TaskItem(m.ModelName);
            item.SetMetadata("ConfigHash", m.ConfigHash);
            item.SetMetadata("Reason", m.Reason);
            return (ITaskItem)item;
        }).ToArray();

        foreach (var f in result.Found)
        {
            Log.LogMessage(MessageImportance.High, $"Lineage: {f.ModelName} -> {f.Id} (config hash {f.ConfigHash})");
        }

        foreach (var m in result.Missing)
        {
            Log.LogMessage(MessageImportance.High, $"Lineage: {m.ModelName} missing: {m.Reason} (config hash {m.ConfigHash})");
        }

        Log.LogMessage(MessageImportance.High, $"Lineage: {result.Found.Count} of {manifest.Circuits.Count} circuits resolved{(Production ? " (production_ready only)" : string.Empty)}");
        if (RequireAll && result.Missing.Count > 0)
        {
            throw new LineageException(DiagnosticCodes.MissingModels, $"LineageRequireAll: {result.Missing.Count} circuit(s) have no model for their current config", manifest.Path);
        }
    }
}

/// <summary><c>LineageSignOff</c>: tags a version <c>production_ready=true</c>.</summary>
public sealed class SignOffModel : RegistryTask
{
    /// <summary>The model name (<c>LineageModelName</c>).</summary>
    [Required]
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The version (<c>LineageVersion</c>): 7, v7 or name_v7.</summary>
    public string? Version { get; set; }

    /// <summary>Why (<c>LineageSignOffReason</c>).</summary>
    public string? Reason { get; set; }

    /// <inheritdoc />
    protected override void Run()
    {
        RegistryNames.ValidateModelName(ModelName);
        if (NullIfEmpty(Version) is null || NullIfEmpty(Reason) is null)
        {
            throw new LineageException(DiagnosticCodes.InvalidVersion, "a sign-off needs LineageVersion and LineageSignOffReason");
        }

        var result = OpenRegistry().SignOff(new SignOffRequest { ModelName = ModelName, Version = RegistryNames.ParseUserVersion(ModelName, Version), Reason = Reason! });
        Log.LogMessage(MessageImportance.High, result.Changed
            ? $"Lineage: signed off {result.Version.Id}: production_ready=true"
            : $"Lineage: {result.Version.Id} was already signed off; nothing changed");
    }
}

/// <summary><c>LineagePlan</c>: which circuits of the build's manifest need training, are deployable, or drifted.</summary>
public sealed class PlanRelease : RegistryTask
{
    /// <summary>The build's lineage manifest.</summary>
    [Required]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>One item per circuit: identity = model name; metadata ConfigHash, Status (needs-training, deployable, up-to-date), Candidate, Latest, ConfigDrift.</summary>
    [Output]
    public ITaskItem[] Entries { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override void Run()
    {
        var manifest = ManifestFile.Read(FullPath(ManifestPath));
        var plan = ReleaseResolver.Plan(OpenRegistry(), manifest);
        foreach (var duplicate in plan.Duplicates)
        {
            Log.LogWarning(null, DiagnosticCodes.DuplicateConfigHash, null, manifest.Path, 0, 0, 0, 0, $"config hash {duplicate.ConfigHash} is shared by {string.Join(", ", duplicate.ModelNames)}");
        }

        Entries = plan.Entries.Select(e =>
        {
            var status = e.Status switch { PlanStatus.NeedsTraining => "needs-training", PlanStatus.Deployable => "deployable", _ => "up-to-date" };
            Log.LogMessage(MessageImportance.High, $"Lineage: {e.ModelName} {status}{(e.ConfigDrift ? ", config drift (latest trained from " + (e.LatestConfigHash ?? "no hash") + ")" : string.Empty)}");
            var item = new TaskItem(e.ModelName);
            item.SetMetadata("ConfigHash", e.ConfigHash);
            item.SetMetadata("Status", status);
            item.SetMetadata("Candidate", e.Candidate?.ToString() ?? string.Empty);
            item.SetMetadata("Latest", e.Latest?.ToString() ?? string.Empty);
            item.SetMetadata("ConfigDrift", e.ConfigDrift ? "true" : "false");
            return (ITaskItem)item;
        }).ToArray();
    }
}

/// <summary><c>LineageVerifyRegistry</c>: every registry invariant and checksum; a broken one is a build error.</summary>
public sealed class VerifyRegistry : RegistryTask
{
    /// <inheritdoc />
    protected override void Run()
    {
        var report = OpenRegistry().Verify();
        foreach (var finding in report.Findings)
        {
            if (finding.IsError)
            {
                Log.LogError(null, finding.Code, null, finding.Subject, 0, 0, 0, 0, finding.Message);
            }
            else
            {
                Log.LogMessage(MessageImportance.High, $"Lineage: note: {finding.Subject}: {finding.Message}");
            }
        }

        Log.LogMessage(MessageImportance.High, $"Lineage: registry {(report.IsValid ? "OK" : "INVALID")}: {report.Models} models, {report.Versions} versions, {report.ModelFilesChecked} model files checked");
    }
}
