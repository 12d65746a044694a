using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

[TestClass]
public sealed class CircuitsHashTests
{
    /// <summary>Every kind of problem once, each entry starting on the line given in the comment.</summary>
    internal const string InvalidCatalog =
        "circuits:\n" +                       // 1
        "  - plant_id: P1\n" +                // 2  fine
        "    circuit_id: C1\n" +
        "    x: 1\n" +
        "  - circuit_id: C2\n" +              // 5  no plant_id
        "    x: 2\n" +
        "  - plant_id: P1\n" +                // 7  duplicate of line 2
        "    circuit_id: C1\n" +
        "  - plant_id: ../etc\n" +            // 9  path traversal
        "    circuit_id: C3\n" +
        "  - plant_id: p1\n" +                // 11 differs from line 2 only in case
        "    circuit_id: c1\n" +
        "  - plant_id: CON\n" +               // 13 reserved on Windows
        "    circuit_id: C4\n" +
        "  - plant_id: P2\n" +                // 15 ':' is invalid on Windows
        "    circuit_id: 'a:b'\n" +
        "  - plant_id: P3\n" +                // 17 trailing dot
        "    circuit_id: 'C5.'\n" +
        "  - plant_id: P4\n" +                // 19 fine
        "    circuit_id: C6\n" +
        "  - plant_id: P5\n" +                // 21 no circuit_id
        "  - plant_id: 'P6\\\\x'\n" +         // 22 backslash
        "    circuit_id: C7\n";

    internal static readonly string[] ExpectedErrors =
    {
        @"^circuits\.yaml\(5,5\): error LIN0101: .*'plant_id'",
        @"^circuits\.yaml\(7,5\): error LIN0102: .*line 2",
        @"^circuits\.yaml\(9,5\): error LIN0103: .*'\.\./etc'.*path separator",
        @"^circuits\.yaml\(11,5\): error LIN0102: .*letter case",
        @"^circuits\.yaml\(13,5\): error LIN0103: .*'CON'.*reserved",
        @"^circuits\.yaml\(15,5\): error LIN0103: .*'a:b'.*':'",
        @"^circuits\.yaml\(17,5\): error LIN0103: .*'C5\.'.*ends with a dot",
        @"^circuits\.yaml\(21,5\): error LIN0101: .*'circuit_id'",
        @"^circuits\.yaml\(22,5\): error LIN0103: .*path separator '\\'",
        @"^lineage: 9 problems in circuits\.yaml",
    };

    [TestMethod]
    public void Prints_an_aligned_table_with_model_names()
    {
        var result = ProcessRunner.Lineage(TestEnvironment.RepoRoot, "circuits", "hash", "samples/training-repo/config/circuits.yaml");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        Assert.AreEqual("plant_id  circuit_id  model_name          config_hash", lines[0]);
        Assert.MatchesRegex(new Regex("^PLANT001  CIRCUIT01   plant001-circuit01  [0-9a-f]{12}$"), lines[1]);
        Assert.HasCount(8, lines, result.ToString());
        var hashColumn = lines[0].IndexOf("config_hash", System.StringComparison.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            Assert.MatchesRegex(new Regex("^[0-9a-f]{12}$"), line[hashColumn..], line);
        }
    }

    [TestMethod]
    public void Json_has_every_circuit_with_ids_model_name_hash_and_cutoff_date()
    {
        var table = ProcessRunner.Lineage(TestEnvironment.RepoRoot, "circuits", "hash", TestEnvironment.SampleCatalog);
        var json = ProcessRunner.Lineage(TestEnvironment.RepoRoot, "circuits", "hash", "--json", TestEnvironment.SampleCatalog);

        Assert.AreEqual(0, json.ExitCode, json.ToString());
        var items = JsonDocument.Parse(json.StdOut).RootElement.EnumerateArray().ToArray();
        var rows = table.StdOut.TrimEnd('\n').Split('\n').Skip(1).ToArray();
        Assert.HasCount(rows.Length, items);
        for (var i = 0; i < items.Length; i++)
        {
            var row = Regex.Split(rows[i], " +");
            Assert.AreEqual(row[0], items[i].GetProperty("plant_id").GetString());
            Assert.AreEqual(row[1], items[i].GetProperty("circuit_id").GetString());
            Assert.AreEqual(row[2], items[i].GetProperty("model_name").GetString());
            Assert.AreEqual(row[3], items[i].GetProperty("config_hash").GetString());
            Assert.AreEqual($"{row[0]}_{row[1]}.yaml", items[i].GetProperty("file_name").GetString());
            Assert.IsGreaterThan(0, items[i].GetProperty("line").GetInt32());
        }

        Assert.AreEqual("2025-12-11", items[0].GetProperty("cutoff_date").GetString());
    }

