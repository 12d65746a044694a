using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests;

[TestClass]
public sealed class FileSystemRegistryTests
{
    private static readonly DateTimeOffset When = new(2026, 7, 1, 9, 30, 30, TimeSpan.Zero);

    [TestMethod]
    public void Promote_writes_a_complete_version_folder_latest_and_index()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        var model = dir.Write("model.onnx", "weights-1");
        var summary = dir.Write("summary.json", "{\"n\": 1}");
        var config = dir.Write("PLANT001_CIRCUIT01.yaml", "plant_id: PLANT001\n");
        var request = Request("plant001-circuit01", model, "a1b2c3d4e5f6");
        request.MetricsJson = "{\"rmse\": 0.12}";
        request.Gate = GateStatus.Pass;
        request.Artifacts.Add(summary);
        request.PipelineConfigPath = config;
        request.Tags["plant_id"] = "PLANT001";

        var result = registry.Promote(request);

        Assert.IsTrue(result.Created);
        Assert.AreEqual("plant001-circuit01_v1", result.Version.Id);
        var folder = dir["registry/plant001-circuit01_v1"];
        CollectionAssert.AreEquivalent(
            new[] { "metadata.json", "summary.json", "pipeline_config.yaml" },
            Directory.GetFiles(folder).Select(Path.GetFileName).ToArray());
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metadata.json")));
        var root = metadata.RootElement;
        Assert.AreEqual(Path.GetFullPath(model), root.GetProperty("model_path").GetString());
        Assert.AreEqual(FileSystemRegistry.Sha256Hex(File.ReadAllBytes(model)), root.GetProperty("sha256").GetString());
        Assert.AreEqual(9, root.GetProperty("size").GetInt64());
        Assert.AreEqual(0.12, root.GetProperty("metrics").GetProperty("rmse").GetDouble());
        Assert.AreEqual("a1b2c3d4e5f6", root.GetProperty("tags").GetProperty("config_hash").GetString());
        Assert.AreEqual("PLANT001", root.GetProperty("tags").GetProperty("plant_id").GetString());
        Assert.AreEqual("PASS", root.GetProperty("quality_gate").GetProperty("status").GetString());
        Assert.AreEqual("ci-bot", root.GetProperty("promoted_by").GetString());
        Assert.AreEqual("2026-07-01T09:30:30Z", root.GetProperty("promoted_at").GetString());
        Assert.AreEqual("pipeline_config.yaml", root.GetProperty("pipeline_config").GetString());
        Assert.AreEqual("plant001-circuit01_v1\n", File.ReadAllText(dir["registry/latest/plant001-circuit01"]));
        Assert.AreEqual("1", registry.FindVersions("plant001-circuit01").Single().Version.Text);
        Assert.IsTrue(registry.Verify().IsValid);
    }

    [TestMethod]
    public void Promote_is_idempotent_for_the_same_file_and_config_hash()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        var model = dir.Write("model.bin", "w");
        var first = registry.Promote(Request("m", model, "hash1"));
        var again = registry.Promote(Request("m", model, "hash1"));
        var otherHash = registry.Promote(Request("m", model, "hash2"));

        Assert.IsTrue(first.Created);
        Assert.IsFalse(again.Created);
        Assert.AreEqual(first.Version.Id, again.Version.Id);
        Assert.IsTrue(otherHash.Created, "the same file trained from another config is another version");
        Assert.AreEqual("m_v2", otherHash.Version.Id);
        Assert.HasCount(2, registry.FindVersions("m"));
    }

    [TestMethod]
    public void Promote_refuses_a_failed_gate_unless_allowed_and_records_it()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        var model = dir.Write("model.bin", "w");
        var refused = Request("m", model, "h");
        refused.Gate = GateStatus.Fail;
        var ex = Assert.ThrowsExactly<LineageException>(() => registry.Promote(refused));
        Assert.AreEqual(DiagnosticCodes.GateFailed, ex.Code);
        Assert.IsFalse(Directory.Exists(dir["registry/m_v1"]));

        refused.AllowGateFailure = true;
        var allowed = registry.Promote(refused);
        Assert.AreEqual(GateStatus.Fail, allowed.Version.Gate);
        Assert.IsTrue(allowed.Version.GateFailureAllowed);
        Assert.IsTrue(registry.GetVersion("m", allowed.Version.Version).GateFailureAllowed);
    }

    [TestMethod]
    public void Promote_rejects_reserved_tags_and_bad_names_before_writing()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        var model = dir.Write("model.bin", "w");
        var request = Request("m", model, "h");
        request.Tags["production_ready"] = "true";
        Assert.AreEqual(DiagnosticCodes.InvalidTag, Assert.ThrowsExactly<LineageException>(() => registry.Promote(request)).Code);
        Assert.AreEqual(DiagnosticCodes.InvalidModelName, Assert.ThrowsExactly<LineageException>(() => registry.Promote(Request("../m", model, "h"))).Code);
        Assert.IsFalse(Directory.Exists(dir["registry"]) && Directory.EnumerateDirectories(dir["registry"], "*_v*").Any());
        Assert.IsFalse(File.Exists(dir["m_v1/metadata.json"]));
    }

    [TestMethod]
    public void Rollback_moves_latest_and_writes_an_audit_log()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        for (var i = 1; i <= 3; i++)
        {
            registry.Promote(Request("m", dir.Write($"model{i}.bin", "w" + i), "h" + i));
        }

        var previous = registry.Rollback(new RollbackRequest { ModelName = "m", Reason = "Spike in hallucinations", Actor = "oncall", Now = When });
        Assert.AreEqual("v3", previous.From.ToString());
        Assert.AreEqual("v2", previous.To.ToString());
        Assert.AreEqual("2", registry.GetLatest("m")!.Value.Text);
        Assert.AreEqual("rollback_20260701_093030_m.json", Path.GetFileName(previous.LogFile));
        using (var log = JsonDocument.Parse(File.ReadAllText(previous.LogFile!)))
        {
            Assert.AreEqual("Spike in hallucinations", log.RootElement.GetProperty("reason").GetString());
            Assert.AreEqual("oncall", log.RootElement.GetProperty("actor").GetString());
            Assert.AreEqual("m_v3", log.RootElement.GetProperty("from").GetString());
            Assert.AreEqual("m_v2", log.RootElement.GetProperty("to").GetString());
        }

        // Same second: a second log, never an overwritten one.
        var again = registry.Rollback(new RollbackRequest { ModelName = "m", Reason = "further back", Actor = "oncall", Now = When });
        Assert.AreEqual("v1", again.To.ToString());
        Assert.AreEqual("rollback_20260701_093030_m_2.json", Path.GetFileName(again.LogFile));

        var none = Assert.ThrowsExactly<LineageException>(() => registry.Rollback(new RollbackRequest { ModelName = "m", Reason = "r" }));
        Assert.AreEqual(DiagnosticCodes.NothingToRollBack, none.Code);

        var forward = registry.Rollback(new RollbackRequest { ModelName = "m", TargetVersion = RegistryVersion.FromNumber(3), Reason = "fixed" });
        Assert.AreEqual("v3", forward.To.ToString());
        var same = registry.Rollback(new RollbackRequest { ModelName = "m", TargetVersion = RegistryVersion.FromNumber(3), Reason = "again" });
        Assert.IsFalse(same.Changed);
        Assert.HasCount(3, Directory.GetFiles(dir["registry/rollback_logs"]));

        Assert.AreEqual(DiagnosticCodes.NotInRegistry, Assert.ThrowsExactly<LineageException>(() =>
            registry.Rollback(new RollbackRequest { ModelName = "m", TargetVersion = RegistryVersion.FromNumber(9), Reason = "r" })).Code);
        Assert.AreEqual(DiagnosticCodes.NothingToRollBack, Assert.ThrowsExactly<LineageException>(() =>
            registry.Rollback(new RollbackRequest { ModelName = "m", Reason = " " })).Code);
        Assert.IsTrue(registry.Verify().IsValid);
    }

    [TestMethod]
    public void Signoff_tags_production_ready_once()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        var v = registry.Promote(Request("m", dir.Write("model.bin", "w"), "h")).Version.Version;
        var signed = registry.SignOff(new SignOffRequest { ModelName = "m", Version = v, Reason = "QA passed", Actor = "qa", Now = When });
        Assert.IsTrue(signed.Changed);
        Assert.IsTrue(registry.GetVersion("m", v).ProductionReady);
        Assert.AreEqual("qa", registry.GetVersion("m", v).Tags["signed_off_by"]);
        Assert.IsTrue(registry.FindVersions("m").Single().ProductionReady, "the index follows the metadata");
        var again = registry.SignOff(new SignOffRequest { ModelName = "m", Version = v, Reason = "again", Actor = "other" });
        Assert.IsFalse(again.Changed);
        Assert.AreEqual("qa", again.Version.Tags["signed_off_by"]);
        Assert.AreEqual(DiagnosticCodes.NotInRegistry, Assert.ThrowsExactly<LineageException>(() =>
            registry.SignOff(new SignOffRequest { ModelName = "m", Version = RegistryVersion.FromNumber(5), Reason = "r" })).Code);
        Assert.IsTrue(registry.Verify().IsValid);
    }

    [TestMethod]
    public void Verify_finds_a_changed_model_file_a_tampered_artifact_and_a_dangling_latest()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        var model = dir.Write("model.bin", "w");
        var request = Request("m", model, "h");
        request.Artifacts.Add(dir.Write("summary.json", "{}"));
        registry.Promote(request);
        Assert.IsTrue(registry.Verify().IsValid);

        File.WriteAllText(model, "retrained in place");
        File.WriteAllText(dir["registry/m_v1/summary.json"], "{\"edited\": true}");
        File.WriteAllText(dir["registry/latest/m"], "m_v7\n");
        var report = registry.Verify();

        Assert.IsFalse(report.IsValid);
        var errors = report.Findings.Where(f => f.IsError).ToList();
        Assert.IsTrue(errors.Any(f => f.Code == DiagnosticCodes.ModelFileMismatch && f.Subject == "m_v1"), Describe(report));
        Assert.IsTrue(errors.Any(f => f.Subject == "m_v1/summary.json"), Describe(report));
        Assert.IsTrue(errors.Any(f => f.Subject == "latest/m"), Describe(report));
        Assert.IsTrue(registry.Verify(checkModelFiles: false).Findings.All(f => f.Code != DiagnosticCodes.ModelFileMismatch));
    }

    [TestMethod]
    public void Verify_finds_an_index_that_disagrees_with_the_folders()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        registry.Promote(Request("m", dir.Write("a.bin", "a"), "h1"));
        var index = File.ReadAllText(dir["registry/index/m.json"]);
        registry.Promote(Request("m", dir.Write("b.bin", "b"), "h2"));
        File.WriteAllText(dir["registry/index/m.json"], index);

        var report = registry.Verify();
        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Findings.Any(f => f.IsError && f.Subject == "index/m.json" && f.Message.Contains("m_v2")), Describe(report));
    }

    [TestMethod]
    public void Verify_rejects_a_version_folder_without_metadata()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        registry.Promote(Request("m", dir.Write("a.bin", "a"), "h1"));
        Directory.CreateDirectory(dir["registry/m_v2"]); // as a copy tool killed half-way would leave it

        var report = registry.Verify();
        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Findings.Any(f => f.IsError && f.Subject == "m_v2"), Describe(report));
    }

    [TestMethod]
    public void Symlinks_inside_the_registry_are_refused()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        registry.Promote(Request("m", dir.Write("a.bin", "a"), "h1"));
        var outside = Directory.CreateDirectory(dir["outside/m_v2"]).FullName;
        File.Copy(dir["registry/m_v1/metadata.json"], Path.Combine(outside, "metadata.json"));
        Directory.CreateSymbolicLink(dir["registry/m_v2"], outside);

        var ex = Assert.ThrowsExactly<LineageException>(() => registry.GetVersion("m", RegistryVersion.FromNumber(2)));
        Assert.AreEqual(DiagnosticCodes.PathEscapesRegistry, ex.Code);
        var report = registry.Verify();
        Assert.IsTrue(report.Findings.Any(f => f.IsError && f.Code == DiagnosticCodes.PathEscapesRegistry && f.Subject == "m_v2"), Describe(report));

        File.Delete(dir["registry/latest/m"]);
        File.CreateSymbolicLink(dir["registry/latest/m"], dir.Write("pointer.txt", "m_v1\n"));
        Assert.AreEqual(DiagnosticCodes.PathEscapesRegistry, Assert.ThrowsExactly<LineageException>(() => registry.GetLatest("m")).Code);
    }

    [TestMethod]
    public void A_folder_taken_behind_the_index_is_never_reused()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        registry.Promote(Request("m", dir.Write("a.bin", "a"), "h1"));

        // Version 2 exists on disk but the index does not know it (as after a crash before the index write).
        Directory.CreateDirectory(dir["registry/m_v2"]);
        File.Copy(dir["registry/m_v1/metadata.json"], dir["registry/m_v2/metadata.json"]);
        File.WriteAllText(dir["registry/m_v2/metadata.json"], File.ReadAllText(dir["registry/m_v2/metadata.json"]).Replace("\"version\": \"1\"", "\"version\": \"2\"").Replace("m_v1", "m_v2"));

        var result = registry.Promote(Request("m", dir.Write("b.bin", "b"), "h2"));
        Assert.AreEqual("m_v3", result.Version.Id);
        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, registry.FindVersions("m").Select(v => v.Version.Text).ToArray());
    }

    [TestMethod]
    public void Concurrent_promoters_in_one_process_get_distinct_versions()
    {
        using var dir = new TempDirectory();
        var models = Enumerable.Range(1, 8).Select(i => dir.Write($"model{i}.bin", "weights " + i)).ToList();
        var results = new PromoteResult[models.Count];
        Parallel.For(0, models.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            results[i] = Open(dir).Promote(Request("m", models[i], "h"));
        });

        CollectionAssert.AreEquivalent(Enumerable.Range(1, 8).Select(i => i.ToString()).ToArray(), results.Select(r => r.Version.Version.Text).ToArray());
        Assert.HasCount(8, Open(dir).FindVersions("m"));
        Assert.IsTrue(Open(dir).Verify().IsValid);
    }

    [TestMethod]
    public void Versions_are_found_by_tag_across_models_and_shared_hashes_are_noted()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        registry.Promote(Request("a", dir.Write("a.bin", "a"), "shared"));
        registry.Promote(Request("b", dir.Write("b.bin", "b"), "shared"));
        registry.Promote(Request("b", dir.Write("c.bin", "c"), "own"));

        var found = registry.FindByTag("config_hash", "shared");
        CollectionAssert.AreEqual(new[] { "a_v1", "b_v1" }, found.Select(f => RegistryNames.VersionId(f.ModelName, f.Version.Version)).ToArray());
        var report = registry.Verify();
        Assert.IsTrue(report.IsValid);
        var note = report.Findings.Single(f => f.Code == DiagnosticCodes.DuplicateConfigHash);
        Assert.IsFalse(note.IsError);
        StringAssert.Contains(note.Message, "a, b");
    }

    [TestMethod]
    public void Model_names_differing_only_in_case_are_refused()
    {
        using var dir = new TempDirectory();
        var registry = Open(dir);
        registry.Promote(Request("plant001", dir.Write("a.bin", "a"), "h"));
        var ex = Assert.ThrowsExactly<LineageException>(() => registry.Promote(Request("Plant001", dir.Write("b.bin", "b"), "h")));
        Assert.AreEqual(DiagnosticCodes.InvalidModelName, ex.Code);
        StringAssert.Contains(ex.Message, "'plant001'");
    }

    [TestMethod]
    public void Reading_a_missing_registry_is_an_error_not_an_empty_answer()
    {
        using var dir = new TempDirectory();
        var registry = new FileSystemRegistry(dir["nowhere"]);
        Assert.AreEqual(DiagnosticCodes.NoRegistry, Assert.ThrowsExactly<LineageException>(() => registry.Verify()).Code);
        Assert.AreEqual(DiagnosticCodes.NoRegistry, Assert.ThrowsExactly<LineageException>(() => registry.FindVersions("m")).Code);
        Assert.AreEqual(DiagnosticCodes.NoRegistry, Assert.ThrowsExactly<LineageException>(() => new FileSystemRegistry(" ")).Code);
    }

    internal static FileSystemRegistry Open(TempDirectory dir) => new(dir["registry"], _ => null);

    internal static PromoteRequest Request(string name, string model, string? configHash)
    {
        var request = new PromoteRequest { ModelName = name, ModelPath = model, Actor = "ci-bot", Now = When };
        if (configHash is not null)
        {
            request.Tags["config_hash"] = configHash;
        }

        return request;
    }

    private static string Describe(VerifyReport report) =>
        string.Join("\n", report.Findings.Select(f => $"{(f.IsError ? "error" : "note")} {f.Code} {f.Subject}: {f.Message}"));
}
