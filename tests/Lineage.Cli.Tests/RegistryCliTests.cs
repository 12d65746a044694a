using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary>
/// <c>lineage gate</c> and <c>lineage registry ...</c> as processes: the release flow on the sample catalog, exit codes,
/// refusals, crashes injected at every write step, and 16 concurrent promoters.
/// </summary>
[TestClass]
public sealed class RegistryCliTests
{
    private const string Thresholds =
        "metrics:\n" +
        "  groundedness: {min: 0.80}\n" +
        "  hallucination_score: {max: 0.10}\n" +
        "slices:\n" +
        "  billing:\n" +
        "    groundedness: {min: 0.75}\n";

    [TestMethod]
    public void Release_flow_on_the_sample_gate_promote_resolve_signoff_plan_rollback_verify()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        var generate = Run(dir, env, "circuits", "generate", TestEnvironment.SampleCatalog, "--out", "config/circuits", "--manifest", "lineage-manifest.json");
        Assert.AreEqual(0, generate.ExitCode, generate.ToString());
        var circuits = Circuits(dir["lineage-manifest.json"]);
        Assert.IsGreaterThanOrEqualTo(3, circuits.Count);
        var (first, second) = (circuits[0].Name, circuits[1].Name);

        dir.Write("gate.yaml", Thresholds);
        dir.Write("metrics.json", "{\"groundedness\": 0.91, \"hallucination_score\": 0.02, \"slices\": {\"billing\": {\"groundedness\": 0.88}}}");
        var gate = Run(dir, env, "gate", "--thresholds", "gate.yaml", "--metrics", "metrics.json", "--out", "results");
        Assert.AreEqual(0, gate.ExitCode, gate.ToString());
        Assert.AreEqual("PASS\n", File.ReadAllText(dir["results/quality_gate.txt"]));

        dir.Write("out/model-a.onnx", "weights a");
        var promote = Run(dir, env, "registry", "promote", "--model-name", first, "--model-path", "out/model-a.onnx", "--manifest", "lineage-manifest.json",
            "--gate", "results/quality_gate.txt", "--metrics", "metrics.json", "--tag", "team=grinding", "--json");
        Assert.AreEqual(0, promote.ExitCode, promote.ToString());
        using (var json = JsonDocument.Parse(promote.StdOut))
        {
            var tags = json.RootElement.GetProperty("tags");
            Assert.AreEqual(circuits[0].Hash, tags.GetProperty("config_hash").GetString());
            Assert.AreEqual("grinding", tags.GetProperty("team").GetString());
            Assert.IsTrue(tags.TryGetProperty("plant_id", out _));
            Assert.AreEqual("PASS", json.RootElement.GetProperty("quality_gate").GetString());
            Assert.AreEqual("ci-user", json.RootElement.GetProperty("promoted_by").GetString());
        }

        var folder = dir[$"registry/{first}_v1"];
        CollectionAssert.IsSubsetOf(new[] { "metadata.json", "pipeline_config.yaml", "quality_gate.txt", "quality_gate.json" }, Directory.GetFiles(folder).Select(Path.GetFileName).ToArray());

        var again = Run(dir, env, "registry", "promote", "--model-name", first, "--model-path", "out/model-a.onnx", "--manifest", "lineage-manifest.json");
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        StringAssert.Contains(again.StdOut, $"already registered as {first}_v1");

        // Partial training: one circuit of many resolves; not an error unless --require-all.
        var resolve = Run(dir, env, "registry", "resolve", "--manifest", "lineage-manifest.json", "--json");
        Assert.AreEqual(0, resolve.ExitCode, resolve.ToString());
        using (var json = JsonDocument.Parse(resolve.StdOut))
        {
            Assert.AreEqual($"{first}_v1", json.RootElement.GetProperty("found")[0].GetProperty("id").GetString());
            Assert.AreEqual(circuits.Count - 1, json.RootElement.GetProperty("missing").GetArrayLength());
        }

        var requireAll = Run(dir, env, "registry", "resolve", "--manifest", "lineage-manifest.json", "--require-all");
        Assert.AreEqual(1, requireAll.ExitCode, requireAll.ToString());
        StringAssert.Contains(requireAll.StdErr, "LIN0413");

