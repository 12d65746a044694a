using System.IO;
using System.Linq;
using System.Text.Json;
using Lineage.Core.Diagnostics;
using Lineage.Gate;
using Lineage.Registry;
using Lineage.Release;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests;

[TestClass]
public sealed class GateAndReleaseTests
{
    private const string Thresholds =
        "metrics:\n" +
        "  groundedness: {min: 0.8}\n" +
        "  answer_relevance: {min: 0.75}\n" +
        "  factual_correctness: {min: 0.7}\n" +
        "  hallucination_score: {max: 0.1}\n" +
        "  latency_p95_ms: {max: 2500}\n" +
        "slices:\n" +
        "  billing:\n" +
        "    groundedness: {min: 0.75}\n";

    [TestMethod]
    public void Gate_passes_when_every_threshold_holds_including_bounds()
    {
        var thresholds = QualityGate.ParseThresholds(Thresholds, "gate.yaml");
        var result = QualityGate.Evaluate(thresholds, Metrics(groundedness: 0.8, hallucination: 0.1, billing: 0.75), "m.json");
        Assert.IsTrue(result.Passed, string.Join(", ", result.Checks.Where(c => !c.Passed).Select(c => c.Reason)));
        Assert.AreEqual("PASS", result.Status);
        Assert.HasCount(6, result.Checks);
    }

    [TestMethod]
    public void Gate_names_every_failed_threshold_and_fails_on_missing_metrics()
    {
        var thresholds = QualityGate.ParseThresholds(Thresholds, "gate.yaml");
        var result = QualityGate.Evaluate(thresholds, "{\"groundedness\": 0.79, \"answer_relevance\": 0.9, \"factual_correctness\": \"high\", \"hallucination_score\": 0.2, \"slices\": {\"billing\": {\"groundedness\": 0.5}}}", "m.json");
        Assert.IsFalse(result.Passed);
        CollectionAssert.AreEquivalent(
            new[] { "groundedness", "factual_correctness", "hallucination_score", "latency_p95_ms", "slices.billing.groundedness" },
            result.Checks.Where(c => !c.Passed).Select(c => c.Threshold.Path).ToArray());
        Assert.AreEqual("missing from the metrics", result.Checks.Single(c => c.Threshold.Metric == "latency_p95_ms").Reason);
        Assert.AreEqual("not a number", result.Checks.Single(c => c.Threshold.Metric == "factual_correctness").Reason);
    }

