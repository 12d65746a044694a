using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Lineage.Core.Diagnostics;
using Lineage.Registry;

namespace Lineage.Release;

/// <summary>A circuit of a lineage manifest, as the registry needs it.</summary>
public sealed class ManifestEntry
{
    internal ManifestEntry(string modelName, string configHash, string? configFile, IReadOnlyDictionary<string, string> tags)
    {
        ModelName = modelName;
        ConfigHash = configHash;
        ConfigFile = configFile;
        Tags = tags;
    }

    /// <summary>The model name.</summary>
    public string ModelName { get; }

    /// <summary>The current config hash.</summary>
    public string ConfigHash { get; }

    /// <summary>The circuit's config file, relative to the project directory (as the manifest writes it).</summary>
    public string? ConfigFile { get; }

    /// <summary>The tags for the registered model (plant, circuit, cutoff date, config hash, training job).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }
}

/// <summary>The lineage manifest a build writes (<c>docs/lineage-manifest.schema.json</c>), read for the registry.</summary>
public sealed class ManifestFile
{
    private ManifestFile(string path, string? gitCommit, string? ciRun, string? ciUrl, IReadOnlyList<ManifestEntry> circuits)
    {
        Path = path;
        GitCommit = gitCommit;
        CiRun = ciRun;
        CiUrl = ciUrl;
        Circuits = circuits;
    }

    /// <summary>The manifest file (full path).</summary>
    public string Path { get; }

    /// <summary>The commit the configs were built from.</summary>
    public string? GitCommit { get; }

    /// <summary>The build's CI run, <c>{provider}-{run id}</c>.</summary>
    public string? CiRun { get; }

    /// <summary>A link to that run.</summary>
    public string? CiUrl { get; }

    /// <summary>Every circuit, in manifest order.</summary>
    public IReadOnlyList<ManifestEntry> Circuits { get; }

    /// <summary>Reads and checks a manifest (schema version 1).</summary>
    public static ManifestFile Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(DiagnosticCodes.InvalidManifest, "cannot read the lineage manifest: " + ex.Message, path);
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema_version", out var schema) || schema.ValueKind != JsonValueKind.Number || schema.GetInt32() != 1)
            {
                throw new LineageException(DiagnosticCodes.InvalidManifest, "not a lineage manifest of schema_version 1 (written by the Lineage.Build package or lineage circuits generate --manifest)", path);
            }

            string? commit = root.TryGetProperty("git_commit", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            string? ciRun = null, ciUrl = null;
            if (root.TryGetProperty("ci", out var ci) && ci.ValueKind == JsonValueKind.Object)
            {
                ciRun = Str(ci, "provider") + "-" + Str(ci, "run_id");
                ciUrl = Str(ci, "url");
            }

            var circuits = new List<ManifestEntry>();
            foreach (var circuit in root.GetProperty("circuits").EnumerateArray())
            {
                var name = Str(circuit, "model_name") ?? throw new LineageException(DiagnosticCodes.InvalidManifest, "a circuit has no model_name", path);
                RegistryNames.ValidateModelName(name);
                var hash = Str(circuit, "config_hash") ?? throw new LineageException(DiagnosticCodes.InvalidManifest, $"circuit {name} has no config_hash", path);
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                if (circuit.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
                {
                    foreach (var tag in t.EnumerateObject())
                    {
                        if (tag.Value.ValueKind == JsonValueKind.String)
                        {
                            tags[tag.Name] = tag.Value.GetString()!;
                        }
                    }
                }

                circuits.Add(new ManifestEntry(name, hash, Str(circuit, "config_file"), tags));
            }

            return new ManifestFile(full, commit, ciRun, ciUrl, circuits);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LineageException(DiagnosticCodes.InvalidManifest, "not a valid lineage manifest: " + ex.Message, path);
        }
    }

    /// <summary>The circuit of <paramref name="modelName"/>, or an error naming the manifest.</summary>
    public ManifestEntry Find(string modelName)
    {
        foreach (var circuit in Circuits)
        {
            if (circuit.ModelName == modelName)
            {
                return circuit;
            }
        }

        throw new LineageException(DiagnosticCodes.InvalidManifest, $"the manifest has no circuit with model_name {modelName}", Path);
    }

    /// <summary>
    /// The tags a promotion of <paramref name="circuit"/> records: the circuit's tags, then <c>git_commit</c> and the
    /// build's CI run from the manifest.
    /// </summary>
    public IDictionary<string, string> TagsFor(ManifestEntry circuit)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in circuit.Tags)
        {
            if (tag.Value.Length > 0)
            {
                tags[tag.Key] = tag.Value;
            }
        }

        tags[RegistryTags.ConfigHash] = circuit.ConfigHash;
        if (!string.IsNullOrEmpty(GitCommit))
        {
            tags[RegistryTags.GitCommit] = GitCommit!;
        }

        if (!string.IsNullOrEmpty(CiRun))
        {
            tags[RegistryTags.CiRun] = CiRun!;
        }

        if (!string.IsNullOrEmpty(CiUrl))
        {
            tags[RegistryTags.CiRunUrl] = CiUrl!;
        }

        return tags;
    }

    /// <summary>
    /// Finds a circuit's config file: manifest paths are relative to the project directory, which is
    /// <paramref name="projectDirectory"/> when known (MSBuild), else the current directory or the first folder above
    /// the manifest that has the file (the manifest sits in <c>obj/…</c> or in a copy folder of the project).
    /// </summary>
    public string? ResolveConfigFile(ManifestEntry circuit, string? projectDirectory = null)
    {
        if (string.IsNullOrEmpty(circuit.ConfigFile))
        {
            return null;
        }

        if (System.IO.Path.IsPathRooted(circuit.ConfigFile))
        {
            return File.Exists(circuit.ConfigFile) ? circuit.ConfigFile : null;
        }

        var candidates = new List<string>();
        if (projectDirectory is not null)
        {
            candidates.Add(projectDirectory);
        }

        candidates.Add(Directory.GetCurrentDirectory());
        for (var dir = System.IO.Path.GetDirectoryName(Path); !string.IsNullOrEmpty(dir); dir = System.IO.Path.GetDirectoryName(dir))
        {
            candidates.Add(dir!);
        }

        foreach (var candidate in candidates)
        {
            var file = System.IO.Path.Combine(candidate, circuit.ConfigFile);
            if (File.Exists(file))
            {
                return file;
            }
        }

        return null;
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
