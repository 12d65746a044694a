using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

[TestClass]
public sealed class HashCommandTests
{
    private const string Train = "model:\n  type: lightgbm\n  learning_rate: 0.05\nfeatures: [a, b]\ncutoff_date: 2025-12-11\n";
    private const string Eval = "metric: rmse\nthreshold: 1.5\nmetadata:\n  config_hash: stale\n";

    [TestMethod]
    public void Prints_one_md5sum_style_line_per_file_in_argument_order()
    {
        using var dir = new TempDirectory();
        dir.Write("train.yaml", Train);
        dir.Write("sub/eval.yaml", Eval);

        var result = ProcessRunner.Lineage(dir.Path, "hash", "train.yaml", "sub/eval.yaml");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(string.Empty, result.StdErr, result.ToString());
        var lines = result.StdOut.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines, result.ToString());
        Assert.MatchesRegex(new Regex("^[0-9a-f]{12}  train\\.yaml$"), lines[0]);
        Assert.MatchesRegex(new Regex("^[0-9a-f]{12}  sub/eval\\.yaml$"), lines[1]);
    }

    [TestMethod]
    public void Hashes_equal_the_python_reference_and_ignore_metadata()
    {
        using var dir = new TempDirectory();
        dir.Write("train.yaml", Train);
        dir.Write("eval.yaml", Eval);
        dir.Write("eval-no-metadata.yaml", "metric: rmse\nthreshold: 1.5\n");

        var result = ProcessRunner.Lineage(dir.Path, "hash", "train.yaml", "eval.yaml", "eval-no-metadata.yaml");
        var python = PythonReference.Run(dir.Path, "hash", "train.yaml", "eval.yaml", "eval-no-metadata.yaml");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var expected = JsonDocument.Parse(python.StdOut).RootElement.EnumerateArray()
            .Select(e => $"{e.GetProperty("hash").GetString()}  {e.GetProperty("file").GetString()}\n");
        Assert.AreEqual(string.Concat(expected), result.StdOut);
        var lines = result.StdOut.Split('\n');
        Assert.AreEqual(lines[1][..12], lines[2][..12], "metadata must not change the hash");
    }

    [TestMethod]
    public void Keeps_going_past_bad_files_reports_them_on_stderr_and_exits_1()
    {
        using var dir = new TempDirectory();
        dir.Write("good1.yaml", Train);
        dir.Write("broken.yaml", "a: 1\n  b: 2\n");
        dir.Write("list.yaml", "- just\n- a list\n");
        dir.Write("good2.yaml", Eval);

        var result = ProcessRunner.Lineage(dir.Path, "hash", "good1.yaml", "broken.yaml", "missing.yaml", "list.yaml", "good2.yaml");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        var lines = result.StdOut.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines, result.ToString());
        Assert.EndsWith("  good1.yaml", lines[0]);
        Assert.EndsWith("  good2.yaml", lines[1]);
        var errors = result.StdErr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(3, errors, result.ToString());
        Assert.MatchesRegex(new Regex(@"^broken\.yaml\(\d+,\d+\): error LIN0001: "), errors[0]);
        Assert.MatchesRegex(new Regex("^missing\\.yaml: error LIN0008: "), errors[1]);
        Assert.MatchesRegex(new Regex(@"^list\.yaml\(1,1\): error LIN0002: "), errors[2]);
    }

    // Regression for a core bug: YamlDotNet's scanner throws InvalidOperationException (not a YamlException) on an
    // unclosed flow collection followed by a line at column 0; PyYAML reports a ParserError at line 3, column 2.
    [TestMethod]
    public void Unclosed_flow_collection_before_a_key_is_a_syntax_error_not_a_crash()
    {
        using var dir = new TempDirectory();
        dir.Write("unclosed.yaml", "a: 1\nb: [1, 2\nc: 3\n");
        dir.Write("good.yaml", Train);

        var result = ProcessRunner.Lineage(dir.Path, "hash", "unclosed.yaml", "good.yaml");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.EndsWith("  good.yaml\n", result.StdOut, result.ToString());
        Assert.MatchesRegex(new Regex(@"^unclosed\.yaml\(\d+,\d+\): error LIN0001: [^\n]*\n$"), result.StdErr);
    }

    [TestMethod]
    public void Json_lists_file_hash_and_canonical_text()
    {
        using var dir = new TempDirectory();
        dir.Write("train.yaml", Train);
        dir.Write("eval.yaml", Eval);

        var plain = ProcessRunner.Lineage(dir.Path, "hash", "train.yaml", "eval.yaml");
        var json = ProcessRunner.Lineage(dir.Path, "hash", "--json", "train.yaml", "eval.yaml");

        Assert.AreEqual(0, json.ExitCode, json.ToString());
        var items = JsonDocument.Parse(json.StdOut).RootElement.EnumerateArray().ToArray();
        Assert.HasCount(2, items);
        Assert.AreEqual("train.yaml", items[0].GetProperty("file").GetString());
        Assert.AreEqual(plain.StdOut.Split('\n')[0][..12], items[0].GetProperty("hash").GetString());
        Assert.AreEqual(
            "cutoff_date: 2025-12-11\nfeatures:\n- a\n- b\nmodel:\n  learning_rate: 0.05\n  type: lightgbm\n",
            items[0].GetProperty("canonical").GetString());
        Assert.AreEqual("metric: rmse\nthreshold: 1.5\n", items[1].GetProperty("canonical").GetString());
    }

    [TestMethod]
    public void Dash_reads_standard_input()
    {
        using var dir = new TempDirectory();
        var file = ProcessRunner.Lineage(dir.Path, "hash", dir.Write("train.yaml", Train));
        var stdin = ProcessRunner.Run(TestEnvironment.DotNet, new[] { TestEnvironment.CliDll, "hash", "-" }, dir.Path, stdin: Train);

        Assert.AreEqual(0, stdin.ExitCode, stdin.ToString());
        Assert.AreEqual(file.StdOut[..12] + "  -\n", stdin.StdOut);
    }

    [TestMethod]
    public void Refuses_a_file_over_the_size_limit_and_the_limit_is_configurable()
    {
        using var dir = new TempDirectory();
        dir.Write("train.yaml", Train);

        var refused = ProcessRunner.Lineage(dir.Path, "hash", "--max-file-size", "16", "train.yaml");
        var accepted = ProcessRunner.Lineage(dir.Path, "hash", "--max-file-size", "4096", "train.yaml");
        var invalid = ProcessRunner.Lineage(dir.Path, "hash", "--max-file-size", "0", "train.yaml");

        Assert.AreEqual(1, refused.ExitCode, refused.ToString());
        Assert.Contains("train.yaml: error LIN0006:", refused.StdErr);
        Assert.AreEqual(string.Empty, refused.StdOut);
        Assert.AreEqual(0, accepted.ExitCode, accepted.ToString());
        Assert.AreEqual(2, invalid.ExitCode, invalid.ToString());
    }
}
