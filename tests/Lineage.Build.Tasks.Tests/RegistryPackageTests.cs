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
                "tasks/netstandard2.0/Lineage.Build.Tasks.dll",
                "tasks/netstandard2.0/Lineage.Core.dll",
                "tasks/netstandard2.0/Lineage.Runtime.dll",
                "tasks/netstandard2.0/NuGet.Versioning.dll",
                "tasks/netstandard2.0/YamlDotNet.dll",
            },
            dlls,
            string.Join("\n", dlls));
        Assert.IsTrue(zip.Entries.Any(e => e.FullName == "build/Lineage.Build.Registry.targets"));
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

    private static ProcessResult Msbuild(string repo, IReadOnlyDictionary<string, string?> env, params string[] args) =>
        PackedPackage.Dotnet(repo, env, new[] { "msbuild", "-nodeReuse:false", "-p:LineageBuildVersion=" + PackedPackage.Version, "-v:n" }.Concat(args).ToArray());
}
