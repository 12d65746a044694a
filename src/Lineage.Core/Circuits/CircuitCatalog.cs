using System.Collections.Generic;
using Lineage.Core.Diagnostics;
using Lineage.Core.Hashing;
using Lineage.Core.Yaml;

namespace Lineage.Core.Circuits;

/// <summary>
/// A master <c>circuits.yaml</c>: a top-level mapping whose <c>circuits</c> key is a list of circuit mappings. Every
/// circuit is hashed alone as a config (its own <c>metadata</c> dropped), as the seed's
/// <c>generate_circuit_configs.py</c> does. Loading never throws for bad input: every problem found is collected in
/// <see cref="Errors"/> so a user can fix them all in one pass.
/// </summary>
public sealed class CircuitCatalog
{
    /// <summary>The key of the circuit list in the catalog.</summary>
    public const string CircuitsKey = "circuits";

    /// <summary>The key naming a circuit's plant.</summary>
    public const string PlantIdKey = "plant_id";

    /// <summary>The key naming a circuit within its plant.</summary>
    public const string CircuitIdKey = "circuit_id";

    /// <summary>The key of a circuit's training data cutoff.</summary>
    public const string CutoffDateKey = "cutoff_date";

    private CircuitCatalog(string? sourceName, IReadOnlyList<Circuit> circuits, IReadOnlyList<LineageException> errors)
    {
        SourceName = sourceName;
        Circuits = circuits;
        Errors = errors;
    }

    /// <summary>The file the catalog was read from, as given.</summary>
    public string? SourceName { get; }

    /// <summary>The valid circuits in file order. Incomplete when <see cref="HasErrors"/>; never act on it then.</summary>
    public IReadOnlyList<Circuit> Circuits { get; }

    /// <summary>Every problem found, in file order, each with file, line and column where known.</summary>
    public IReadOnlyList<LineageException> Errors { get; }

    /// <summary>Whether any problem was found; generation refuses to write anything then.</summary>
    public bool HasErrors => Errors.Count > 0;

    /// <summary>Reads and validates the catalog at <paramref name="path"/> (strict UTF-8, size limit).</summary>
    public static CircuitCatalog Load(string path, YamlLoadOptions? options = null) => Load(path, options, keepConfigs: true);

    /// <summary>
    /// Reads and validates the catalog at <paramref name="path"/>. With <paramref name="keepConfigs"/> false the
    /// circuits' loaded values are not kept (<see cref="Circuit.Config"/> throws): a large catalog's circuits are then
    /// hashed as soon as each is loaded and their values become garbage right away, which is what a command that
    /// only prints hashes wants.
    /// </summary>
    public static CircuitCatalog Load(string path, YamlLoadOptions? options, bool keepConfigs)
    {
        string text;
        try
        {
            text = PyYaml.ReadFile(path, options);
        }
        catch (LineageException ex)
        {
            return new CircuitCatalog(path, new Circuit[0], new[] { ex.WithFile(path) });
        }

        return Parse(text, path, options, keepConfigs);
    }

    /// <summary>Loads and validates catalog text; <paramref name="sourceName"/> names it in errors.</summary>
    public static CircuitCatalog Parse(string yamlText, string? sourceName = null, YamlLoadOptions? options = null) =>
        Parse(yamlText, sourceName, options, keepConfigs: true);

    /// <summary>Loads and validates catalog text; see <see cref="Load(string, YamlLoadOptions?, bool)"/>.</summary>
    public static CircuitCatalog Parse(string yamlText, string? sourceName, YamlLoadOptions? options, bool keepConfigs)
    {
        object? root;
        try
        {
            // A circuit list composed in parallel chunks hands each circuit over as soon as it is constructed; without
            // keepConfigs it is read and hashed there and only the result stays in the list (never seen outside).
            System.Func<string, int, object?, object?>? sink = keepConfigs
                ? null
                : (key, index, value) => key == CircuitsKey && value is PyDict entry ? ReadEntry(index, entry, sourceName, keepConfig: false) : value;
            root = PyYaml.Load(yamlText, sourceName, options, sink);
        }
        catch (LineageException ex)
        {
            return new CircuitCatalog(sourceName, new Circuit[0], new[] { ex.WithFile(sourceName) });
        }

        return FromValue(root, sourceName, keepConfigs);
    }

    // A circuit read and hashed: the circuit, or null, and the entry's errors in the order a single pass finds them.
    private sealed class ReadResult
    {
        public ReadResult(Circuit? circuit, List<LineageException>? errors)
        {
            Circuit = circuit;
            Errors = errors;
        }

        public Circuit? Circuit { get; }

        public List<LineageException>? Errors { get; }
    }

