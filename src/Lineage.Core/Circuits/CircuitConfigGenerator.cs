using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Hashing;
using Lineage.Core.IO;
using Lineage.Core.Yaml;

namespace Lineage.Core.Circuits;

/// <summary>What generation did with one circuit file.</summary>
public enum CircuitFileStatus
{
    /// <summary>The file did not exist and was written.</summary>
    Created,

    /// <summary>The file existed with other content and was replaced.</summary>
    Updated,

    /// <summary>The file already held this content, or differed only in <c>generated_at</c>; it was not touched.</summary>
    Unchanged,
}

/// <summary>One circuit file of a generation run.</summary>
public sealed class GeneratedCircuitFile
{
    internal GeneratedCircuitFile(Circuit circuit, string path, CircuitFileStatus status)
    {
        Circuit = circuit;
        Path = path;
        Status = status;
    }

    /// <summary>The circuit the file holds.</summary>
    public Circuit Circuit { get; }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>Whether it was created, updated or left as it was.</summary>
    public CircuitFileStatus Status { get; }

    /// <summary>Whether the file was written by this run.</summary>
    public bool Written => Status != CircuitFileStatus.Unchanged;
}

/// <summary>The outcome of <see cref="CircuitConfigGenerator.Generate"/>.</summary>
public sealed class CircuitGenerationResult
{
    internal CircuitGenerationResult(IReadOnlyList<GeneratedCircuitFile> files, IReadOnlyList<LineageException> errors)
    {
        Files = files;
        Errors = errors;
    }

    /// <summary>The files handled, in catalog order (only those handled before a write error stopped the run).</summary>
    public IReadOnlyList<GeneratedCircuitFile> Files { get; }

    /// <summary>
    /// Problems found. Catalog and validation problems mean nothing was written; a write error (LIN0104) means the
    /// files before it in <see cref="Files"/> were written and the rest were not.
    /// </summary>
    public IReadOnlyList<LineageException> Errors { get; }

    /// <summary>Whether the run failed.</summary>
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>One circuit file rendered in memory, ready to be written.</summary>
public sealed class PlannedCircuitFile
{
    internal PlannedCircuitFile(Circuit circuit, string path, byte[] content)
    {
        Circuit = circuit;
        Path = path;
        Content = content;
    }

    /// <summary>The circuit the file holds.</summary>
    public Circuit Circuit { get; }

    /// <summary>Full path the file will have.</summary>
    public string Path { get; }

    /// <summary>The UTF-8 bytes of the file (with <c>generated_at</c> of this run; an existing file may keep its own).</summary>
    internal byte[] Content { get; }
}

/// <summary>The outcome of <see cref="CircuitConfigGenerator.Plan"/>: every file of a catalog, rendered, or the problems.</summary>
public sealed class CircuitGenerationPlan
{
    internal CircuitGenerationPlan(CircuitCatalog catalog, string outputDirectory, IReadOnlyList<PlannedCircuitFile> files, IReadOnlyList<LineageException> errors)
    {
        Catalog = catalog;
        OutputDirectory = outputDirectory;
        Files = files;
        Errors = errors;
    }

    /// <summary>The catalog the plan was made from.</summary>
    public CircuitCatalog Catalog { get; }

    /// <summary>The folder the files go to.</summary>
    public string OutputDirectory { get; }

    /// <summary>The files in catalog order; empty when <see cref="HasErrors"/>.</summary>
    public IReadOnlyList<PlannedCircuitFile> Files { get; }

    /// <summary>Every problem found (catalog errors included).</summary>
    public IReadOnlyList<LineageException> Errors { get; }

    /// <summary>Whether the plan must not be written.</summary>
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// Writes one config file per circuit, as the seed's <c>generate_circuit_configs.py</c> does: the circuit's keys in
/// file order without its own <c>metadata</c>, then a <c>metadata</c> mapping (<c>config_hash</c>,
/// <c>generated_at</c>, <c>description</c>), dumped with <c>yaml.dump(..., default_flow_style=False, sort_keys=False)</c>.
/// </summary>
public static class CircuitConfigGenerator
{
    /// <summary>The <c>metadata.description</c> the Python script writes.</summary>
    public const string MetadataDescription = "Deterministic hash of circuit configuration for model tracking";

    /// <summary>The key of the timestamp in the metadata mapping.</summary>
    public const string GeneratedAtKey = "generated_at";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The text of a circuit's file, with <paramref name="generatedAt"/> as <c>metadata.generated_at</c>.</summary>
    /// <param name="circuit">A circuit of a catalog without errors.</param>
    /// <param name="generatedAt">Usually a string from <see cref="GeneratedAt"/>; any loaded value is written as is.</param>
    public static string Render(Circuit circuit, object? generatedAt)
    {
        // The hash was taken before metadata is added, so the metadata never feeds back into it.
        var document = circuit.Config.Copy();
        document.Remove(ConfigHash.MetadataKey);
        var metadata = new PyDict();
        metadata.Set("config_hash", circuit.ConfigHash);
        metadata.Set(GeneratedAtKey, generatedAt);
        metadata.Set("description", MetadataDescription);
        document.Set(ConfigHash.MetadataKey, metadata);
        return PyYaml.Dump(document, sortKeys: false);
    }

