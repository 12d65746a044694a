using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary>
/// The CLI against the seed's Python algorithm on the same catalogs: equal hashes and byte-identical generated
/// files for the same <c>generated_at</c>. A team switching over must see no diff but the timestamp.
/// </summary>
[TestClass]
public sealed class PythonDifferentialTests
{
    private const string Epoch = "1765463400";
    private const string GeneratedAtText = "2025-12-11T14:30:00Z";
    private const string LaterEpoch = "1766068200";

    public static IEnumerable<object[]> Seeds => new[] { new object[] { 1 }, new object[] { 2 }, new object[] { 3 }, new object[] { 4 }, new object[] { 5 } };

    [TestMethod]
    public void Sample_catalog_matches_python()
    {
        using var dir = new TempDirectory();
        var catalog = dir.Write("circuits.yaml", File.ReadAllText(TestEnvironment.SampleCatalog));

        Compare(dir, catalog, describe: null);
    }

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public void Generated_catalog_matches_python(int seed)
    {
        using var dir = new TempDirectory();
        var (text, entries) = new CatalogGenerator(seed).Generate(circuitCount: 25);
        var catalog = dir.Write("circuits.yaml", text);

        Compare(dir, catalog, index => $"seed {seed}, circuit {index}:\n{entries[index]}");
    }

    private static void Compare(TempDirectory dir, string catalog, Func<int, string>? describe)
    {
        var python = PythonReference.Run(dir.Path, "circuits", catalog, dir["python"], GeneratedAtText);
        var hashes = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "--json", catalog);
        var generate = ProcessRunner.Lineage(
            dir.Path,
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch },
            "circuits",
            "generate",
            catalog,
            "--out",
            dir["lineage"]);

        Assert.AreEqual(0, hashes.ExitCode, hashes.ToString());
        Assert.AreEqual(0, generate.ExitCode, generate.ToString());
        var expected = JsonDocument.Parse(python.StdOut).RootElement.EnumerateArray().ToArray();
        var actual = JsonDocument.Parse(hashes.StdOut).RootElement.EnumerateArray().ToArray();
        Assert.HasCount(expected.Length, actual);

        var failures = new StringBuilder();
        for (var i = 0; i < expected.Length; i++)
        {
            var problems = new List<string>();
            foreach (var field in new[] { "plant_id", "circuit_id", "config_hash", "file_name" })
            {
                var want = expected[i].GetProperty(field).GetString();
                var got = actual[i].GetProperty(field).GetString();
                if (want != got)
                {
                    problems.Add($"{field}: python '{want}', lineage '{got}'");
                }
            }

            var name = expected[i].GetProperty("file_name").GetString()!;
            var pythonFile = Path.Combine(dir["python"], name);
            var lineageFile = Path.Combine(dir["lineage"], name);
            if (!File.Exists(lineageFile))
            {
                problems.Add($"lineage wrote no {name}");
            }
            else if (!File.ReadAllBytes(pythonFile).AsSpan().SequenceEqual(File.ReadAllBytes(lineageFile)))
            {
                problems.Add($"{name} differs: {FirstDifference(File.ReadAllText(pythonFile), File.ReadAllText(lineageFile))}");
            }

            if (problems.Count > 0)
            {
                failures.Append(describe?.Invoke(i) ?? $"circuit {i}").Append('\n');
                foreach (var problem in problems)
                {
                    failures.Append("  ").Append(problem).Append('\n');
                }
            }
        }

        CollectionAssert.AreEquivalent(
            Directory.GetFiles(dir["python"]).Select(Path.GetFileName).ToArray(),
            Directory.GetFiles(dir["lineage"]).Select(Path.GetFileName).ToArray());
        if (failures.Length > 0)
        {
            Assert.Fail($"Lineage differs from Python + PyYAML {PythonReference.EnsureAvailable()} (catalog {catalog}):\n{failures}");
        }

        // Switching over: run on the folder the Python script filled, a week later. Nothing may change.
        var before = Directory.GetFiles(dir["python"]).ToDictionary(f => f, File.ReadAllBytes);
        var switchOver = ProcessRunner.Lineage(
            dir.Path,
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = LaterEpoch },
            "circuits",
            "generate",
            catalog,
            "--out",
            dir["python"]);
        Assert.AreEqual(0, switchOver.ExitCode, switchOver.ToString());
        StringAssert.EndsWith(switchOver.StdOut, $"0 created, 0 updated, {expected.Length} unchanged\n", switchOver.ToString());
        foreach (var (file, bytes) in before)
        {
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(file), file);
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var want = expected.Split('\n');
        var got = actual.Split('\n');
        for (var i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            var w = i < want.Length ? want[i] : "<end>";
            var g = i < got.Length ? got[i] : "<end>";
            if (w != g)
            {
                return string.Create(CultureInfo.InvariantCulture, $"line {i + 1}: python {Show(w)}, lineage {Show(g)}");
            }
        }

        return "(line endings)";
    }

    private static string Show(string line) => JsonSerializer.Serialize(line);
}
