using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary><c>lineage study-key</c> and <c>lineage trial-key</c>, compared with the Python reference of hpo-keys.md.</summary>
[TestClass]
public sealed class StudyKeyCommandTests
{
    private const string Data = "name: résumé-ner\nversion: v2\nsplit_seed: 42\nlabel_mapping: {0: O, 1: B-SKILL}\nschema: {text: str}\n";
    private const string Hpo = "objective: {metric: macro-f1, direction: maximize}\nsampling: {algorithm: tpe}\n" +
        "search_space:\n  learning_rate: {type: loguniform, low: 1.0e-5, high: 5.0e-5}\n  batch_size: {type: choice, values: [8, 16]}\n" +
        "k_fold: {enabled: yes, n_splits: 5}\n";
    private const string Train = "max_steps: 1_000\nnum_epochs: 3\neval: {evaluator_version: v2, metric: {name: f1}}\n";
    private const string Bench = "benchmarking: {metric: latency, max_length: 256}\n";
    private const string Model = " ΟΔΟΣ-İ-Base\u3000";
    private const string Params = "learning_rate: 0.30000000000000004\nbatch_size: 16\noptimizer: \" AdamW \"\nwarmup: 12345678901225.0\nscheduler: [Linear, 2025-01-01]\n";

    [TestMethod]
    public void Study_key_prints_the_v2_hash_python_computes()
    {
        using var dir = Configs();

        var result = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "data.yaml", "--hpo", "hpo.yaml", "--train", "train.yaml", "--model", Model);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(string.Empty, result.StdErr);
        Assert.AreEqual(Reference(dir)["v2_hash"] + "\n", result.StdOut);
    }

    [TestMethod]
    public void Study_key_json_holds_every_key_and_fingerprint_python_computes()
    {
        using var dir = Configs();

        var result = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "data.yaml", "--hpo", "hpo.yaml", "--train", "train.yaml", "--model", Model, "--benchmark", "bench.yaml", "--json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var json = JsonNode.Parse(result.StdOut)!.AsObject();
        var python = Reference(dir, bench: Bench);
        Assert.AreEqual(python["v2_hash"], (string?)json["study_key_hash"]);
        Assert.AreEqual(python["v2"], (string?)json["study_key"]);
        Assert.AreEqual(python["data_fp"], (string?)json["data_fingerprint"]);
        Assert.AreEqual(python["eval_fp"], (string?)json["eval_fingerprint"]);
        Assert.AreEqual(python["v1_hash"], (string?)json["study_key_v1_hash"]);
        Assert.AreEqual(python["family_hash"], (string?)json["family_hash"]);
        Assert.HasCount(6, json);
    }

    [TestMethod]
    public void Study_key_exits_1_with_the_reason_where_python_raises()
    {
        using var dir = Configs();
        dir.Write("objective-text.yaml", "objective: macro-f1\n");
        dir.Write("dated.yaml", "name: x\nschema: {created: 2025-12-11}\n");
        dir.Write("mixed.yaml", "name: x\nlabel_mapping: {0: O, B: 1}\n");
        dir.Write("no-benchmarking.yaml", "benchmarking:\n");

        var objective = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "data.yaml", "--hpo", "objective-text.yaml", "--train", "train.yaml", "--model", "bert");
        var dated = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "dated.yaml", "--hpo", "hpo.yaml", "--train", "train.yaml", "--model", "bert");
        var mixed = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "mixed.yaml", "--hpo", "hpo.yaml", "--train", "train.yaml", "--model", "bert");
        var empty = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "data.yaml", "--hpo", "hpo.yaml", "--train", "empty.yaml", "--model", "bert");

        AssertFails(objective, "LIN0200", "'objective'");
        AssertFails(dated, "LIN0201", "date");
        AssertFails(mixed, "LIN0202", "cannot be ordered");
        AssertFails(empty, "LIN0200", "training config");
        Assert.AreEqual("AttributeError", PythonError(dir, hpo: "objective: macro-f1\n"));
        Assert.AreEqual("TypeError", PythonError(dir, data: "name: x\nschema: {created: 2025-12-11}\n"));
        Assert.AreEqual("TypeError", PythonError(dir, data: "name: x\nlabel_mapping: {0: O, B: 1}\n"));
        Assert.AreEqual("AttributeError", PythonError(dir, train: string.Empty));
    }

    [TestMethod]
    public void A_null_benchmarking_section_fails_only_the_v1_keys_of_json()
    {
        using var dir = Configs();
        dir.Write("no-benchmarking.yaml", "benchmarking:\n");
        string[] args = { "study-key", "--data", "data.yaml", "--hpo", "hpo.yaml", "--train", "train.yaml", "--model", "bert", "--benchmark", "no-benchmarking.yaml" };

        var plain = ProcessRunner.Lineage(dir.Path, args);
        var json = ProcessRunner.Lineage(dir.Path, [.. args, "--json"]);

        Assert.AreEqual(0, plain.ExitCode, plain.ToString());
        AssertFails(json, "LIN0200", "benchmark");
        Assert.AreEqual(string.Empty, json.StdOut);
    }

    [TestMethod]
    public void Study_key_usage_errors_exit_2()
    {
        using var dir = Configs();

        var missing = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "data.yaml", "--train", "train.yaml", "--model", "bert");
        var unknown = ProcessRunner.Lineage(dir.Path, "study-key", "--data", "data.yaml", "--hpo", "hpo.yaml", "--train", "train.yaml", "--model", "bert", "--fast");

        Assert.AreEqual(2, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.StdErr, "--hpo");
        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
    }

    [TestMethod]
    public void Trial_key_prints_the_hash_python_computes_from_yaml_or_json_on_stdin()
    {
        using var dir = Configs();
        var studyHash = Reference(dir)["v2_hash"];
        const string Json = "{\"learning_rate\": 3e-05, \"batch_size\": 16, \"Optimizer\": \"AdamW\"}";
        dir.Write("params.json", Json);

        var yaml = ProcessRunner.Lineage(dir.Path, "trial-key", "--study-key-hash", studyHash, "--params", "params.yaml");
        var stdin = ProcessRunner.Run(TestEnvironment.DotNet, new[] { TestEnvironment.CliDll, "trial-key", "--study-key-hash", studyHash, "--params", "-", "--json" }, dir.Path, stdin: Json);

        Assert.AreEqual(0, yaml.ExitCode, yaml.ToString());
        Assert.AreEqual(Reference(dir, studyHash: studyHash)["trial_hash"] + "\n", yaml.StdOut);
        Assert.AreEqual(0, stdin.ExitCode, stdin.ToString());
        var json = JsonNode.Parse(stdin.StdOut)!.AsObject();
        var python = Reference(dir, parameters: Json, studyHash: studyHash);
        Assert.AreEqual(python["trial_hash"], (string?)json["trial_key_hash"]);
        Assert.AreEqual(python["trial"], (string?)json["trial_key"]);
    }

    [TestMethod]
    public void Trial_key_refuses_a_short_study_hash_as_a_usage_error()
    {
        using var dir = Configs();

        var folderName = ProcessRunner.Lineage(dir.Path, "trial-key", "--study-key-hash", "712fbee8", "--params", "params.yaml");
        var upper = ProcessRunner.Lineage(dir.Path, "trial-key", "--study-key-hash", new string('A', 64), "--params", "params.yaml");

        Assert.AreEqual(2, folderName.ExitCode, folderName.ToString());
        StringAssert.Contains(folderName.StdErr, "folder name is not enough");
        Assert.AreEqual(2, upper.ExitCode, upper.ToString());
    }

    [TestMethod]
    public void Trial_key_exits_1_where_python_raises()
    {
        using var dir = Configs();
        dir.Write("list.yaml", "- 1\n- 2\n");
        dir.Write("mixed.yaml", "1: a\nb: 2\n");
        var hash = new string('0', 64);

        var list = ProcessRunner.Lineage(dir.Path, "trial-key", "--study-key-hash", hash, "--params", "list.yaml");
        var mixed = ProcessRunner.Lineage(dir.Path, "trial-key", "--study-key-hash", hash, "--params", "mixed.yaml");

        AssertFails(list, "LIN0200", "hyperparameters");
        AssertFails(mixed, "LIN0202", "hyperparameter");
        Assert.AreEqual("AttributeError", PythonError(dir, parameters: "- 1\n- 2\n", item: "trial"));
        Assert.AreEqual("TypeError", PythonError(dir, parameters: "1: a\nb: 2\n", item: "trial"));
    }

    private static TempDirectory Configs()
    {
        var dir = new TempDirectory();
        dir.Write("data.yaml", Data);
        dir.Write("hpo.yaml", Hpo);
        dir.Write("train.yaml", Train);
        dir.Write("bench.yaml", Bench);
        dir.Write("params.yaml", Params);
        dir.Write("empty.yaml", string.Empty);
        return dir;
    }

    private static void AssertFails(ProcessResult result, string code, string reason)
    {
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, "error " + code + ":", result.ToString());
        StringAssert.Contains(result.StdErr, reason, result.ToString());
    }

    // The reference's results for one case: item -> value; an item Python raised on maps to "!<ExceptionType>".
    private static Dictionary<string, string> Reference(
        TempDirectory dir,
        string data = Data,
        string hpo = Hpo,
        string train = Train,
        string? bench = null,
        string parameters = Params,
        string? studyHash = null)
    {
        PythonReference.EnsureAvailable();
        var testCase = new JsonObject
        {
            ["data"] = data,
            ["hpo"] = hpo,
            ["train"] = train,
            ["bench"] = bench,
            ["params"] = parameters,
            ["model"] = Model,
            ["study_hash"] = studyHash,
        };
        var script = Path.Combine(System.AppContext.BaseDirectory, "python", "hpo_keys_reference.py");
        var run = ProcessRunner.Run(PythonReference.Python, new[] { script }, dir.Path, stdin: new JsonArray(testCase).ToJsonString());
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var results = new Dictionary<string, string>();
        foreach (var (item, outcome) in JsonNode.Parse(run.StdOut)![0]!.AsObject())
        {
            results[item] = outcome!["v"] is JsonNode v ? (string)v! : "!" + ((string)outcome["e"]!).Split(':')[0];
        }

        return results;
    }

    private static string PythonError(TempDirectory dir, string data = Data, string hpo = Hpo, string train = Train, string parameters = Params, string item = "v2")
    {
        var value = Reference(dir, data, hpo, train, null, parameters)[item];
        Assert.StartsWith("!", value, $"Python computed {item} = {value}");
        return value.Substring(1);
    }
}
