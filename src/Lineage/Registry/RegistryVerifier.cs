using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Lineage.Core.Diagnostics;

namespace Lineage.Registry;

/// <summary>
/// <c>lineage registry verify</c>: every invariant a writer promises, checked read-only. Errors: a version folder
/// that is not complete (metadata unreadable or naming another folder, an artifact missing or with another checksum),
/// a model file whose checksum or size changed, a <c>latest</c> pointer to a missing version, an index that disagrees
/// with the folders, a symlink anywhere the registry reads. Notes: an operation interrupted by a killed writer (the
/// journal), which the next write completes, and leftovers the next write removes.
/// </summary>
internal sealed class RegistryVerifier
{
    private readonly FileSystemRegistry _registry;
    private readonly List<VerifyFinding> _findings = new();

    public RegistryVerifier(FileSystemRegistry registry) => _registry = registry;

    public VerifyReport Run(bool checkModelFiles)
    {
        var root = _registry.Root;
        if (!Directory.Exists(root))
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, $"the registry directory {root} does not exist");
        }

        Journal? journal = null;
        try
        {
            journal = _registry.ReadJournal();
            if (journal is not null)
            {
                Note(DiagnosticCodes.RegistryCorrupt, ".lineage/journal.json", $"an interrupted {journal.Op} of {journal.ModelName} v{journal.Version} is pending; the next write to the registry completes or discards it");
            }
        }
        catch (LineageException ex)
        {
            Error(ex.Code, ".lineage/journal.json", ex.Message);
        }

        var staging = _registry.StagingPath;
        if (Directory.Exists(staging) && Directory.EnumerateDirectories(staging).Any())
        {
            Note(DiagnosticCodes.RegistryCorrupt, ".lineage/staging", "folders staged by an interrupted promotion (never visible as versions); the next write removes them");
        }

        var versionsByModel = new SortedDictionary<string, List<ModelVersion>>(StringComparer.Ordinal);
        var versionCount = 0;
        var modelFiles = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            var name = Path.GetFileName(entry);
            if (name is FileSystemRegistry.LatestFolder or FileSystemRegistry.IndexFolder or FileSystemRegistry.RollbackLogsFolder or FileSystemRegistry.PrivateFolder)
            {
                Guard(() => _registry.EnsureNotLink(entry), name);
                continue;
            }

            if (!Directory.Exists(entry) || !RegistryNames.TryParseVersionId(name, out var model, out var version))
            {
                Note(DiagnosticCodes.RegistryCorrupt, name, "not part of the registry layout; ignored");
                continue;
            }

            var metadata = Guard(() => _registry.GetVersion(model, version), name);
            if (metadata is null)
            {
                continue;
            }

            versionCount++;
            if (!versionsByModel.TryGetValue(model, out var list))
            {
                versionsByModel[model] = list = new List<ModelVersion>();
            }

            list.Add(metadata);
            CheckFolderContent(entry, name, metadata);
            if (checkModelFiles)
            {
                modelFiles++;
                CheckModelFile(name, metadata);
            }
        }

        CheckSharedConfigHashes(versionsByModel);
        CheckLatest(root, versionsByModel);
        CheckIndexes(root, versionsByModel, journal);
        CheckRollbackLogs(root);
        return new VerifyReport(versionsByModel.Count, versionCount, modelFiles, _findings);
    }

    private void CheckFolderContent(string directory, string name, ModelVersion metadata)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { FileSystemRegistry.MetadataFileName };
        foreach (var artifact in metadata.Artifacts)
        {
            expected.Add(artifact.Name);
            var path = Path.Combine(directory, artifact.Name);
            var bytes = Guard(() => File.Exists(path) ? _registry.ReadInside(path) : null, name + "/" + artifact.Name);
            if (bytes is null)
            {
                Error(DiagnosticCodes.RegistryCorrupt, name + "/" + artifact.Name, "listed in metadata.json but missing");
            }
            else if (bytes.Length != artifact.Size || FileSystemRegistry.Sha256Hex(bytes) != artifact.Sha256)
            {
                Error(DiagnosticCodes.RegistryCorrupt, name + "/" + artifact.Name, "its checksum differs from metadata.json: the copy was changed after promotion");
            }
        }

        foreach (var file in Directory.EnumerateFileSystemEntries(directory))
        {
            var fileName = Path.GetFileName(file);
            if (!expected.Contains(fileName))
            {
                Note(DiagnosticCodes.RegistryCorrupt, name + "/" + fileName, FileSystemRegistry.IsTemp(fileName) ? "a temp file of an interrupted write" : "not listed in metadata.json");
            }
        }
    }

    private void CheckModelFile(string name, ModelVersion metadata)
    {
        if (!File.Exists(metadata.ModelPath))
        {
            Error(DiagnosticCodes.ModelFileMismatch, name, $"the model file {metadata.ModelPath} is missing, so its checksum cannot be verified");
            return;
        }

        try
        {
            var (sha, size) = FileSystemRegistry.HashModelFile(metadata.ModelPath);
            if (sha != metadata.Sha256 || size != metadata.Size)
            {
                Error(DiagnosticCodes.ModelFileMismatch, name, $"the model file {metadata.ModelPath} has SHA-256 {sha} ({size} bytes), registered {metadata.Sha256} ({metadata.Size} bytes): it changed after promotion");
            }
        }
        catch (LineageException ex)
        {
            Error(ex.Code, name, ex.Message);
        }
    }

    // Seed 000's collision detection, over everything registered: one config hash under several models is either a
    // copied config or a 12-character MD5 collision. A note, not an error: the registry itself is consistent.
    private void CheckSharedConfigHashes(SortedDictionary<string, List<ModelVersion>> versions)
    {
        var byHash = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var model in versions)
        {
            foreach (var version in model.Value)
            {
                if (version.ConfigHash is { Length: > 0 } hash)
                {
                    if (!byHash.TryGetValue(hash, out var models))
                    {
                        byHash[hash] = models = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    models.Add(model.Key);
                }
            }
        }

        foreach (var shared in byHash.Where(h => h.Value.Count > 1).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            Note(DiagnosticCodes.DuplicateConfigHash, "config_hash " + shared.Key, $"registered under several models: {string.Join(", ", shared.Value)} (identical configs, or a hash collision)");
        }
    }

    private void CheckLatest(string root, SortedDictionary<string, List<ModelVersion>> versions)
    {
        var latest = Path.Combine(root, FileSystemRegistry.LatestFolder);
        if (!Directory.Exists(latest))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFileSystemEntries(latest))
        {
            var model = Path.GetFileName(file);
            var subject = "latest/" + model;
            if (FileSystemRegistry.IsTemp(model))
            {
                Note(DiagnosticCodes.RegistryCorrupt, subject, "a temp file of an interrupted write");
                continue;
            }

            if (!RegistryNames.IsValidModelName(model) || Directory.Exists(file))
            {
                Error(DiagnosticCodes.RegistryCorrupt, subject, "not a latest pointer (a file named after a model)");
                continue;
            }

            var version = Guard(() => _registry.GetLatest(model), subject);
            if (version is null)
            {
                continue;
            }

            if (!versions.TryGetValue(model, out var list) || !list.Any(v => v.Version.Equals(version.Value)))
            {
                Error(DiagnosticCodes.RegistryCorrupt, subject, $"names {RegistryNames.VersionId(model, version.Value)}, which is not a complete version");
            }
        }
    }

    private void CheckIndexes(string root, SortedDictionary<string, List<ModelVersion>> versions, Journal? journal)
    {
        var indexFolder = Path.Combine(root, FileSystemRegistry.IndexFolder);
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(indexFolder))
        {
            foreach (var file in Directory.EnumerateFileSystemEntries(indexFolder))
            {
                var fileName = Path.GetFileName(file);
                var subject = "index/" + fileName;
                if (FileSystemRegistry.IsTemp(fileName))
                {
                    Note(DiagnosticCodes.RegistryCorrupt, subject, "a temp file of an interrupted write");
                    continue;
                }

                var model = fileName.EndsWith(".json", StringComparison.Ordinal) ? fileName.Substring(0, fileName.Length - 5) : string.Empty;
                if (!RegistryNames.IsValidModelName(model))
                {
                    Error(DiagnosticCodes.RegistryCorrupt, subject, "not an index file ({model}.json)");
                    continue;
                }

                indexed.Add(model);
                var entries = Guard(() => _registry.ReadIndexOrEmpty(model), subject);
                if (entries is null)
                {
                    continue;
                }

                versions.TryGetValue(model, out var actual);
                actual ??= new List<ModelVersion>();
                foreach (var entry in entries)
                {
                    var match = actual.FirstOrDefault(v => v.Version.Equals(entry.Version));
                    if (match is null)
                    {
                        Error(DiagnosticCodes.RegistryCorrupt, subject, $"lists {entry.Version}, which is not a complete version");
                    }
                    else if (match.Sha256 != entry.Sha256 || !SameTags(match.Tags, entry.Tags))
                    {
                        if (!Pending(journal, "signoff", model, entry.Version))
                        {
                            Error(DiagnosticCodes.RegistryCorrupt, subject, $"its entry for {entry.Version} differs from that version's metadata.json");
                        }
                    }
                }

                foreach (var version in actual.Where(v => !entries.Any(e => e.Version.Equals(v.Version))))
                {
                    if (!Pending(journal, "promote", model, version.Version))
                    {
                        Error(DiagnosticCodes.RegistryCorrupt, subject, $"does not list {version.Id}");
                    }
                }
            }
        }

        foreach (var model in versions.Keys.Where(m => !indexed.Contains(m)))
        {
            var only = versions[model];
            if (!(only.Count == 1 && Pending(journal, "promote", model, only[0].Version)))
            {
                Error(DiagnosticCodes.RegistryCorrupt, "index/" + model + ".json", "missing, but the model has versions");
            }
        }
    }

    private void CheckRollbackLogs(string root)
    {
        var logs = Path.Combine(root, FileSystemRegistry.RollbackLogsFolder);
        if (!Directory.Exists(logs))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFileSystemEntries(logs))
        {
            var fileName = Path.GetFileName(file);
            var subject = "rollback_logs/" + fileName;
            if (FileSystemRegistry.IsTemp(fileName))
            {
                Note(DiagnosticCodes.RegistryCorrupt, subject, "a temp file of an interrupted write");
                continue;
            }

            var bytes = Guard(() => _registry.ReadInside(file), subject);
            if (bytes is null)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(bytes);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("reason", out _))
                {
                    Error(DiagnosticCodes.RegistryCorrupt, subject, "not a rollback log");
                }
            }
            catch (JsonException ex)
            {
                Error(DiagnosticCodes.RegistryCorrupt, subject, "not valid JSON: " + ex.Message);
            }
        }
    }

    private static bool Pending(Journal? journal, string op, string model, RegistryVersion version) =>
        journal is not null && journal.Op == op && journal.ModelName == model && journal.Version == version.Text;

    private static bool SameTags(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(t => b.TryGetValue(t.Key, out var v) && v == t.Value);

    private T? Guard<T>(Func<T> read, string subject)
    {
        try
        {
            return read();
        }
        catch (LineageException ex)
        {
            Error(ex.Code, subject, ex.Message);
            return default;
        }
    }

    private void Guard(Action check, string subject)
    {
        try
        {
            check();
        }
        catch (LineageException ex)
        {
            Error(ex.Code, subject, ex.Message);
        }
    }

    private void Error(string code, string subject, string message) => _findings.Add(new VerifyFinding(true, code, subject, message));

    private void Note(string code, string subject, string message) => _findings.Add(new VerifyFinding(false, code, subject, message));
}
