using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using Lineage.Core.Circuits;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis.Text;

namespace Lineage.Generators;

/// <summary>Turns a catalog's text into a <see cref="CatalogModel"/> with Lineage.Core, the build task's own code.</summary>
internal static class CatalogReader
{
    /// <summary>Keys that have their own members (or none): never emitted as settings.</summary>
    private static readonly HashSet<string> OwnKeys = new(StringComparer.Ordinal)
    {
        CircuitCatalog.PlantIdKey, CircuitCatalog.CircuitIdKey, CircuitCatalog.CutoffDateKey, "metadata",
    };

    /// <summary>Member names of every circuit class besides its settings (see CircuitsEmitter).</summary>
    private static readonly string[] CircuitMembers = { "PlantId", "CircuitId", "ModelName", "ConfigHash", "CutoffDate", "Instance" };

    public static CatalogModel Read(string path, SourceText? text, CancellationToken cancellationToken)
    {
        var fileName = System.IO.Path.GetFileName(path);
        if (text is null)
        {
            var error = new DiagnosticInfo(DiagnosticCodes.ReadError, "the catalog cannot be read", path, default, default);
            return new CatalogModel(path, fileName, EquatableArray<CircuitModel>.Empty, new EquatableArray<DiagnosticInfo>(new[] { error }));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var catalog = CircuitCatalog.Parse(text.ToString(), path);
        if (catalog.HasErrors)
        {
            var diagnostics = new DiagnosticInfo[catalog.Errors.Count];
            for (var i = 0; i < diagnostics.Length; i++)
            {
                diagnostics[i] = ToDiagnostic(catalog.Errors[i], path, text);
            }

            return new CatalogModel(path, fileName, EquatableArray<CircuitModel>.Empty, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        var circuits = new CircuitModel[catalog.Circuits.Count];
        for (var i = 0; i < circuits.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            circuits[i] = ToModel(catalog.Circuits[i]);
        }

        return new CatalogModel(path, fileName, new EquatableArray<CircuitModel>(circuits), EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>
    /// A core error as a diagnostic at its line and column of the YAML file; the span runs to the end of that line so an
    /// IDE has something to underline. Positions outside the text are clamped to it.
    /// </summary>
    internal static DiagnosticInfo ToDiagnostic(LineageException error, string path, SourceText text)
    {
        if (error.Line <= 0 || text.Lines.Count == 0)
        {
            return new DiagnosticInfo(error.Code, error.Message, path, default, default);
        }

        var lineIndex = Math.Min(error.Line, text.Lines.Count) - 1;
        var line = text.Lines[lineIndex];
        var column = Math.Min(Math.Max(error.Column - 1, 0), line.End - line.Start);
        var start = line.Start + column;
        var span = TextSpan.FromBounds(start, Math.Max(start, line.End));
        var lineSpan = new LinePositionSpan(new LinePosition(lineIndex, column), new LinePosition(lineIndex, column + span.Length));
        return new DiagnosticInfo(error.Code, error.Message, path, span, lineSpan);
    }

    private static CircuitModel ToModel(Circuit circuit)
    {
        DateValue? cutoff = null;
        if (circuit.Config.TryGetValue(CircuitCatalog.CutoffDateKey, out var cutoffValue))
        {
            cutoff = AsDate(cutoffValue);
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in CircuitMembers)
        {
            taken.Add(name);
        }

        foreach (var name in Identifiers.ObjectMembers)
        {
            taken.Add(name);
        }

        // Both ids as one text: PLANT001 / CIRCUIT01 -> Plant001Circuit01 (a digit-first id only gets "_" at the front).
        var baseName = Identifiers.Pascal(circuit.PlantId + " " + circuit.CircuitId, "Circuit");

        // A member may not have its enclosing type's name (CS0542). The final class name can still get a _2 suffix
        // from the name table; a setting named like that one is harmless, and rare enough.
        taken.Add(baseName);

        var settings = new List<SettingModel>();
        foreach (var entry in circuit.Config.Entries)
        {
            if (entry.Key is not string key || OwnKeys.Contains(key) || !TryScalar(entry.Value, out var kind, out var value))
            {
                continue;
            }

            settings.Add(new SettingModel(key, Identifiers.Unique(Identifiers.Pascal(key, "Setting"), taken), kind, value));
        }

        return new CircuitModel(
            circuit.PlantId,
            circuit.CircuitId,
            circuit.ModelName,
            circuit.ConfigHash,
            cutoff,
            circuit.CutoffDate,
            circuit.Line,
            circuit.Column,
            baseName,
            new EquatableArray<SettingModel>(settings.ToArray()));
    }

    /// <summary>The scalar kinds that become typed settings; nulls, datetimes, bytes, big ints and collections do not.</summary>
    private static bool TryScalar(object? value, out SettingKind kind, out string text)
    {
        switch (value)
        {
            case string s:
                kind = SettingKind.String;
                text = s;
                return true;
            case bool b:
                kind = SettingKind.Bool;
                text = b ? "true" : "false";
                return true;
            case BigInteger i when i >= long.MinValue && i <= long.MaxValue:
                kind = SettingKind.Long;
                text = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case double d when PyStr.TryStr(d, out var repr):
                // Python's repr is the shortest text that reads back as the same double, in C# as in Python.
                kind = SettingKind.Double;
                text = repr;
                return true;
            case PyDate date:
                kind = SettingKind.Date;
                text = date.ToString();
                return true;
            default:
                kind = default;
                text = string.Empty;
                return false;
        }
    }

    private static DateValue? AsDate(object? value) => value switch
    {
        PyDate date => new DateValue(date.Year, date.Month, date.Day),
        // A quoted ISO date is still the date the manifest records; anything else has no date.
        string s when s.Length == 10 && DateTime.TryParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
            => new DateValue(parsed.Year, parsed.Month, parsed.Day),
        _ => null,
    };
}
