using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lineage.Core.Diagnostics;

namespace Lineage.Registry;

/// <summary>
/// The registry on a plain directory (seed 003's layout, for many models):
/// <code>
/// registry/
///   plant001-circuit01_v1/     metadata.json, copied artifacts, pipeline_config.yaml
///   plant001-circuit01_v2/
///   latest/plant001-circuit01  text file: "plant001-circuit01_v2"
///   index/plant001-circuit01.json   every version's checksum and tags: lookups by config hash open one small file
///   rollback_logs/rollback_20260701_093030_plant001-circuit01.json
///   .lineage/lock              writer lock; .lineage/journal.json: the operation in progress; .lineage/staging/
/// </code>
/// <para>
/// Writers take the lock, then first finish whatever a killed writer left (the journal), then stage their change:
/// a new version is assembled in <c>.lineage/staging/</c> and becomes visible with one directory rename, the commit
/// point; <c>latest</c>, the index, metadata and logs are replaced with temp file + rename. Readers never lock: every
/// file they read is always complete, and a version folder exists only complete.
/// </para>
/// </summary>
public sealed class FileSystemRegistry : IModelRegistry
{
    /// <summary>The metadata file of a version folder.</summary>
    public const string MetadataFileName = "metadata.json";

    /// <summary>The folder of <c>latest</c> pointers.</summary>
    public const string LatestFolder = "latest";

    /// <summary>The folder of per-model index files.</summary>
    public const string IndexFolder = "index";

    /// <summary>The folder of rollback audit logs.</summary>
    public const string RollbackLogsFolder = "rollback_logs";

    /// <summary>The registry's private folder (lock, journal, staging).</summary>
    public const string PrivateFolder = ".lineage";

    /// <summary>The largest artifact or pipeline config copied into a version folder (they are meant to be small).</summary>
    public const long MaxArtifactBytes = 16 * 1024 * 1024;

    private const string TempPrefix = ".tmp-";
    private readonly Func<string, string?> _environment;