        var production = Run(dir, env, "registry", "resolve", "--manifest", "lineage-manifest.json", "--production");
        Assert.AreEqual(0, production.ExitCode, production.ToString());
        StringAssert.Contains(production.StdOut, $"0 of {circuits.Count} circuits resolved");
        var signoff = Run(dir, env, "registry", "signoff", "--model-name", first, "--version", "v1", "--reason", "QA passed");
        Assert.AreEqual(0, signoff.ExitCode, signoff.ToString());
        production = Run(dir, env, "registry", "resolve", "--manifest", "lineage-manifest.json", "--production");
        StringAssert.Contains(production.StdOut, $"1 of {circuits.Count} circuits resolved");

        // A second version of the first circuit, then a rollback with reason and actor.
        dir.Write("out/model-a2.onnx", "weights a, retrained");
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", first, "--model-path", "out/model-a2.onnx", "--manifest", "lineage-manifest.json").ExitCode);
        var list = Run(dir, env, "registry", "list", "--model-name", first);
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.StdOut, "*  v2");
        var rollback = Run(dir, env, "registry", "rollback", "--model-name", first, "--previous", "--reason", "Spike in hallucinations");
        Assert.AreEqual(0, rollback.ExitCode, rollback.ToString());
        StringAssert.Contains(rollback.StdOut, "v2 -> v1");
        var log = Directory.GetFiles(dir["registry/rollback_logs"]).Single();
        using (var json = JsonDocument.Parse(File.ReadAllText(log)))
        {
            Assert.AreEqual("ci-user", json.RootElement.GetProperty("actor").GetString());
            Assert.AreEqual("Spike in hallucinations", json.RootElement.GetProperty("reason").GetString());
        }

        // Plan: the second circuit was trained from an older config (drift), the rest need training.
        dir.Write("out/model-b.onnx", "weights b");
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", second, "--model-path", "out/model-b.onnx", "--config-hash", "0123456789ab").ExitCode);
        var plan = Run(dir, env, "registry", "plan", "--manifest", "lineage-manifest.json", "--json");
        Assert.AreEqual(0, plan.ExitCode, plan.ToString());
        using (var json = JsonDocument.Parse(plan.StdOut))
        {
            var entries = json.RootElement.GetProperty("circuits").EnumerateArray().ToDictionary(e => e.GetProperty("model_name").GetString()!);
            Assert.AreEqual("deployable", entries[first].GetProperty("status").GetString(), "v2 has the current hash but latest is v1 after the rollback");
            Assert.IsFalse(entries[first].GetProperty("config_drift").GetBoolean());
            Assert.AreEqual("needs-training", entries[second].GetProperty("status").GetString());
            Assert.IsTrue(entries[second].GetProperty("config_drift").GetBoolean());
            Assert.AreEqual(circuits.Count - 1, json.RootElement.GetProperty("summary").GetProperty("needs_training").GetInt32());
        }

        var table = Run(dir, env, "registry", "plan", "--manifest", "lineage-manifest.json");
        StringAssert.Contains(table.StdOut, "config drift: latest trained from 0123456789ab");

        var verify = Run(dir, env, "registry", "verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.StdOut, "registry OK: 2 models, 3 versions, 3 model files checked");
    }

    [TestMethod]
    public void Failed_gate_refuses_promotion_unless_allowed()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        dir.Write("gate.yaml", Thresholds);
        dir.Write("metrics.json", "{\"groundedness\": 0.5, \"hallucination_score\": 0.3}");
        dir.Write("model.bin", "w");
        var gate = Run(dir, env, "gate", "--thresholds", "gate.yaml", "--metrics", "metrics.json");
        Assert.AreEqual(1, gate.ExitCode, gate.ToString());
        Assert.AreEqual("FAIL\n", File.ReadAllText(dir["quality_gate.txt"]));
        StringAssert.Contains(gate.StdOut, "FAIL  slices.billing.groundedness: missing from the metrics");

        var refused = Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "model.bin", "--gate", "quality_gate.txt");
        Assert.AreEqual(1, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.StdErr, "LIN0405");
        Assert.IsFalse(Directory.Exists(dir["registry/m_v1"]));

        var allowed = Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "model.bin", "--gate", "quality_gate.txt", "--allow-gate-fail");
        Assert.AreEqual(0, allowed.ExitCode, allowed.ToString());
        StringAssert.Contains(allowed.StdOut, "quality gate FAILED, promoted with --allow-gate-fail");
        StringAssert.Contains(File.ReadAllText(dir["registry/m_v1/metadata.json"]), "\"failure_allowed\": true");
    }

    [TestMethod]
    public void Usage_errors_exit_2_and_refusals_exit_1()
    {
        using var dir = new TempDirectory();
        var noRegistry = new Dictionary<string, string?> { ["LINEAGE_REGISTRY"] = null };
        var missing = Run(dir, noRegistry, "registry", "verify");
        Assert.AreEqual(2, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.StdErr, "LINEAGE_REGISTRY");

        var env = Env(dir);
        Assert.AreEqual(2, Run(dir, env, "registry", "rollback", "--model-name", "m", "--reason", "r").ExitCode, "neither --previous nor --target-version");
        Assert.AreEqual(2, Run(dir, env, "registry", "rollback", "--model-name", "m", "--previous", "--target-version", "1", "--reason", "r").ExitCode);
        Assert.AreEqual(2, Run(dir, env, "registry", "rollback", "--model-name", "m", "--previous").ExitCode, "reason is required");
        Assert.AreEqual(2, Run(dir, env, "registry", "promote", "--model-name", "m").ExitCode);
        Assert.AreEqual(2, Run(dir, env, "gate", "--metrics", "m.json").ExitCode);

        dir.Write("model.bin", "w");
        foreach (var name in new[] { "../escape", "/abs/path", "a/b", "..", "con" })
        {
            var bad = Run(dir, env, "registry", "promote", "--model-name", name, "--model-path", "model.bin");
            Assert.AreEqual(1, bad.ExitCode, bad.ToString());
            StringAssert.Contains(bad.StdErr, "LIN0400", bad.ToString());
        }

        var traversalArtifact = Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "model.bin", "--artifact", dir.Write("metadata.json", "{}"));
        Assert.AreEqual(1, traversalArtifact.ExitCode);
        StringAssert.Contains(traversalArtifact.StdErr, "LIN0415");
        var badVersion = Run(dir, env, "registry", "signoff", "--model-name", "m", "--version", "../../etc", "--reason", "r");
        Assert.AreEqual(1, badVersion.ExitCode);
        StringAssert.Contains(badVersion.StdErr, "LIN0401");
        Assert.IsFalse(Directory.Exists(dir["escape_v1"]) || Directory.Exists(dir["registry/m_v1"]));

        // Without .NET's file locking the registry lock would be a no-op: writers refuse rather than race.
        var unlocked = Run(dir, new Dictionary<string, string?>(env) { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" }, "registry", "promote", "--model-name", "m", "--model-path", "model.bin");
        Assert.AreEqual(1, unlocked.ExitCode, unlocked.ToString());
        StringAssert.Contains(unlocked.StdErr, "LIN0407");
    }

    [TestMethod]
    public void A_promotion_killed_at_any_step_leaves_a_valid_registry_and_loses_nothing()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        dir.Write("a.bin", "weights a");
        dir.Write("b.bin", "weights b");
        dir.Write("summary.json", "{\"rows\": 10}");
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "a.bin", "--config-hash", "h1").ExitCode);
        var baseline = dir["baseline"];
        CopyTree(dir["registry"], baseline);

        var crashes = 0;
        for (var point = 1; ; point++)
        {
            Assert.IsLessThan(60, point, "promote never finished: the crash points do not end");
            RestoreRegistry(dir, baseline);
            var crashEnv = new Dictionary<string, string?>(env) { ["LINEAGE_TEST_CRASH_AT"] = point.ToString() };
            var crashed = Run(dir, crashEnv, "registry", "promote", "--model-name", "m", "--model-path", "b.bin", "--config-hash", "h2", "--artifact", "summary.json");
            if (crashed.ExitCode == 0)
            {
                Assert.DoesNotContain("crash injected", crashed.StdErr);
                break;
            }

            crashes++;
            StringAssert.Contains(crashed.StdErr, $"crash injected at point {point}", crashed.ToString());
            AssertValid(dir, env, $"after a crash at point {point}");

            // Running the promotion again completes it: exactly versions 1 and 2, latest 2, nothing lost or doubled.
            var retry = Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "b.bin", "--config-hash", "h2", "--artifact", "summary.json");
            Assert.AreEqual(0, retry.ExitCode, retry.ToString());
            AssertValid(dir, env, $"after the retry of a crash at point {point}");
            CollectionAssert.AreEqual(new[] { "v1", "v2" }, Versions(dir, env, "m"), $"point {point}");
            Assert.AreEqual("m_v2\n", File.ReadAllText(dir["registry/latest/m"]), $"point {point}");
        }

        Assert.IsGreaterThanOrEqualTo(8, crashes, "promote must pass through its staging, commit, latest and index steps");
    }

    [TestMethod]
    public void A_recovery_killed_at_any_step_is_completed_by_the_next_writer()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        dir.Write("a.bin", "weights a");
        dir.Write("b.bin", "weights b");
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "a.bin").ExitCode);

        // A promote killed right after its commit rename (point 5 without artifacts): the journal is pending.
        var first = Run(dir, new Dictionary<string, string?>(env) { ["LINEAGE_TEST_CRASH_AT"] = "5" }, "registry", "promote", "--model-name", "m", "--model-path", "b.bin");
        StringAssert.Contains(first.StdErr, "(promote: version folder visible)", first.ToString());
        var baseline = dir["baseline"];
        CopyTree(dir["registry"], baseline);

        // The next writer recovers first; kill it at every step of that recovery too.
        for (var point = 1; ; point++)
        {
            Assert.IsLessThan(30, point, "recovery never finished");
            RestoreRegistry(dir, baseline);
            var crashEnv = new Dictionary<string, string?>(env) { ["LINEAGE_TEST_CRASH_AT"] = point.ToString() };
            var recovering = Run(dir, crashEnv, "registry", "signoff", "--model-name", "m", "--version", "1", "--reason", "QA");
            if (recovering.ExitCode == 0)
            {
                break;
            }

            StringAssert.Contains(recovering.StdErr, $"crash injected at point {point}", recovering.ToString());
            AssertValid(dir, env, $"after a crash at point {point} of the recovery");
            var retry = Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "b.bin");
            Assert.AreEqual(0, retry.ExitCode, retry.ToString());
            StringAssert.Contains(retry.StdOut, "already registered as m_v2", $"point {point}");
            CollectionAssert.AreEqual(new[] { "v1", "v2" }, Versions(dir, env, "m"), $"point {point}");
            Assert.AreEqual("m_v2\n", File.ReadAllText(dir["registry/latest/m"]), $"point {point}");
            AssertValid(dir, env, $"after the retry of a crash at point {point} of the recovery");
        }
    }

    [TestMethod]
    public void A_rollback_killed_at_any_step_leaves_a_valid_registry_and_one_audit_log()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        dir.Write("a.bin", "weights a");
        dir.Write("b.bin", "weights b");
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "a.bin").ExitCode);
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "b.bin").ExitCode);
        var baseline = dir["baseline"];
        CopyTree(dir["registry"], baseline);

        var crashes = 0;
        for (var point = 1; ; point++)
        {
            Assert.IsLessThan(40, point, "rollback never finished");
            RestoreRegistry(dir, baseline);
            var crashEnv = new Dictionary<string, string?>(env) { ["LINEAGE_TEST_CRASH_AT"] = point.ToString() };
            var crashed = Run(dir, crashEnv, "registry", "rollback", "--model-name", "m", "--previous", "--reason", "bad release");
            if (crashed.ExitCode == 0)
            {
                break;
            }

            crashes++;
            StringAssert.Contains(crashed.StdErr, $"crash injected at point {point}", crashed.ToString());
            AssertValid(dir, env, $"after a crash at point {point}");
            var latest = File.ReadAllText(dir["registry/latest/m"]);
            Assert.IsTrue(latest is "m_v1\n" or "m_v2\n", latest);

            // The retry completes the interrupted rollback (or does it): latest v1 and exactly one audit log.
            var retry = Run(dir, env, "registry", "rollback", "--model-name", "m", "--target-version", "1", "--reason", "bad release");
            Assert.AreEqual(0, retry.ExitCode, retry.ToString());
            AssertValid(dir, env, $"after the retry of a crash at point {point}");
            Assert.AreEqual("m_v1\n", File.ReadAllText(dir["registry/latest/m"]));
            Assert.HasCount(1, Directory.GetFiles(dir["registry/rollback_logs"]), $"point {point}");
        }

        Assert.IsGreaterThanOrEqualTo(4, crashes);
    }

    [TestMethod]
    public void A_signoff_killed_at_any_step_leaves_a_valid_registry()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        dir.Write("a.bin", "weights a");
        Assert.AreEqual(0, Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", "a.bin", "--config-hash", "h1").ExitCode);
        var baseline = dir["baseline"];
        CopyTree(dir["registry"], baseline);

        for (var point = 1; ; point++)
        {
            Assert.IsLessThan(30, point, "signoff never finished");
            RestoreRegistry(dir, baseline);
            var crashEnv = new Dictionary<string, string?>(env) { ["LINEAGE_TEST_CRASH_AT"] = point.ToString() };
            if (Run(dir, crashEnv, "registry", "signoff", "--model-name", "m", "--version", "1", "--reason", "QA").ExitCode == 0)
            {
                Assert.IsGreaterThan(4, point, "sign-off must pass through journal, metadata and index steps");
                break;
            }

            AssertValid(dir, env, $"after a crash at point {point}");
            var retry = Run(dir, env, "registry", "signoff", "--model-name", "m", "--version", "1", "--reason", "QA");
            Assert.AreEqual(0, retry.ExitCode, retry.ToString());
            AssertValid(dir, env, $"after the retry of a crash at point {point}");
            var resolve = Run(dir, env, "registry", "list", "--model-name", "m", "--json");
            StringAssert.Contains(resolve.StdOut, "\"production_ready\": true", $"point {point}: the index follows the signed-off metadata");
            Assert.IsEmpty(Directory.GetFiles(dir["registry/m_v1"], ".tmp-*"), $"point {point}");
        }
    }

    [TestMethod]
    public void Sixteen_concurrent_promoters_never_lose_a_version_or_reuse_a_number()
    {
        using var dir = new TempDirectory();
        var env = Env(dir);
        const int Promoters = 16;
        var results = new ProcessResult[Promoters];
        var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Promoters).Select(i =>
        {
            dir.Write($"model{i}.bin", $"weights of run {i}");
            var thread = new Thread(() =>
            {
                start.Wait();
                results[i] = Run(dir, env, "registry", "promote", "--model-name", "m", "--model-path", $"model{i}.bin", "--config-hash", "h", "--json");
            });
            thread.Start();
            return thread;
        }).ToList();
        start.Set();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        var versions = new List<string>();
        foreach (var result in results)
        {
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            using var json = JsonDocument.Parse(result.StdOut);
            Assert.IsTrue(json.RootElement.GetProperty("created").GetBoolean());
            versions.Add(json.RootElement.GetProperty("version").GetString()!);
        }

        CollectionAssert.AreEquivalent(Enumerable.Range(1, Promoters).Select(n => "v" + n).ToArray(), versions.ToArray(), "each promoter got its own number");
        CollectionAssert.AreEqual(Enumerable.Range(1, Promoters).Select(n => "v" + n).ToArray(), Versions(dir, env, "m"), "the index lists every version");
        AssertValid(dir, env, "after 16 concurrent promotions");
    }

    private static ProcessResult Run(TempDirectory dir, IReadOnlyDictionary<string, string?> env, params string[] args) =>
        ProcessRunner.Lineage(dir.Path, env, args);

    private static Dictionary<string, string?> Env(TempDirectory dir) => new()
    {
        ["LINEAGE_REGISTRY"] = dir["registry"],
        ["LINEAGE_ACTOR"] = "ci-user",
        ["LINEAGE_TEST_CRASH_AT"] = null,
        ["GITHUB_ACTIONS"] = null,
        ["TF_BUILD"] = null,
        ["GITLAB_CI"] = null,
    };

    private static void AssertValid(TempDirectory dir, IReadOnlyDictionary<string, string?> env, string when)
    {
        var verify = Run(dir, env, "registry", "verify", "--json");
        Assert.AreEqual(0, verify.ExitCode, $"{when}:\n{verify}");
    }

    private static string[] Versions(TempDirectory dir, IReadOnlyDictionary<string, string?> env, string model)
    {
        var list = Run(dir, env, "registry", "list", "--model-name", model, "--json");
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        using var json = JsonDocument.Parse(list.StdOut);
        return json.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToArray();
    }

    private static List<(string Name, string Hash)> Circuits(string manifest)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.GetProperty("circuits").EnumerateArray()
            .Select(c => (c.GetProperty("model_name").GetString()!, c.GetProperty("config_hash").GetString()!)).ToList();
    }

    private static void RestoreRegistry(TempDirectory dir, string baseline)
    {
        if (Directory.Exists(dir["registry"]))
        {
            Directory.Delete(dir["registry"], recursive: true);
        }

        CopyTree(baseline, dir["registry"]);
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var sub in Directory.GetDirectories(source))
        {
            CopyTree(sub, Path.Combine(target, Path.GetFileName(sub)));
        }
    }
}