    /// <summary>
    /// Writes the circuit files of <paramref name="catalog"/> into <paramref name="outputDirectory"/> (created when
    /// missing): <see cref="Plan"/> then <see cref="Write"/>. Everything is checked before the first write: with any
    /// problem nothing is written. Each write is atomic (a temporary file in the same folder, then a rename). A file
    /// whose content would not change, or would change only in <c>generated_at</c>, is left untouched, so repeated
    /// runs keep the first timestamp and do not trigger incremental builds.
    /// </summary>
    public static CircuitGenerationResult Generate(CircuitCatalog catalog, string outputDirectory, string generatedAt)
    {
        var plan = Plan(catalog, outputDirectory, generatedAt);
        return plan.HasErrors
            ? new CircuitGenerationResult(Array.Empty<GeneratedCircuitFile>(), plan.Errors)
            : Write(plan);
    }

    /// <summary>
    /// Renders every circuit file of <paramref name="catalog"/> in memory and checks that it can be written, without
    /// touching the disk. A caller that generates several catalogs plans them all first, so a problem in any of
    /// them means nothing is written at all.
    /// </summary>
    public static CircuitGenerationPlan Plan(CircuitCatalog catalog, string outputDirectory, string generatedAt)
    {
        if (catalog.HasErrors)
        {
            return new CircuitGenerationPlan(catalog, outputDirectory, Array.Empty<PlannedCircuitFile>(), catalog.Errors);
        }

        var errors = new List<LineageException>();
        var files = new List<PlannedCircuitFile>(catalog.Circuits.Count);
        foreach (var circuit in catalog.Circuits)
        {
            var path = Path.GetFullPath(Path.Combine(outputDirectory, circuit.FileName));
            try
            {
                files.Add(new PlannedCircuitFile(circuit, path, Utf8NoBom.GetBytes(Render(circuit, generatedAt))));
            }
            catch (LineageException ex)
            {
                errors.Add(ex.Line > 0 ? ex.WithFile(catalog.SourceName) : new LineageException(ex.Code, ex.Message, catalog.SourceName, circuit.Line, circuit.Column, ex));
                continue;
            }

            if (Directory.Exists(path))
            {
                errors.Add(new LineageException(
                    DiagnosticCodes.WriteError,
                    $"cannot write '{path}': a directory of that name is in the way",
                    catalog.SourceName,
                    circuit.Line,
                    circuit.Column));
            }
        }

        return errors.Count > 0
            ? new CircuitGenerationPlan(catalog, outputDirectory, Array.Empty<PlannedCircuitFile>(), errors)
            : new CircuitGenerationPlan(catalog, outputDirectory, files, errors);
    }

    /// <summary>
    /// Writes a plan without errors: each file atomically, unchanged files (or files differing only in
    /// <c>generated_at</c>) left alone. Stops at the first write error, which is reported as LIN0104.
    /// </summary>
    public static CircuitGenerationResult Write(CircuitGenerationPlan plan)
    {
        if (plan.HasErrors)
        {
            throw new InvalidOperationException("A plan with errors cannot be written.");
        }

        var errors = new List<LineageException>();
        var files = new List<GeneratedCircuitFile>(plan.Files.Count);
        try
        {
            Directory.CreateDirectory(plan.OutputDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            errors.Add(new LineageException(DiagnosticCodes.WriteError, $"cannot create the output folder: {ex.Message}", plan.OutputDirectory, inner: ex));
            return new CircuitGenerationResult(files, errors);
        }

        foreach (var file in plan.Files)
        {
            try
            {
                var status = Decide(file.Circuit, file.Path, file.Content);
                if (status != CircuitFileStatus.Unchanged)
                {
                    AtomicFile.Write(file.Path, file.Content);
                }

                files.Add(new GeneratedCircuitFile(file.Circuit, file.Path, status));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                // Stop at the first failure (a full disk, a read-only folder): the rest would fail the same way.
                errors.Add(new LineageException(DiagnosticCodes.WriteError, $"cannot write the file: {ex.Message}", file.Path, inner: ex));
                break;
            }
        }

        return new CircuitGenerationResult(files, errors);
    }

    private static CircuitFileStatus Decide(Circuit circuit, string path, byte[] content)
    {
        if (!File.Exists(path))
        {
            return CircuitFileStatus.Created;
        }

        var existing = File.ReadAllBytes(path);
        if (Yaml.ByteArrayExtensions.ContentEquals(existing, content))
        {
            return CircuitFileStatus.Unchanged;
        }

        // Re-render with the existing timestamp: equal bytes mean only generated_at would change.
        if (TryReadGeneratedAt(existing, out var previous)
            && Yaml.ByteArrayExtensions.ContentEquals(existing, Utf8NoBom.GetBytes(Render(circuit, previous))))
        {
            return CircuitFileStatus.Unchanged;
        }

        return CircuitFileStatus.Updated;
    }

    private static bool TryReadGeneratedAt(byte[] existing, out object? generatedAt)
    {
        generatedAt = null;
        try
        {
            if (PyYaml.Load(PyYaml.DecodeUtf8(existing)) is PyDict document
                && document.TryGetValue(ConfigHash.MetadataKey, out var metadata)
                && metadata is PyDict metadataDict
                && metadataDict.TryGetValue(GeneratedAtKey, out generatedAt))
            {
                return true;
            }
        }
        catch (LineageException)
        {
            // A damaged file is simply replaced.
        }

        return false;
    }
}