    /// <summary>Opens (and for writes, creates) the registry at <paramref name="root"/>.</summary>
    public FileSystemRegistry(string root, Func<string, string?>? environment = null)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, "no registry directory given: pass --registry <dir> or set LINEAGE_REGISTRY");
        }

        Root = Path.GetFullPath(root);
        _environment = environment ?? Environment.GetEnvironmentVariable;
        LockTimeout = TimeSpan.FromSeconds(120);
        var configured = _environment("LINEAGE_LOCK_TIMEOUT");
        if (double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            LockTimeout = TimeSpan.FromSeconds(seconds);
        }
    }

    /// <summary>The registry directory (full path).</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public string Location => Root;

    /// <summary>How long a writer waits for the lock (default 120 s, or <c>LINEAGE_LOCK_TIMEOUT</c> seconds).</summary>
    public TimeSpan LockTimeout { get; set; }

    private string PrivateDirectory => Path.Combine(Root, PrivateFolder);

    private string JournalPath => Path.Combine(PrivateDirectory, "journal.json");

    private string StagingDirectory => Path.Combine(PrivateDirectory, "staging");

    /// <summary>The folder of a version.</summary>
    public string VersionDirectory(string modelName, RegistryVersion version) => Path.Combine(Root, RegistryNames.VersionId(modelName, version));

    private string LatestPath(string modelName) => Path.Combine(Root, LatestFolder, modelName);

    private string IndexPath(string modelName) => Path.Combine(Root, IndexFolder, modelName + ".json");

    /// <inheritdoc/>
    public PromoteResult Promote(PromoteRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        RegistryNames.ValidateModelName(request.ModelName);
        foreach (var tag in request.Tags)
        {
            RegistryNames.ValidateTag(tag.Key, tag.Value);
            if (RegistryTags.Reserved.Contains(tag.Key))
            {
                throw new LineageException(DiagnosticCodes.InvalidTag, $"tag '{tag.Key}' is set by the registry (lineage registry signoff), not at promotion");
            }
        }

        if (request.Gate == GateStatus.Fail && !request.AllowGateFailure)
        {
            throw new LineageException(DiagnosticCodes.GateFailed, $"the quality gate failed: {request.ModelName} was not promoted (pass --allow-gate-fail to promote anyway; it is recorded)");
        }

        string? metrics = null;
        if (request.MetricsJson is not null)
        {
            metrics = NormalizeMetrics(request.MetricsJson);
        }

        // Read every input before taking the lock: hashing a large model must not hold up other promoters.
        var modelPath = Path.GetFullPath(request.ModelPath);
        var (sha256, size) = HashModelFile(modelPath);
        var copies = ReadCopies(request);
        var configHash = request.Tags.TryGetValue(RegistryTags.ConfigHash, out var h) ? h : null;
        var actor = string.IsNullOrWhiteSpace(request.Actor) ? Actor.Detect(_environment) : request.Actor!;
        var now = Timestamp(request.Now);

        EnsureLayout();
        using (AcquireLock())
        {
            Recover();
            var versions = ReadIndexOrEmpty(request.ModelName);
            if (versions.Count == 0)
            {
                RefuseCaseTwin(request.ModelName);
            }

            var previousLatest = GetLatest(request.ModelName);

            // Idempotent: the same model file trained from the same config is the same version.
            foreach (var existing in versions)
            {
                if (existing.Sha256 == sha256 && existing.ConfigHash == configHash)
                {
                    return new PromoteResult(GetVersion(request.ModelName, existing.Version), created: false, previousLatest, previousLatest);
                }
            }

            var next = versions.Count == 0 ? 1 : versions.Max(v => v.Version).Major + 1;
            var staging = Path.Combine(StagingDirectory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            FaultInjection.Point("promote: staging created");
            var artifacts = new List<ArtifactRecord>();
            foreach (var copy in copies)
            {
                WriteFileDurably(Path.Combine(staging, copy.Name), copy.Content);
                artifacts.Add(new ArtifactRecord(copy.Name, Sha256Hex(copy.Content), copy.Content.Length));
                FaultInjection.Point("promote: artifact staged");
            }

            var pipelineConfig = copies.FirstOrDefault(c => c.IsPipelineConfig)?.Name;
            while (true)
            {
                var version = new ModelVersion(
                    request.ModelName,
                    RegistryVersion.FromNumber(next),
                    modelPath,
                    sha256,
                    size,
                    metrics,
                    new Dictionary<string, string>(request.Tags, StringComparer.Ordinal),
                    artifacts,
                    pipelineConfig,
                    request.Gate,
                    request.Gate == GateStatus.Fail && request.AllowGateFailure,
                    actor,
                    now);
                var stagedMetadata = Path.Combine(staging, MetadataFileName);
                if (File.Exists(stagedMetadata))
                {
                    File.Delete(stagedMetadata); // a retry with the next number
                }

                WriteFileDurably(stagedMetadata, RegistryJson.Metadata(version));
                FaultInjection.Point("promote: metadata staged");

                var target = VersionDirectory(request.ModelName, version.Version);
                WriteJournal(new Journal { Op = "promote", ModelName = request.ModelName, Version = version.Version.Text, Staging = Path.GetFileName(staging) });

                // The commit point: the complete folder appears under its final name in one rename. A rename onto an
                // existing (non-empty) folder fails, so a number can never be taken twice, even by a writer that
                // ignored the lock or an index that fell behind the folders.
                if (!TryRenameDirectory(staging, target))
                {
                    DeleteJournal();
                    RebuildIndex(request.ModelName);
                    versions = ReadIndexOrEmpty(request.ModelName);
                    next = Math.Max(next + 1, versions.Select(v => v.Version.Major).DefaultIfEmpty(0).Max() + 1);
                    continue;
                }

                FaultInjection.Point("promote: version folder visible");
                WriteAtomically(LatestPath(request.ModelName), Encoding.UTF8.GetBytes(version.Id + "\n"), "promote: latest");
                var updated = new List<VersionSummary>(versions) { version.ToSummary() };
                WriteAtomically(IndexPath(request.ModelName), RegistryJson.Index(request.ModelName, updated.OrderBy(v => v.Version)), "promote: index");
                DeleteJournal();
                return new PromoteResult(version, created: true, previousLatest, version.Version);
            }
        }
    }

    /// <inheritdoc/>
    public RollbackResult Rollback(RollbackRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        RegistryNames.ValidateModelName(request.ModelName);
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new LineageException(DiagnosticCodes.NothingToRollBack, "a rollback needs a reason (--reason): it goes into the audit log");
        }

        var actor = string.IsNullOrWhiteSpace(request.Actor) ? Actor.Detect(_environment) : request.Actor!;
        var when = request.Now ?? DateTimeOffset.UtcNow;
        RequireRegistry();
        EnsureLayout();
        using (AcquireLock())
        {
            Recover();
            var versions = ReadIndexOrEmpty(request.ModelName);
            if (versions.Count == 0)
            {
                throw new LineageException(DiagnosticCodes.NotInRegistry, $"model {request.ModelName} is not in the registry {Root}");
            }

            var current = GetLatest(request.ModelName)
                ?? throw new LineageException(DiagnosticCodes.NothingToRollBack, $"{request.ModelName} has no latest version to roll back from");
            RegistryVersion target;
            if (request.TargetVersion is { } wanted)
            {
                if (!versions.Any(v => v.Version.Equals(wanted)))
                {
                    throw new LineageException(DiagnosticCodes.NotInRegistry, $"{RegistryNames.VersionId(request.ModelName, wanted)} is not in the registry; versions: {string.Join(", ", versions.Select(v => v.Version.ToString()))}");
                }

                target = wanted;
            }
            else
            {
                var older = versions.Where(v => v.Version.CompareTo(current) < 0).Select(v => v.Version).ToList();
                if (older.Count == 0)
                {
                    throw new LineageException(DiagnosticCodes.NothingToRollBack, $"{request.ModelName} has no version before {current}");
                }

                target = older.Max();
            }

            if (target.Equals(current))
            {
                return new RollbackResult(request.ModelName, current, target, logFile: null);
            }

            var logs = Path.Combine(Root, RollbackLogsFolder);
            var stamp = when.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
            var logName = $"rollback_{stamp}_{request.ModelName}.json";
            for (var n = 2; File.Exists(Path.Combine(logs, logName)); n++)
            {
                logName = $"rollback_{stamp}_{request.ModelName}_{n}.json";
            }

            var log = RegistryJson.Write(json =>
            {
                json.WriteStartObject();
                json.WriteString("timestamp", Timestamp(when));
                json.WriteString("model_name", request.ModelName);
                json.WriteString("from", RegistryNames.VersionId(request.ModelName, current));
                json.WriteString("to", RegistryNames.VersionId(request.ModelName, target));
                json.WriteString("reason", request.Reason);
                json.WriteString("actor", actor);
                if (request.Ci is null)
                {
                    json.WriteNull("ci");
                }
                else
                {
                    json.WriteStartObject("ci");
                    json.WriteString("provider", request.Ci.Provider);
                    json.WriteString("run_id", request.Ci.RunId);
                    json.WriteString("url", request.Ci.Url);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            });

            // The journal carries the log, so a rollback killed after moving latest still leaves its audit record.
            WriteJournal(new Journal { Op = "rollback", ModelName = request.ModelName, Version = target.Text, LogFile = logName, Content = log });
            ApplyRollback(request.ModelName, target, logName, log);
            DeleteJournal();
            return new RollbackResult(request.ModelName, current, target, Path.Combine(logs, logName));
        }
    }

    /// <inheritdoc/>
    public SignOffResult SignOff(SignOffRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        RegistryNames.ValidateModelName(request.ModelName);
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new LineageException(DiagnosticCodes.InvalidTag, "a sign-off needs a reason (--reason)");
        }

        RegistryNames.ValidateTag(RegistryTags.SignOffReason, request.Reason);
        var actor = string.IsNullOrWhiteSpace(request.Actor) ? Actor.Detect(_environment) : request.Actor!;
        RequireRegistry();
        EnsureLayout();
        using (AcquireLock())
        {
            Recover();
            var version = GetVersion(request.ModelName, request.Version);
            if (version.ProductionReady)
            {
                return new SignOffResult(version, changed: false);
            }

            var signed = version.WithTags(new Dictionary<string, string>
            {
                [RegistryTags.ProductionReady] = "true",
                [RegistryTags.SignedOffBy] = actor,
                [RegistryTags.SignedOffAt] = Timestamp(request.Now),
                [RegistryTags.SignOffReason] = request.Reason,
            });
            var metadata = RegistryJson.Metadata(signed);
            WriteJournal(new Journal { Op = "signoff", ModelName = request.ModelName, Version = request.Version.Text, Content = metadata });
            WriteAtomically(Path.Combine(VersionDirectory(request.ModelName, request.Version), MetadataFileName), metadata, "signoff: metadata");
            RebuildIndex(request.ModelName);
            DeleteJournal();
            return new SignOffResult(signed, changed: true);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListModels()
    {
        RequireRegistry();
        var index = Path.Combine(Root, IndexFolder);
        if (!Directory.Exists(index))
        {
            return Array.Empty<string>();
        }

        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(index, "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (RegistryNames.IsValidModelName(name))
            {
                names.Add(name);
            }
        }

        names.Sort(ModelNameComparer.Instance);
        return names;
    }

    /// <inheritdoc/>
    public IReadOnlyList<VersionSummary> FindVersions(string modelName)
    {
        RegistryNames.ValidateModelName(modelName);
        return ReadIndexOrEmpty(modelName);
    }

    /// <inheritdoc/>
    public IReadOnlyList<TaggedVersion> FindByTag(string key, string value)
    {
        var result = new List<TaggedVersion>();
        foreach (var model in ListModels())
        {
            foreach (var version in ReadIndexOrEmpty(model))
            {
                if (version.Tags.TryGetValue(key, out var v) && v == value)
                {
                    result.Add(new TaggedVersion(model, version));
                }
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public ModelVersion GetVersion(string modelName, RegistryVersion version)
    {
        RegistryNames.ValidateModelName(modelName);
        var directory = VersionDirectory(modelName, version);
        if (!Directory.Exists(directory))
        {
            throw new LineageException(DiagnosticCodes.NotInRegistry, $"{RegistryNames.VersionId(modelName, version)} is not in the registry {Root}");
        }

        EnsureNotLink(directory);
        var path = Path.Combine(directory, MetadataFileName);
        var metadata = RegistryJson.ReadMetadata(ReadInside(path), Relative(path));
        if (metadata.ModelName != modelName || !metadata.Version.Equals(version))
        {
            throw RegistryJson.Corrupt(Relative(path), $"it describes {metadata.Id}, not the folder it is in");
        }

        return metadata;
    }

    /// <inheritdoc/>
    public RegistryVersion? GetLatest(string modelName)
    {
        RegistryNames.ValidateModelName(modelName);
        var path = LatestPath(modelName);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(ReadInside(path)).Trim();
        if (!RegistryNames.TryParseVersionId(text, out var name, out var version) || name != modelName)
        {
            throw RegistryJson.Corrupt(Relative(path), $"'{RegistryNames.Printable(text)}' is not a version of {modelName}");
        }

        return version;
    }

    /// <inheritdoc/>
    public VerifyReport Verify(bool checkModelFiles = true) => new RegistryVerifier(this).Run(checkModelFiles);

    // ---- internals shared with the verifier ----

    internal static (string Sha256, long Size) HashModelFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(stream);
            return (Hex(hash), stream.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(DiagnosticCodes.ModelFileMismatch, $"cannot read the model file {path}: {ex.Message}", path);
        }
    }

    internal static string Sha256Hex(byte[] content)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(content));
    }

    internal string Relative(string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(Root, StringComparison.Ordinal) ? full.Substring(Root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/') : full;
    }

    /// <summary>Reads a registry file, refusing symlinks (a link could make the registry read or vouch for files elsewhere).</summary>
    internal byte[] ReadInside(string path)
    {
        EnsureNotLink(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw RegistryJson.Corrupt(Relative(path), "cannot be read: " + ex.Message);
        }
    }

    internal void EnsureNotLink(string path)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // Missing: the caller reports that in its own terms.
        }

        if ((attributes & FileAttributes.ReparsePoint) != 0)
        {
            throw new LineageException(DiagnosticCodes.PathEscapesRegistry, $"{Relative(path)} is a symbolic link; the registry does not follow links, which could point outside it");
        }
    }

    internal List<VersionSummary> ReadIndexOrEmpty(string modelName)
    {
        // One lstat and one read per model: release resolution does this for every circuit of the manifest.
        var path = IndexPath(modelName);
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // A mistyped registry path must not read as "nothing trained yet".
            RequireRegistry();
            return new List<VersionSummary>();
        }

        if ((attributes & (FileAttributes.ReparsePoint | FileAttributes.Directory)) != 0)
        {
            EnsureNotLink(path);
            throw RegistryJson.Corrupt(Relative(path), "is not a file");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw RegistryJson.Corrupt(Relative(path), "cannot be read: " + ex.Message);
        }

        return RegistryJson.ReadIndex(bytes, modelName, Relative(path));
    }

    /// <summary>The complete version folders of a model, by listing the registry (what the index is checked against).</summary>
    internal List<RegistryVersion> ScanVersions(string modelName)
    {
        var result = new List<RegistryVersion>();
        foreach (var directory in Directory.EnumerateDirectories(Root, modelName + "_v*"))
        {
            if (RegistryNames.TryParseVersionId(Path.GetFileName(directory), out var name, out var version) && name == modelName)
            {
                result.Add(version);
            }
        }

        result.Sort();
        return result;
    }

    internal Journal? ReadJournal()
    {
        if (!File.Exists(JournalPath))
        {
            return null;
        }

        return Journal.Parse(ReadInside(JournalPath), Relative(JournalPath));
    }

    internal string StagingPath => StagingDirectory;

    internal static bool IsTemp(string fileName) => fileName.StartsWith(TempPrefix, StringComparison.Ordinal);

    // ---- writing ----

    private void RequireRegistry()
    {
        if (!Directory.Exists(Root))
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, $"the registry directory {Root} does not exist");
        }
    }

    private void EnsureLayout()
    {
        Directory.CreateDirectory(Root);
        foreach (var folder in new[] { PrivateFolder, LatestFolder, IndexFolder, RollbackLogsFolder })
        {
            var path = Path.Combine(Root, folder);
            EnsureNotLink(path);
            Directory.CreateDirectory(path);
        }

        EnsureNotLink(StagingDirectory);
        Directory.CreateDirectory(StagingDirectory);
    }

    private RegistryLock AcquireLock() => RegistryLock.Acquire(Path.Combine(PrivateDirectory, "lock"), LockTimeout);

    /// <summary>
    /// Finishes what a killed writer left, under the lock: the journal's operation is rolled forward when its commit
    /// point was reached (the version folder exists; always for rollbacks and sign-offs, whose journal holds the
    /// content), else discarded; staged folders and temp files of dead writers are removed.
    /// </summary>
    private void Recover()
    {
        var journal = ReadJournal();
        if (journal is not null)
        {
            RegistryNames.ValidateModelName(journal.ModelName);
            if (!RegistryVersion.TryParse(journal.Version, out var version))
            {
                throw RegistryJson.Corrupt(Relative(JournalPath), "'version' is not a version");
            }

            switch (journal.Op)
            {
                case "promote":
                    if (Directory.Exists(VersionDirectory(journal.ModelName, version)))
                    {
                        WriteAtomically(LatestPath(journal.ModelName), Encoding.UTF8.GetBytes(RegistryNames.VersionId(journal.ModelName, version) + "\n"), "recover: latest");
                        RebuildIndex(journal.ModelName);
                    }

                    break;
                case "rollback":
                    ApplyRollback(journal.ModelName, version, journal.LogFile!, journal.Content!);
                    break;
                case "signoff":
                    WriteAtomically(Path.Combine(VersionDirectory(journal.ModelName, version), MetadataFileName), journal.Content!, "recover: metadata");
                    foreach (var temp in Directory.EnumerateFiles(VersionDirectory(journal.ModelName, version), TempPrefix + "*"))
                    {
                        File.Delete(temp);
                    }

                    RebuildIndex(journal.ModelName);
                    break;
                default:
                    throw RegistryJson.Corrupt(Relative(JournalPath), $"unknown operation '{journal.Op}'");
            }

            DeleteJournal();
        }

        foreach (var staged in Directory.EnumerateDirectories(StagingDirectory))
        {
            Directory.Delete(staged, recursive: true);
        }

        foreach (var folder in new[] { LatestFolder, IndexFolder, RollbackLogsFolder, PrivateFolder })
        {
            foreach (var temp in Directory.EnumerateFiles(Path.Combine(Root, folder), TempPrefix + "*"))
            {
                File.Delete(temp);
            }
        }
    }

    // "Plant001" and "plant001" would share their folders on Windows and macOS (case-insensitive file systems), so a
    // new model name may not differ from an existing one in letter case only.
    private void RefuseCaseTwin(string modelName)
    {
        foreach (var existing in ListModels())
        {
            if (!string.Equals(existing, modelName, StringComparison.Ordinal) && string.Equals(existing, modelName, StringComparison.OrdinalIgnoreCase))
            {
                throw new LineageException(DiagnosticCodes.InvalidModelName, $"invalid model name '{modelName}': the registry has '{existing}', which differs only in letter case (one folder on Windows and macOS)");
            }
        }
    }

    private void ApplyRollback(string modelName, RegistryVersion target, string logName, byte[] log)
    {
        if (Path.GetFileName(logName) != logName || !logName.StartsWith("rollback_", StringComparison.Ordinal))
        {
            throw RegistryJson.Corrupt(Relative(JournalPath), $"bad log file name '{RegistryNames.Printable(logName)}'");
        }

        WriteAtomically(Path.Combine(Root, RollbackLogsFolder, logName), log, "rollback: log");
        WriteAtomically(LatestPath(modelName), Encoding.UTF8.GetBytes(RegistryNames.VersionId(modelName, target) + "\n"), "rollback: latest");
    }

    private void RebuildIndex(string modelName)
    {
        var summaries = ScanVersions(modelName).Select(v => GetVersion(modelName, v).ToSummary()).ToList();
        WriteAtomically(IndexPath(modelName), RegistryJson.Index(modelName, summaries), "index rebuilt");
    }

    private void WriteJournal(Journal journal) => WriteAtomically(JournalPath, journal.ToJson(), "journal");

    private void DeleteJournal()
    {
        FaultInjection.Point("before journal delete");
        File.Delete(JournalPath);
        FaultInjection.Point("after journal delete");
    }

    /// <summary>Temp file in the same folder, flushed to disk, then renamed over the target: readers see old or new bytes.</summary>
    private void WriteAtomically(string path, byte[] content, string what)
    {
        var directory = Path.GetDirectoryName(path)!;
        EnsureNotLink(path);
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N").Substring(0, 12));
        WriteFileDurably(temp, content);
        FaultInjection.Point(what + ": temp written");
        try
        {
            if (File.Exists(path))
            {
                File.Replace(temp, path, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, path);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        FaultInjection.Point(what + ": renamed");
    }

    private static void WriteFileDurably(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content, 0, content.Length);
        stream.Flush(flushToDisk: true);
    }

    private static bool TryRenameDirectory(string source, string target)
    {
        if (Directory.Exists(target) || File.Exists(target))
        {
            return false;
        }

        try
        {
            Directory.Move(source, target);
            return true;
        }
        catch (IOException) when (Directory.Exists(target))
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stray temp file is removed by the next writer's recovery.
        }
    }

    private sealed class Copy
    {
        public Copy(string name, byte[] content, bool isPipelineConfig)
        {
            Name = name;
            Content = content;
            IsPipelineConfig = isPipelineConfig;
        }

        public string Name { get; }

        public byte[] Content { get; }

        public bool IsPipelineConfig { get; }
    }

    private static List<Copy> ReadCopies(PromoteRequest request)
    {
        var copies = new List<Copy>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string source, string name, bool isConfig)
        {
            RegistryNames.ValidateArtifactName(name);
            if (!names.Add(name))
            {
                throw new LineageException(DiagnosticCodes.InvalidArtifact, $"two artifacts would be stored as {name}");
            }

            byte[] content;
            try
            {
                var info = new FileInfo(source);
                if (!info.Exists)
                {
                    throw new LineageException(DiagnosticCodes.InvalidArtifact, $"artifact {source} does not exist", source);
                }

                if (info.Length > MaxArtifactBytes)
                {
                    throw new LineageException(DiagnosticCodes.InvalidArtifact, $"artifact {source} is larger than {MaxArtifactBytes / (1024 * 1024)} MiB; the registry stores small files only (register large files as the model)", source);
                }

                content = File.ReadAllBytes(source);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new LineageException(DiagnosticCodes.InvalidArtifact, $"cannot read artifact {source}: {ex.Message}", source);
            }

            copies.Add(new Copy(name, content, isConfig));
        }

        if (request.PipelineConfigPath is not null)
        {
            var extension = Path.GetExtension(request.PipelineConfigPath);
            Add(request.PipelineConfigPath, "pipeline_config" + (RegistryNames.IsValidModelName("x" + extension) ? extension : string.Empty), isConfig: true);
        }

        foreach (var artifact in request.Artifacts)
        {
            Add(artifact, Path.GetFileName(artifact), isConfig: false);
        }

        return copies;
    }

    private static string NormalizeMetrics(string metricsJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(metricsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LineageException(DiagnosticCodes.InvalidGateInput, "the metrics must be a JSON object");
            }

            return doc.RootElement.GetRawText();
        }
        catch (JsonException ex)
        {
            throw new LineageException(DiagnosticCodes.InvalidGateInput, "the metrics are not valid JSON: " + ex.Message);
        }
    }

    private static string Timestamp(DateTimeOffset? when) =>
        (when ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Hex(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}

/// <summary>The operation in progress, written before its first visible change and deleted after its last.</summary>
internal sealed class Journal
{
    public string Op { get; set; } = string.Empty;

    public string ModelName { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public string? Staging { get; set; }

    public string? LogFile { get; set; }

    public byte[]? Content { get; set; }

    public byte[] ToJson() => RegistryJson.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("op", Op);
        json.WriteString("model_name", ModelName);
        json.WriteString("version", Version);
        json.WriteString("staging", Staging);
        json.WriteString("log_file", LogFile);
        json.WriteString("content_base64", Content is null ? null : Convert.ToBase64String(Content));
        json.WriteEndObject();
    });

    public static Journal Parse(byte[] content, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            string? Optional(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var journal = new Journal
            {
                Op = RegistryJson.GetString(root, "op", source),
                ModelName = RegistryJson.GetString(root, "model_name", source),
                Version = RegistryJson.GetString(root, "version", source),
                Staging = Optional("staging"),
                LogFile = Optional("log_file"),
                Content = Optional("content_base64") is { } b ? Convert.FromBase64String(b) : null,
            };
            if (journal.Op is "rollback" && (journal.LogFile is null || journal.Content is null) || journal.Op is "signoff" && journal.Content is null)
            {
                throw RegistryJson.Corrupt(source, "the journal lacks the content of its operation");
            }

            return journal;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw RegistryJson.Corrupt(source, ex.Message);
        }
    }
}

/// <summary>
/// Orders model names so that a trailing version sorts as a version (<c>rag-1.9</c> before <c>rag-1.10</c>), using
/// NuGet.Versioning for the part after the last <c>-</c>; anything else by ordinal text.
/// </summary>
public sealed class ModelNameComparer : IComparer<string>
{
    /// <summary>The instance.</summary>
    public static readonly ModelNameComparer Instance = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var dx = x.LastIndexOf('-');
        var dy = y.LastIndexOf('-');
        if (dx > 0 && dy > 0 && string.CompareOrdinal(x, 0, y, 0, Math.Max(dx, dy)) == 0 && dx == dy
            && NuGet.Versioning.NuGetVersion.TryParse(x.Substring(dx + 1), out var vx)
            && NuGet.Versioning.NuGetVersion.TryParse(y.Substring(dy + 1), out var vy))
        {
            var byVersion = vx.CompareTo(vy);
            if (byVersion != 0)
            {
                return byVersion;
            }
        }

        return string.CompareOrdinal(x, y);
    }
}
