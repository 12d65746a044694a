using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

[TestClass]
public sealed class CircuitsGenerateTests
{
    private const string Catalog =
        "circuits:\n" +
        "  - plant_id: PLANT001\n" +
        "    circuit_id: CIRCUIT01\n" +
        "    cutoff_date: 2025-12-11\n" +
        "    model: {type: lightgbm, learning_rate: 0.05}\n" +
        "    features: [feed_rate, temperature]\n" +
        "  - plant_id: PLANT001\n" +
        "    circuit_id: CIRCUIT02\n" +
        "    metadata: {config_hash: old, generated_at: '2020-01-01T00:00:00Z'}\n" +
        "    cutoff_date: 2025-12-11\n" +
        "    model: {type: xgboost, max_depth: 6}\n" +
        "  - plant_id: PLANT002\n" +
        "    circuit_id: CIRCUIT05\n" +
        "    cutoff_date: 2025-12-04\n" +
        "    model: {type: prophet}\n";

    // 2025-12-11T14:30:00Z and a week later.
    private const string Epoch = "1765463400";
    private const string LaterEpoch = "1766068200";

    private static readonly string[] ExpectedFiles = { "PLANT001_CIRCUIT01.yaml", "PLANT001_CIRCUIT02.yaml", "PLANT002_CIRCUIT05.yaml" };

    [TestMethod]
    public void Writes_one_file_per_circuit_with_metadata_last()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", Catalog);