    private static ReadResult ReadEntry(int index, PyDict entry, string? sourceName, bool keepConfig)
    {
        ConfigHashResult? hash = null;
        LineageException? hashError = null;
        try
        {
            hash = ConfigHash.Compute(entry, sourceName);
        }
        catch (LineageException ex)
        {
            hashError = ex;
        }

        var entryErrors = new List<LineageException>();
        var circuit = ReadCircuit(index, entry, keepConfig, hash, hashError, sourceName, entryErrors);
        return new ReadResult(circuit, entryErrors.Count > 0 ? entryErrors : null);
    }

    /// <summary>Validates and hashes an already loaded catalog (the value of <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/>).</summary>
    public static CircuitCatalog FromValue(object? root, string? sourceName = null) => FromValue(root, sourceName, keepConfigs: true);

    private static CircuitCatalog FromValue(object? root, string? sourceName, bool keepConfigs)
    {
        var errors = new List<LineageException>();
        var circuits = new List<Circuit>();
        var list = CircuitList(root, sourceName, errors);
        if (list is null)
        {
            return new CircuitCatalog(sourceName, circuits, errors);
        }

        var byFileName = new Dictionary<string, Circuit>(System.StringComparer.Ordinal);
        var byCollisionKey = new Dictionary<string, Circuit>(System.StringComparer.Ordinal);
        var byModelName = new Dictionary<string, Circuit>(System.StringComparer.Ordinal);

        // Hashing (dump + MD5) and reading a circuit's ids are independent per circuit and read the loaded values
        // only: spread them over the cores, each entry's errors in their own list, merged in file order below.
        // Entries already read while loading (keepConfigs false) are ReadResults.
        var read = new ReadResult?[list.Count];
        System.Threading.Tasks.Parallel.For(0, list.Count, i =>
        {
            read[i] = list[i] switch
            {
                ReadResult done => done,
                PyDict entry => ReadEntry(i, entry, sourceName, keepConfigs),
                _ => null,
            };
        });

        for (var index = 0; index < list.Count; index++)
        {
            if (read[index] is not { } result)
            {
                errors.Add(new LineageException(
                    DiagnosticCodes.InvalidCircuitCatalog,
                    $"entry {index + 1} of '{CircuitsKey}' is {ConfigHash.Describe(list[index])}, not a mapping with '{PlantIdKey}' and '{CircuitIdKey}'",
                    sourceName,
                    list.SourceLine,
                    list.SourceColumn));
                continue;
            }

            if (result.Errors is { } entryErrors)
            {
                errors.AddRange(entryErrors);
            }

            var circuit = result.Circuit;
            if (circuit is not null)
            {
                CheckUnique(circuit, byFileName, byCollisionKey, byModelName, sourceName, errors);
                circuits.Add(circuit);
            }
        }

        return new CircuitCatalog(sourceName, circuits, errors);
    }

    private static PyList? CircuitList(object? root, string? sourceName, List<LineageException> errors)
    {
        if (root is not PyDict top)
        {
            errors.Add(new LineageException(
                DiagnosticCodes.InvalidCircuitCatalog,
                $"the top level of a circuit catalog must be a mapping with a '{CircuitsKey}' list, but this file holds {ConfigHash.Describe(root)}",
                sourceName,
                1,
                1));
            return null;
        }

        if (!top.TryGetValue(CircuitsKey, out var value))
        {
            errors.Add(new LineageException(
                DiagnosticCodes.InvalidCircuitCatalog,
                $"the catalog has no '{CircuitsKey}' key; expected '{CircuitsKey}:' followed by a list of circuits",
                sourceName,
                top.SourceLine,
                top.SourceColumn));
            return null;
        }

        if (value is not PyList list)
        {
            errors.Add(new LineageException(
                DiagnosticCodes.InvalidCircuitCatalog,
                $"'{CircuitsKey}' must be a list of circuits, but it is {ConfigHash.Describe(value)}",
                sourceName,
                top.SourceLine,
                top.SourceColumn));
            return null;
        }

        return list;
    }