    [TestMethod]
    public void Reports_every_invalid_circuit_with_its_line_and_exits_1()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", InvalidCatalog);

        var result = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "circuits.yaml");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.AreEqual(string.Empty, result.StdOut, result.ToString());
        AssertErrors(result, ExpectedErrors);
    }

    [TestMethod]
    public void A_catalog_without_a_circuits_list_is_invalid()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", "plants: []\n");
        dir.Write("b.yaml", "circuits:\n  plant_id: P1\n");
        dir.Write("c.yaml", "circuits:\n  - just a string\n");
        dir.Write("d.yaml", "circuits: [\n");

        AssertErrors(ProcessRunner.Lineage(dir.Path, "circuits", "hash", "a.yaml"), @"^a\.yaml\(1,1\): error LIN0100: .*no 'circuits'", "^lineage: 1 problem in a.yaml");
        AssertErrors(ProcessRunner.Lineage(dir.Path, "circuits", "hash", "b.yaml"), @"^b\.yaml\(1,1\): error LIN0100: .*must be a list", "^lineage: 1 problem");
        AssertErrors(ProcessRunner.Lineage(dir.Path, "circuits", "hash", "c.yaml"), @"^c\.yaml\(2,3\): error LIN0100: entry 1 .*a string", "^lineage: 1 problem");
        AssertErrors(ProcessRunner.Lineage(dir.Path, "circuits", "hash", "d.yaml"), @"^d\.yaml\(\d+,\d+\): error LIN0001: ", "^lineage: 1 problem");
        AssertErrors(ProcessRunner.Lineage(dir.Path, "circuits", "hash", "none.yaml"), @"^none\.yaml: error LIN0008: file not found", "^lineage: 1 problem");
    }

    [TestMethod]
    public void Ids_are_formatted_as_python_str_does()
    {
        using var dir = new TempDirectory();
        dir.Write(
            "circuits.yaml",
            "circuits:\n" +
            "  - {plant_id: 7, circuit_id: 0x10}\n" +
            "  - {plant_id: 2025-01-31, circuit_id: true}\n" +
            "  - {plant_id: 1.5, circuit_id: 1.0e+20}\n" +
            "  - {plant_id: Anlage-Süd, circuit_id: -3}\n");

        var result = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "--json", "circuits.yaml");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var names = JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray().Select(e => e.GetProperty("file_name").GetString()).ToArray();
        CollectionAssert.AreEqual(
            new[] { "7_16.yaml", "2025-01-31_True.yaml", "1.5_1e+20.yaml", "Anlage-Süd_-3.yaml" },
            names);
    }

    [TestMethod]
    public void A_file_name_longer_than_255_bytes_is_unsafe()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", "circuits:\n  - plant_id: P1\n    circuit_id: " + new string('x', 245) + "\n  - plant_id: P2\n    circuit_id: " + new string('ü', 125) + "\n");

        var result = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "circuits.yaml");

        AssertErrors(result, @"^circuits\.yaml\(4,5\): error LIN0103: the file name .* is 258 bytes long", "^lineage: 1 problem");
    }

    [TestMethod]
    public void File_names_that_differ_only_in_unicode_form_collide()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", "circuits:\n  - {plant_id: \"S\\u00fcd\", circuit_id: C1}\n  - {plant_id: \"Su\\u0308d\", circuit_id: C1}\n");

        var result = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "circuits.yaml");

        AssertErrors(result, @"^circuits\.yaml\(3,5\): error LIN0102: .*Unicode form", "^lineage: 1 problem");
    }

    [TestMethod]
    public void Model_names_are_lower_cased_as_python_does()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", "circuits:\n  - {plant_id: \"\\u0130STANBUL\", circuit_id: \"\\u039f\\u0394\\u039f\\u03a3\"}\n  - {plant_id: Plant-A, circuit_id: \"\\u03a3A\"}\n");

        var result = ProcessRunner.Lineage(dir.Path, "circuits", "hash", "--json", "circuits.yaml");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var names = JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray().Select(e => e.GetProperty("model_name").GetString()).ToArray();
        CollectionAssert.AreEqual(new[] { "i\u0307stanbul-\u03bf\u03b4\u03bf\u03c2", "plant-a-\u03c3a" }, names);
    }

    internal static void AssertErrors(ProcessResult result, params string[] patterns)
    {
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        var lines = result.StdErr.TrimEnd('\n').Split('\n');
        Assert.HasCount(patterns.Length, lines, result.ToString());
        for (var i = 0; i < patterns.Length; i++)
        {
            Assert.MatchesRegex(new Regex(patterns[i]), lines[i], result.ToString());
        }
    }

    internal static string[] Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).OrderBy(n => n, System.StringComparer.Ordinal).ToArray()
            : System.Array.Empty<string>();
}