        var result = Generate(dir, Epoch);
        var hashes = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "config/circuits.yaml");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        CollectionAssert.AreEqual(ExpectedFiles, CircuitsHashTests.Files(dir["out"]));
        var hash = hashes.StdOut.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        Assert.AreEqual(
            "plant_id: PLANT001\n" +
            "circuit_id: CIRCUIT02\n" +
            "cutoff_date: 2025-12-11\n" +
            "model:\n" +
            "  type: xgboost\n" +
            "  max_depth: 6\n" +
            "metadata:\n" +
            $"  config_hash: {hash}\n" +
            "  generated_at: '2025-12-11T14:30:00Z'\n" +
            "  description: Deterministic hash of circuit configuration for model tracking\n",
            File.ReadAllText(dir["out/PLANT001_CIRCUIT02.yaml"]));
        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        Assert.AreEqual($"created    PLANT001_CIRCUIT02.yaml (hash: {hash})", lines[1]);
        Assert.AreEqual("3 circuit files in out: 3 created, 0 updated, 0 unchanged", lines[3]);
    }

    [TestMethod]
    public void Manifest_option_writes_the_build_manifest_once()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", Catalog);
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["TF_BUILD"] = null, ["GITLAB_CI"] = null };

        var first = ProcessRunner.Lineage(dir.Path, env, "circuits", "generate", "config/circuits.yaml", "-o", "out", "--manifest", "lineage-manifest.json");
        var hashes = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "--json", "config/circuits.yaml");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreEqual("lineage manifest lineage-manifest.json: written", first.StdOut.TrimEnd('\n').Split('\n').Last());
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir["lineage-manifest.json"])))
        using (var expected = System.Text.Json.JsonDocument.Parse(hashes.StdOut))
        {
            Assert.AreEqual(1, manifest.RootElement.GetProperty("schema_version").GetInt32());
            var circuits = manifest.RootElement.GetProperty("circuits");
            Assert.AreEqual(3, circuits.GetArrayLength());
            for (var i = 0; i < 3; i++)
            {
                Assert.AreEqual(expected.RootElement[i].GetProperty("config_hash").GetString(), circuits[i].GetProperty("config_hash").GetString());
                Assert.AreEqual("out/" + ExpectedFiles[i], circuits[i].GetProperty("config_file").GetString());
            }
        }

        var time = File.GetLastWriteTimeUtc(dir["lineage-manifest.json"]);
        var second = ProcessRunner.Lineage(dir.Path, env, "circuits", "generate", "config/circuits.yaml", "-o", "out", "--manifest", "lineage-manifest.json");
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.AreEqual("lineage manifest lineage-manifest.json: unchanged", second.StdOut.TrimEnd('\n').Split('\n').Last());
        Assert.AreEqual(time, File.GetLastWriteTimeUtc(dir["lineage-manifest.json"]));
    }

    [TestMethod]
    public void A_second_run_touches_nothing()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", Catalog);
        Assert.AreEqual(0, Generate(dir, null).ExitCode);
        var before = Snapshot(dir["out"]);

        var second = Generate(dir, null);

        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.AreEqual("3 circuit files in out: 0 created, 0 updated, 3 unchanged", second.StdOut.TrimEnd('\n').Split('\n').Last());
        AssertSame(before, Snapshot(dir["out"]));
        Assert.IsEmpty(Directory.GetFiles(dir["out"], "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(dir["out"], ".*")));
    }

    [TestMethod]
    public void Source_date_epoch_makes_output_reproducible()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        first.Write("config/circuits.yaml", Catalog);
        second.Write("config/circuits.yaml", Catalog);

        Assert.AreEqual(0, Generate(first, Epoch).ExitCode);
        Assert.AreEqual(0, Generate(second, Epoch).ExitCode);

        foreach (var name in ExpectedFiles)
        {
            var bytes = File.ReadAllBytes(first["out/" + name]);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(second["out/" + name]), name);
            Assert.Contains("  generated_at: '2025-12-11T14:30:00Z'\n", File.ReadAllText(first["out/" + name]));
        }
    }

    [TestMethod]
    public void A_file_that_would_differ_only_in_generated_at_is_left_alone()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", Catalog);
        Assert.AreEqual(0, Generate(dir, Epoch).ExitCode);
        var before = Snapshot(dir["out"]);

        var later = Generate(dir, LaterEpoch);

        Assert.AreEqual(0, later.ExitCode, later.ToString());
        StringAssert.StartsWith(later.StdOut, "unchanged  PLANT001_CIRCUIT01.yaml");
        AssertSame(before, Snapshot(dir["out"]));
        Assert.Contains("generated_at: '2025-12-11T14:30:00Z'", File.ReadAllText(dir["out/PLANT002_CIRCUIT05.yaml"]));
    }

    [TestMethod]
    public void Editing_one_circuit_rewrites_only_its_file()
    {
        using var dir = new TempDirectory();
        var catalog = dir.Write("config/circuits.yaml", Catalog);
        Assert.AreEqual(0, Generate(dir, Epoch).ExitCode);
        var before = Snapshot(dir["out"]);
        File.WriteAllText(catalog, Catalog.Replace("max_depth: 6", "max_depth: 8", StringComparison.Ordinal));

        var result = Generate(dir, LaterEpoch);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        StringAssert.StartsWith(lines[0], "unchanged  PLANT001_CIRCUIT01.yaml");
        StringAssert.StartsWith(lines[1], "updated    PLANT001_CIRCUIT02.yaml");
        StringAssert.StartsWith(lines[2], "unchanged  PLANT002_CIRCUIT05.yaml");
        Assert.AreEqual("3 circuit files in out: 0 created, 1 updated, 2 unchanged", lines[3]);
        var after = Snapshot(dir["out"]);
        AssertSame(before.Where(f => f.Key != "PLANT001_CIRCUIT02.yaml"), after.Where(f => f.Key != "PLANT001_CIRCUIT02.yaml"));
        var rewritten = File.ReadAllText(dir["out/PLANT001_CIRCUIT02.yaml"]);
        Assert.Contains("max_depth: 8", rewritten);
        Assert.Contains("generated_at: '2025-12-18T14:30:00Z'", rewritten, "a changed config gets the new timestamp");
    }

    [TestMethod]
    public void Invalid_catalog_writes_nothing_and_reports_every_problem()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", CircuitsHashTests.InvalidCatalog);

        var result = ProcessRunner.Lineage(dir.Path, "circuits", "generate", "circuits.yaml", "--out", "out");

        var expected = CircuitsHashTests.ExpectedErrors.ToArray();
        expected[^1] += "; no files were written$";
        CircuitsHashTests.AssertErrors(result, expected);
        Assert.AreEqual(string.Empty, result.StdOut);
        Assert.IsFalse(Directory.Exists(dir["out"]), "nothing may be written, not even the folder");
    }

    [TestMethod]
    public void Invalid_source_date_epoch_is_an_error()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", Catalog);

        var result = Generate(dir, "yesterday");

        CircuitsHashTests.AssertErrors(result, "^lineage: error LIN0105: SOURCE_DATE_EPOCH ", "no files were written");
        Assert.IsFalse(Directory.Exists(dir["out"]));
    }

    [TestMethod]
    public void A_directory_in_the_way_is_reported_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", Catalog);
        Directory.CreateDirectory(dir["out/PLANT002_CIRCUIT05.yaml"]);

        var result = Generate(dir, Epoch);

        CircuitsHashTests.AssertErrors(result, @"^config/circuits\.yaml\(12,5\): error LIN0104: .*directory", "no files were written");
        CollectionAssert.AreEqual(Array.Empty<string>(), CircuitsHashTests.Files(dir["out"]));
    }

    private static ProcessResult Generate(TempDirectory dir, string? epoch) =>
        ProcessRunner.Lineage(
            dir.Path,
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch },
            "circuits",
            "generate",
            "config/circuits.yaml",
            "--out",
            "out");

    private static Dictionary<string, (DateTime Modified, byte[] Bytes)> Snapshot(string directory) =>
        Directory.GetFiles(directory).ToDictionary(
            f => Path.GetFileName(f),
            f => (File.GetLastWriteTimeUtc(f), File.ReadAllBytes(f)));

    private static void AssertSame(
        IEnumerable<KeyValuePair<string, (DateTime Modified, byte[] Bytes)>> expected,
        IEnumerable<KeyValuePair<string, (DateTime Modified, byte[] Bytes)>> actual)
    {
        var actualByName = actual.ToDictionary(p => p.Key, p => p.Value);
        var expectedList = expected.ToList();
        Assert.HasCount(expectedList.Count, actualByName);
        foreach (var (name, (modified, bytes)) in expectedList)
        {
            Assert.IsTrue(actualByName.TryGetValue(name, out var now), name + " is gone");
            Assert.AreEqual(modified, now.Modified, name + " was touched");
            CollectionAssert.AreEqual(bytes, now.Bytes, name + " changed");
        }
    }
}