    [TestMethod]
    public void Gate_run_writes_status_and_report()
    {
        using var dir = new TempDirectory();
        var result = QualityGate.Run(dir.Write("gate.yaml", Thresholds), dir.Write("metrics.json", Metrics(0.5, 0.05, 0.9)), dir["results"]);
        Assert.IsFalse(result.Passed);
        Assert.AreEqual("FAIL\n", File.ReadAllText(dir["results/quality_gate.txt"]));
        using var report = JsonDocument.Parse(File.ReadAllText(dir["results/quality_gate.json"]));
        Assert.AreEqual("FAIL", report.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("groundedness", report.RootElement.GetProperty("failed")[0].GetProperty("metric").GetString());
        Assert.AreEqual(GateStatus.Fail, QualityGate.ReadStatus(dir["results/quality_gate.txt"]));
        Assert.AreEqual(GateStatus.Fail, QualityGate.ReadStatus(dir["results/quality_gate.json"]));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("metrics: {}\n")]
    [DataRow("metrics:\n  a: 0.5\n")]
    [DataRow("metrics:\n  a: {minimum: 0.5}\n")]
    [DataRow("metrics:\n  a: {min: high}\n")]
    [DataRow("threshold:\n  a: {min: 1}\n")]
    public void Gate_refuses_thresholds_it_cannot_apply(string yaml)
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => QualityGate.ParseThresholds(yaml, "gate.yaml"));
        Assert.AreEqual(DiagnosticCodes.InvalidGateInput, ex.Code);
    }

    [TestMethod]
    public void A_gate_file_that_is_neither_pass_nor_fail_is_an_error()
    {
        using var dir = new TempDirectory();
        Assert.AreEqual(DiagnosticCodes.InvalidGateInput, Assert.ThrowsExactly<LineageException>(() => QualityGate.ReadStatus(dir.Write("q.txt", "pass?"))).Code);
    }

    [TestMethod]
    public void Resolve_finds_the_newest_version_of_the_current_hash_and_reports_the_rest()
    {
        using var dir = new TempDirectory();
        var registry = FileSystemRegistryTests.Open(dir);
        Promote(registry, dir, "c1", "hash-c1", 1);
        Promote(registry, dir, "c1", "hash-c1", 2);
        Promote(registry, dir, "c1", "hash-old", 3);
        Promote(registry, dir, "c2", "hash-old2", 4);
        var manifest = Manifest(dir, ("c1", "hash-c1"), ("c2", "hash-c2"), ("c3", "hash-c3"));

        var resolution = ReleaseResolver.Resolve(registry, manifest, production: false);
        Assert.AreEqual("c1_v2", resolution.Found.Single().Id, "newest version with the current hash, not the newest version");
        CollectionAssert.AreEqual(new[] { "c2", "c3" }, resolution.Missing.Select(m => m.ModelName).ToArray());
        Assert.AreEqual("no version trained from the current config", resolution.Missing[0].Reason);
        Assert.AreEqual("no versions registered", resolution.Missing[1].Reason);

        var production = ReleaseResolver.Resolve(registry, manifest, production: true);
        Assert.IsEmpty(production.Found);
        registry.SignOff(new SignOffRequest { ModelName = "c1", Version = RegistryVersion.FromNumber(1), Reason = "QA", Actor = "qa" });
        production = ReleaseResolver.Resolve(registry, manifest, production: true);
        Assert.AreEqual("c1_v1", production.Found.Single().Id, "only signed-off versions count for production");
    }

    [TestMethod]
    public void Plan_tells_training_deployable_up_to_date_drift_and_duplicate_hashes()
    {
        using var dir = new TempDirectory();
        var registry = FileSystemRegistryTests.Open(dir);
        Promote(registry, dir, "up", "h-up", 1);
        Promote(registry, dir, "dep", "h-dep", 2);
        Promote(registry, dir, "dep", "h-dep-old", 3); // latest trained from an old config
        Promote(registry, dir, "drift", "h-drift-old", 4);
        var manifest = Manifest(dir, ("up", "h-up"), ("dep", "h-dep"), ("drift", "h-new"), ("fresh", "h-fresh"), ("twin", "h-fresh"));

        var plan = ReleaseResolver.Plan(registry, manifest);
        var byName = plan.Entries.ToDictionary(e => e.ModelName);
        Assert.AreEqual(PlanStatus.UpToDate, byName["up"].Status);
        Assert.IsFalse(byName["up"].ConfigDrift);
        Assert.AreEqual(PlanStatus.Deployable, byName["dep"].Status);
        Assert.AreEqual("v1", byName["dep"].Candidate.ToString());
        Assert.IsTrue(byName["dep"].ConfigDrift);
        Assert.AreEqual(PlanStatus.NeedsTraining, byName["drift"].Status);
        Assert.IsTrue(byName["drift"].ConfigDrift);
        Assert.AreEqual("h-drift-old", byName["drift"].LatestConfigHash);
        Assert.AreEqual(PlanStatus.NeedsTraining, byName["fresh"].Status);
        Assert.IsFalse(byName["fresh"].ConfigDrift);
        CollectionAssert.AreEqual(new[] { "fresh", "twin" }, plan.Duplicates.Single().ModelNames.ToArray());
    }

    [TestMethod]
    public void Manifest_tags_feed_promotion()
    {
        using var dir = new TempDirectory();
        var manifest = Manifest(dir, ("c1", "hash-c1"));
        var tags = manifest.TagsFor(manifest.Find("c1"));
        Assert.AreEqual("hash-c1", tags["config_hash"]);
        Assert.AreEqual("PLANT", tags["plant_id"]);
        Assert.AreEqual("abc123", tags["git_commit"]);
        Assert.AreEqual("github-actions-42", tags["ci_run"]);
        Assert.IsFalse(tags.ContainsKey("cutoff_date"), "empty manifest tags are not recorded");
        Assert.AreEqual(DiagnosticCodes.InvalidManifest, Assert.ThrowsExactly<LineageException>(() => manifest.Find("nope")).Code);
        Assert.AreEqual(DiagnosticCodes.InvalidManifest, Assert.ThrowsExactly<LineageException>(() => ManifestFile.Read(dir.Write("bad.json", "{\"schema_version\": 2}"))).Code);
    }

    private static string Metrics(double groundedness, double hallucination, double billing) =>
        $"{{\"groundedness\": {groundedness}, \"answer_relevance\": 0.8, \"factual_correctness\": 0.9, \"hallucination_score\": {hallucination}, \"latency_p95_ms\": 1200, \"slices\": {{\"billing\": {{\"groundedness\": {billing}}}}}}}";

    private static void Promote(FileSystemRegistry registry, TempDirectory dir, string name, string hash, int n) =>
        registry.Promote(FileSystemRegistryTests.Request(name, dir.Write($"model{n}.bin", "weights " + n), hash));

    internal static ManifestFile Manifest(TempDirectory dir, params (string Name, string Hash)[] circuits)
    {
        var entries = circuits.Select(c =>
            $"{{\"model_name\": \"{c.Name}\", \"plant_id\": \"PLANT\", \"circuit_id\": \"{c.Name}\", \"cutoff_date\": null, \"config_hash\": \"{c.Hash}\", \"config_file\": \"config/{c.Name}.yaml\", \"catalog\": \"config/circuits.yaml\", " +
            $"\"tags\": {{\"plant_id\": \"PLANT\", \"circuit_id\": \"{c.Name}\", \"cutoff_date\": \"\", \"config_hash\": \"{c.Hash}\", \"training_job\": \"github-actions-42\"}}}}");
        var json = "{\"schema_version\": 1, \"generator\": \"test\", \"project\": \"p\", \"git_commit\": \"abc123\", " +
            "\"ci\": {\"provider\": \"github-actions\", \"run_id\": \"42\", \"run_number\": \"1\", \"attempt\": \"1\", \"pipeline\": \"train\", \"url\": null, \"commit\": null}, " +
            "\"circuits\": [" + string.Join(", ", entries) + "]}";
        return ManifestFile.Read(dir.Write("lineage-manifest.json", json));
    }
}
