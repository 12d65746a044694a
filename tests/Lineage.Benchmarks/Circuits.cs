using System;
using System.Collections.Generic;
using Lineage.Core.Yaml;

namespace Lineage.Benchmarks;

internal static class Circuits
{
    /// <summary>The entries of the top-level <c>circuits</c> list of a loaded master file.</summary>
    public static List<PyDict> Of(object? loaded, string path)
    {
        if (loaded is not PyDict root || !root.TryGetValue("circuits", out var value) || value is not PyList list)
        {
            throw new InvalidOperationException($"{path}: expected a mapping with a 'circuits' list");
        }

        var circuits = new List<PyDict>(list.Count);
        foreach (var item in list)
        {
            circuits.Add(item as PyDict ?? throw new InvalidOperationException($"{path}: a circuit is not a mapping"));
        }

        return circuits;
    }

    /// <summary><c>PLANT001_CIRCUIT01</c>, as the Python reference prints it.</summary>
    public static string Name(PyDict circuit) =>
        $"{Str(circuit, "plant_id")}_{Str(circuit, "circuit_id")}";

    /// <summary>The id as Python's <c>str()</c> would print it, or null when the key is missing or None.</summary>
    public static string? Id(PyDict circuit, string key) =>
        circuit.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string Str(PyDict circuit, string key) =>
        circuit.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "None" : "None";
}
