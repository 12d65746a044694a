using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Build.Tasks.Tests;

/// <summary>The registry targets of the packed package, run with <c>dotnet msbuild -t:...</c> on the sample as CI would.</summary>
[TestClass]
public sealed class RegistryPackageTests
{
    [TestMethod]
    public void Package_ships_the_runtime_next_to_the_task_and_nothing_msbuild_already_has()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(PackedPackage.Feed, $"Lineage.Build.{PackedPackage.Version}.nupkg"));
        var dlls = zip.Entries.Where(e => e.FullName.StartsWith("tasks/") && e.FullName.EndsWith(".dll")).Select(e => e.FullName).OrderBy(n => n).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                "tasks/netstandard2.0/Cronos.dll",
                "tasks/netstandard2.0/Lineage.Build.Tasks.dll",
                "tasks/netstandard2.0/Lineage.Core.dll",
                "tasks/netstandard2.0/Lineage.Runtime.dll",
                "tasks/netstandard2.0/NuGet.Versioning.dll",
                "tasks/netstandard2.0/YamlDotNet.dll",
            },
            dlls,
            string.Join("\n", dlls));
        Assert.IsTrue(zip.Entries.Any(e => e.FullName == "build/Lineage.Build.Registry.targets"));
        Assert.IsTrue(zip.Entries.Any(e => e.FullName == "build/Lineage.Build.Retrain.targets"));
    }

    [TestMethod]
    public void Gate_promote_resolve_and_rollback_targets_work_on_the_sample()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        var env = new Dictionary<string, string?> { ["LINEAGE_REGISTRY"] = dir["registry"], ["LINEAGE_ACTOR"] = "release-bot" };
        var build = PackedPackage.Build(repo, env);
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        File.WriteAllText(Path.Combine(repo, "gate.yaml"), "metrics:\n  rmse: {max: 0.5}\n");
        Directory.CreateDirectory(Path.Combine(repo, "results"));
        File.WriteAllText(Path.Combine(repo, "results", "metrics.json"), "{\"rmse\": 0.31}");
        Directory.CreateDirectory(Path.Combine(repo, "out"));
        File.WriteAllText(Path.Combine(repo, "out", "model-1.onnx"), "weights 1");
        File.WriteAllText(Path.Combine(repo, "out", "model-2.onnx"), "weights 2");

        var gate = Msbuild(repo, env, "-t:LineageQualityGate", "-p:LineageThresholds=gate.yaml", "-p:LineageMetrics=results/metrics.json", "-p:LineageGateOutput=results");
        Assert.AreEqual(0, gate.ExitCode, gate.ToString());
        Assert.AreEqual("PASS\n", File.ReadAllText(Path.Combine(repo, "results", "quality_gate.txt")));

        foreach (var model in new[] { "out/model-1.onnx", "out/model-2.onnx" })
        {
            var promote = Msbuild(repo, env, "-t:LineagePromote", "-p:LineageModelName=plant001-circuit01", "-p:LineageModelPath=" + model, "-p:LineageGateReport=results/quality_gate.txt", "-p:LineageMetrics=results/metrics.json");
            Assert.AreEqual(0, promote.ExitCode, promote.ToString());
        }

        using (var metadata = JsonDocument.Parse(File.ReadAllText(dir["registry/plant001-circuit01_v2/metadata.json"])))
        {
            var tags = metadata.RootElement.GetProperty("tags");
            Assert.AreEqual("PLANT001", tags.GetProperty("plant_id").GetString());
            Assert.AreEqual(12, tags.GetProperty("config_hash").GetString()!.Length);
            Assert.AreEqual("release-bot", metadata.RootElement.GetProperty("promoted_by").GetString());
            Assert.AreEqual("pipeline_config.yaml", metadata.RootElement.GetProperty("pipeline_config").GetString());
        }

        var resolve = Msbuild(repo, env, "-t:LineageResolveRelease");
        Assert.AreEqual(0, resolve.ExitCode, resolve.ToString());
        StringAssert.Contains(resolve.StdOut, "Lineage: plant001-circuit01 -> plant001-circuit01_v2");
        var requireAll = Msbuild(repo, env, "-t:LineageResolveRelease", "-p:LineageRequireAll=true");
        Assert.AreNotEqual(0, requireAll.ExitCode);
        StringAssert.Contains(requireAll.StdOut, "error LIN0413");

        var rollback = Msbuild(repo, env, "-t:LineageRollback", "-p:LineageModelName=plant001-circuit01", "-p:LineageRollbackReason=rmse regression in production");
        Assert.AreEqual(0, rollback.ExitCode, rollback.ToString());
        Assert.AreEqual("plant001-circuit01_v1\n", File.ReadAllText(dir["registry/latest/plant001-circuit01"]));
        StringAssert.Contains(File.ReadAllText(Directory.GetFiles(dir["registry/rollback_logs"]).Single()), "rmse regression in production");

        var signoff = Msbuild(repo, env, "-t:LineageSignOff", "-p:LineageModelName=plant001-circuit01", "-p:LineageVersion=v1", "-p:LineageSignOffReason=QA run 118");
        Assert.AreEqual(0, signoff.ExitCode, signoff.ToString());
        var production = Msbuild(repo, env, "-t:LineageResolveRelease", "-p:LineageProduction=true");
        StringAssert.Contains(production.StdOut, "Lineage: plant001-circuit01 -> plant001-circuit01_v1");

        var plan = Msbuild(repo, env, "-t:LineagePlan");
        Assert.AreEqual(0, plan.ExitCode, plan.ToString());
        StringAssert.Contains(plan.StdOut, "Lineage: plant001-circuit01 deployable");
        StringAssert.Contains(plan.StdOut, "Lineage: plant001-circuit02 needs-training");

        var verify = Msbuild(repo, env, "-t:LineageVerifyRegistry");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.StdOut, "Lineage: registry OK: 1 models, 2 versions, 2 model files checked");
        File.WriteAllText(Path.Combine(repo, "out", "model-1.onnx"), "overwritten by a later training run");
        var broken = Msbuild(repo, env, "-t:LineageVerifyRegistry");
        Assert.AreNotEqual(0, broken.ExitCode);
        StringAssert.Contains(broken.StdOut, "error LIN0409");

        var noReason = Msbuild(repo, env, "-t:LineageRollback", "-p:LineageModelName=plant001-circuit01");
        Assert.AreNotEqual(0, noReason.ExitCode);
        StringAssert.Contains(noReason.StdOut, "error LIN0414");
    }

    [TestMethod]
    public void Retrain_targets_check_train_validate_and_deploy_on_the_sample()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        var env = new Dictionary<string, string?> { ["LINEAGE_REGISTRY"] = dir["registry"], ["LINEAGE_ACTOR"] = "retrain-bot" };
        Directory.CreateDirectory(dir["registry"]);
        var build = PackedPackage.Build(repo, env);
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        File.WriteAllText(Path.Combine(repo, "train.sh"),
            "mkdir -p \"$(dirname \"$LINEAGE_MODEL_OUTPUT\")\"\n" +
            "echo \"weights for $LINEAGE_CONFIG_HASH\" > \"$LINEAGE_MODEL_OUTPUT\"\n" +
            "printf 'actual,predicted\\n1,1\\n1,1\\n0,0\\n0,0\\n1,1\\n0,0\\n1,1\\n0,0\\n1,1\\n0,1\\n' > \"$LINEAGE_PREDICTIONS\"\n" +
            "echo trained from \"$LINEAGE_TRAINING_CONFIG\"\n");
        File.WriteAllText(Path.Combine(repo, "retrain.yaml"),
            "defaults:\n" +
            "  manifest: artifacts/lineage-manifest.json\n" +
            "  training:\n" +
            "    command: [sh, train.sh]\n" +
            "    model_output: 'out/{job_id}/model.bin'\n" +
            "    predictions: 'out/{job_id}/holdout.csv'\n" +
            "  triggers:\n" +
            "    config_change: {}\n");

        var check = Msbuild(repo, env, "-t:LineageRetrainCheck");
        Assert.AreEqual(0, check.ExitCode, check.ToString());
        StringAssert.Contains(check.StdOut, "RETRAIN plant001-circuit01: config ");
        StringAssert.Contains(check.StdOut, "has no registered model");

        var run = Msbuild(repo, env, "-t:LineageRetrainCheck", "-p:LineageModelName=plant001-circuit01", "-p:LineageRetrainStart=true", "-p:LineageRetrainDeploy=true");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StdOut, "deployed plant001-circuit01 v1");
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, "artifacts", "lineage-manifest.json"))))
        using (var metadata = JsonDocument.Parse(File.ReadAllText(dir["registry/plant001-circuit01_v1/metadata.json"])))
        {
            var circuit = manifest.RootElement.GetProperty("circuits").EnumerateArray().Single(c => c.GetProperty("model_name").GetString() == "plant001-circuit01");
            var tags = metadata.RootElement.GetProperty("tags");
            Assert.AreEqual(circuit.GetProperty("config_hash").GetString(), tags.GetProperty("config_hash").GetString());
            Assert.AreEqual("PLANT001", tags.GetProperty("plant_id").GetString());
            StringAssert.StartsWith(tags.GetProperty("training_job").GetString(), "rt-");
            Assert.AreEqual(64, tags.GetProperty("validation_hash").GetString()!.Length);
            Assert.AreEqual("retrain-bot", metadata.RootElement.GetProperty("promoted_by").GetString());
            Assert.AreEqual("pipeline_config.yaml", metadata.RootElement.GetProperty("pipeline_config").GetString());
        }

        var again = Msbuild(repo, env, "-t:LineageRetrainCheck", "-p:LineageModelName=plant001-circuit01");
        StringAssert.Contains(again.StdOut, "ok plant001-circuit01: latest v1 was trained from the current config");

        var manual = Msbuild(repo, env, "-t:LineageRetrainStart", "-p:LineageModelName=plant001-circuit01", "-p:LineageRetrainReason=sensor recalibration");
        Assert.AreEqual(0, manual.ExitCode, manual.ToString());
        var list = Msbuild(repo, env, "-t:LineageRetrainList", "-p:LineageRetrainStatusFilter=validation");
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        var jobId = list.StdOut.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("rt-", System.StringComparison.Ordinal)).Split(' ')[0];
        var validate = Msbuild(repo, env, "-t:LineageRetrainValidate", "-p:LineageRetrainJob=" + jobId);
        Assert.AreEqual(0, validate.ExitCode, validate.ToString());
        var deploy = Msbuild(repo, env, "-t:LineageRetrainDeploy", "-p:LineageRetrainJob=" + jobId);
        Assert.AreNotEqual(0, deploy.ExitCode, "the same metrics are no improvement over the champion");
        StringAssert.Contains(deploy.StdOut, "error LIN0528");
        StringAssert.Contains(deploy.StdOut, "not better than the champion");

        File.WriteAllText(Path.Combine(repo, "retrain.yaml"), "defaults:\n  triggers:\n    schedule: {cron: 'every sunday'}\n");
        var invalid = Msbuild(repo, env, "-t:LineageRetrainCheck");
        Assert.AreNotEqual(0, invalid.ExitCode);
        StringAssert.Contains(invalid.StdOut, "retrain.yaml(3,15): error LIN0520");
    }

    private static ProcessResult Msbuild(string repo, IReadOnlyDictionary<string, string?> env, params string[] args) =>
        PackedPackage.Dotnet(repo, env, new[] { "msbuild", "-nodeReuse:false", "-p:LineageBuildVersion=" + PackedPackage.Version, "-v:n" }.Concat(args).ToArray());
}