    private static Circuit? ReadCircuit(
        int index, PyDict entry, bool keepConfig, ConfigHashResult? hash, LineageException? hashError, string? sourceName, List<LineageException> errors)
    {
        var plantId = ReadId(entry, PlantIdKey, sourceName, errors);
        var circuitId = ReadId(entry, CircuitIdKey, sourceName, errors);

        // Hashed even when an id is bad, so a value the dumper cannot write is reported in the same pass.
        if (hashError is not null)
        {
            errors.Add(hashError.Line > 0 ? hashError.WithFile(sourceName) : Located(hashError, sourceName, entry));
        }

        if (plantId is null || circuitId is null || hash is null)
        {
            return null;
        }

        var fileName = CircuitFileNames.FileName(plantId, circuitId);
        var reason = CircuitFileNames.UnsafeFileNameReason(fileName);
        if (reason is not null)
        {
            errors.Add(Error(DiagnosticCodes.UnsafeCircuitId, $"the file name of {PlantIdKey} {Quote(plantId)} / {CircuitIdKey} {Quote(circuitId)} {reason}", sourceName, entry));
            return null;
        }

        string? cutoff = null;
        if (entry.TryGetValue(CutoffDateKey, out var cutoffValue) && cutoffValue is not null && PyStr.TryStr(cutoffValue, out var cutoffText))
        {
            cutoff = cutoffText;
        }

        return new Circuit(index, entry, keepConfig, plantId, circuitId, hash.Hash, hash.CanonicalYaml, cutoff);
    }

    private static string? ReadId(PyDict entry, string key, string? sourceName, List<LineageException> errors)
    {
        if (!entry.TryGetValue(key, out var value))
        {
            errors.Add(Error(DiagnosticCodes.MissingCircuitId, $"circuit has no '{key}'", sourceName, entry));
            return null;
        }

        if (value is null)
        {
            // Python would name the file "None_...": almost certainly a key left without a value.
            errors.Add(Error(DiagnosticCodes.MissingCircuitId, $"'{key}' has no value", sourceName, entry));
            return null;
        }

        if (!PyStr.TryStr(value, out var text))
        {
            errors.Add(Error(
                DiagnosticCodes.UnsafeCircuitId,
                $"'{key}' is {ConfigHash.Describe(value)}; an id must be a string or a number",
                sourceName,
                entry));
            return null;
        }

        var reason = CircuitFileNames.UnsafeReason(text);
        if (reason is not null)
        {
            errors.Add(Error(
                DiagnosticCodes.UnsafeCircuitId,
                $"'{key}' {Quote(text)} cannot be used in a file name: {reason}",
                sourceName,
                entry));
            return null;
        }

        return text;
    }

    private static void CheckUnique(
        Circuit circuit,
        Dictionary<string, Circuit> byFileName,
        Dictionary<string, Circuit> byCollisionKey,
        Dictionary<string, Circuit> byModelName,
        string? sourceName,
        List<LineageException> errors)
    {
        if (byFileName.TryGetValue(circuit.FileName, out var first))
        {
            var message = first.PlantId == circuit.PlantId && first.CircuitId == circuit.CircuitId
                ? $"duplicate circuit: {PairText(circuit)} is already defined at line {first.Line}"
                : $"{PairText(circuit)} gives the file name {Quote(circuit.FileName)}, which {PairText(first)} at line {first.Line} also gives";
            errors.Add(Error(DiagnosticCodes.DuplicateCircuitId, message, sourceName, circuit));
            return;
        }

        byFileName.Add(circuit.FileName, circuit);
        var key = CircuitFileNames.CollisionKey(circuit.FileName);
        if (byCollisionKey.TryGetValue(key, out first))
        {
            errors.Add(Error(
                DiagnosticCodes.DuplicateCircuitId,
                $"the file name {Quote(circuit.FileName)} of {PairText(circuit)} differs from {Quote(first.FileName)} of the circuit at line {first.Line} only in letter case or Unicode form; the two would overwrite each other on Windows and macOS",
                sourceName,
                circuit));
            return;
        }

        byCollisionKey.Add(key, circuit);
        if (byModelName.TryGetValue(circuit.ModelName, out first))
        {
            errors.Add(Error(
                DiagnosticCodes.DuplicateCircuitId,
                $"{PairText(circuit)} gives the model name {Quote(circuit.ModelName)}, which {PairText(first)} at line {first.Line} also gives; their models would be registered under one name",
                sourceName,
                circuit));
            return;
        }

        byModelName.Add(circuit.ModelName, circuit);
    }

    private static string PairText(Circuit circuit) =>
        $"{PlantIdKey} {Quote(circuit.PlantId)} / {CircuitIdKey} {Quote(circuit.CircuitId)}";

    // Ids may hold anything a YAML string can; escape what would garble a one-line message.
    private static string Quote(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length + 2).Append('\'');
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('\'').ToString();
    }

    private static LineageException Error(string code, string message, string? sourceName, PyDict entry) =>
        new(code, message, sourceName, entry.SourceLine, entry.SourceColumn);

    private static LineageException Error(string code, string message, string? sourceName, Circuit circuit) =>
        new(code, message, sourceName, circuit.Line, circuit.Column);

    private static LineageException Located(LineageException ex, string? sourceName, PyDict entry) =>
        new(ex.Code, ex.Message, ex.File ?? sourceName, entry.SourceLine, entry.SourceColumn, ex);
}
