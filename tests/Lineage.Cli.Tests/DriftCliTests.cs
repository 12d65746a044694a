using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary><c>lineage drift</c> as a process: the table, the JSON, the exit codes and the input errors.</summary>
[TestClass]
public sealed class DriftCliTests
{
    [TestMethod]
    public void Table_and_json_report_every_feature_and_exit_0_even_with_drift()
    {
        using var dir = new TempDirectory();
        Write(dir);
        var table = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "ref.csv", "--current", "cur.csv");
        Assert.AreEqual(0, table.ExitCode, table.ToString());
        StringAssert.StartsWith(table.StdOut, "feature  n_ref  n_cur  psi");
        StringAssert.Contains(table.StdOut, "skipped name: is not numeric in ref.csv (line 2: 'a')");
        StringAssert.Contains(table.StdOut, "missing y: 1 empty or NaN cells in the reference, 0 in the current sample (left out)");
        StringAssert.Contains(table.StdOut, "drift detected in 2 of 3 features (PSI > 0.25 or KS p-value < 0.05)");

        var json = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", "x, y", "--json", "--bins", "4");
        Assert.AreEqual(0, json.ExitCode, json.ToString());
        using var doc = JsonDocument.Parse(json.StdOut);
        var root = doc.RootElement;
        Assert.IsTrue(root.GetProperty("drift_detected").GetBoolean());
        Assert.AreEqual(4, root.GetProperty("bins").GetInt32());
        var x = root.GetProperty("features")[0];
        Assert.AreEqual("x", x.GetProperty("name").GetString());

        // scipy.stats.ks_2samp(range(1, 11), range(3, 14)): the exact p-value, to the bit.
        Assert.AreEqual(0.2727272727272727, x.GetProperty("ks_statistic").GetDouble());
        Assert.AreEqual(0.6915847310584153, x.GetProperty("ks_pvalue").GetDouble());
        Assert.AreEqual("exact", x.GetProperty("ks_method").GetString());
        Assert.IsFalse(x.GetProperty("ks_drifted").GetBoolean());

        // Ten values in ten bins: every shift moves whole bins, so PSI alone says drift.
        Assert.IsTrue(x.GetProperty("psi_drifted").GetBoolean());
        var y = root.GetProperty("features")[1];
        Assert.AreEqual(9, y.GetProperty("n_ref").GetInt32());
        Assert.AreEqual(1, y.GetProperty("missing_ref").GetInt32());
        Assert.IsTrue(y.GetProperty("psi_drifted").GetBoolean());
    }

    [TestMethod]
    public void Fail_on_drift_exits_3_only_when_something_drifted()
    {
        using var dir = new TempDirectory();
        Write(dir);
        var drifted = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "ref.csv", "--current", "cur.csv", "--fail-on-drift");
        Assert.AreEqual(3, drifted.ExitCode, drifted.ToString());
        var calm = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", "z", "--fail-on-drift");
        Assert.AreEqual(0, calm.ExitCode, calm.ToString());
        StringAssert.Contains(calm.StdOut, "no drift in 1 features");
    }

    [TestMethod]
    public void Bad_input_exits_1_with_file_and_line()
    {
        using var dir = new TempDirectory();
        Write(dir);
        dir.Write("ragged.csv", "x,y\r\n1,2\r\n3\r\n");
        var ragged = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "ragged.csv", "--current", "cur.csv");
        Assert.AreEqual(1, ragged.ExitCode, ragged.ToString());
        StringAssert.Contains(ragged.StdErr, "ragged.csv(3): error LIN0500: this row has 1 field, the header has 2");

        var named = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", "name");
        Assert.AreEqual(1, named.ExitCode, named.ToString());
        StringAssert.Contains(named.StdErr, "error LIN0502: feature 'name' is not numeric in ref.csv");

        var missing = ProcessRunner.Lineage(dir.Path, "drift", "--reference", "nope.csv", "--current", "cur.csv");
        Assert.AreEqual(1, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.StdErr, "nope.csv: error");
    }

    [TestMethod]
    public void Usage_errors_exit_2()
    {
        using var dir = new TempDirectory();
        Write(dir);
        foreach (var args in new[]
        {
            new[] { "drift", "--reference", "ref.csv" },
            new[] { "drift", "--reference", "ref.csv", "--current", "cur.csv", "--bins", "1" },
            new[] { "drift", "--reference", "ref.csv", "--current", "cur.csv", "--ks-alpha", "1" },
            new[] { "drift", "--reference", "ref.csv", "--current", "cur.csv", "--psi-threshold", "0" },
            new[] { "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", " , " },
        })
        {
            var result = ProcessRunner.Lineage(dir.Path, args);
            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.Contains(result.StdErr, "lineage drift --help");
        }
    }

    // x: 1..10 against 3..13 (KS: no drift at alpha 0.05); y: a large shift; z: 1..10 against 1..11; name: text.
    private static void Write(TempDirectory dir)
    {
        var reference = new StringBuilder("x,y,z,name\n");
        for (var i = 1; i <= 10; i++)
        {
            reference.Append(i).Append(',').Append(i == 5 ? string.Empty : (i * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(i).Append(",a\n");
        }

        var current = new StringBuilder("x,y,z,name\r\n");
        for (var i = 3; i <= 13; i++)
        {
            current.Append(i).Append(',').Append((5 + (i * 0.1)).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(i - 2).Append(",\"b, c\"\r\n");
        }

        dir.Write("ref.csv", reference.ToString());
        dir.Write("cur.csv", current.ToString());
    }
}
