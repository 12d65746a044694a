using System.Collections.Generic;
using Lineage.Core.Diagnostics;
using Lineage.Core.Study;
using Lineage.Core.Yaml;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Study;

[TestClass]
public sealed class KeyHashResolutionTests
{
    private static readonly object? Data = PyYaml.Load("name: resume\nversion: v1\n");
    private static readonly object? Hpo = PyYaml.Load("objective: {metric: f1}\n");
    private static readonly object? Train = PyYaml.Load("max_steps: 10\n");
    private static readonly string V2 = HpoKeys.Hash64(HpoKeys.StudyKeyV2(Data, Hpo, Train, "bert"));
    private static readonly string V1 = HpoKeys.Hash64(HpoKeys.StudyKeyV1(Data, Hpo, "bert"));

    [TestMethod]
    public void An_explicit_study_hash_wins_over_tags_and_configs()
    {
        var runs = new FakeRuns { ["parent"] = new() { ["code.study_key_hash"] = "tagged" } };

        var resolved = KeyHashResolution.GetOrComputeStudyKeyHash(Request(explicitHash: "given", parent: "parent"), runs);

        Assert.AreEqual("given", resolved.Hash);
        Assert.AreEqual(KeyHashSource.Explicit, resolved.Source);
    }

    [TestMethod]
    public void The_parent_runs_tag_is_the_source_of_truth_before_computing()
    {
        var runs = new FakeRuns { ["parent"] = new() { ["code.study_key_hash"] = "tagged" } };

        var resolved = KeyHashResolution.GetOrComputeStudyKeyHash(Request(parent: "parent"), runs);

        Assert.AreEqual("tagged", resolved.Hash);
        Assert.AreEqual(KeyHashSource.RunTag, resolved.Source);
        Assert.AreEqual(("parent", "code.study_key_hash"), runs.Asked[0]);
    }

    [TestMethod]
    public void Without_a_tag_v2_is_computed_and_an_empty_value_counts_as_none()
    {
        var runs = new FakeRuns { ["parent"] = new() { ["code.study_key_hash"] = string.Empty } };

        var resolved = KeyHashResolution.GetOrComputeStudyKeyHash(Request(explicitHash: string.Empty, parent: "parent"), runs);

        Assert.AreEqual(V2, resolved.Hash);
        Assert.AreEqual(KeyHashSource.Computed, resolved.Source);
    }

    [TestMethod]
    public void A_run_that_predates_v2_gets_v1_and_needs_no_training_config()
    {
        var request = Request();
        request.TrainConfig = null;
        request.PredatesV2 = true;

        var resolved = KeyHashResolution.GetOrComputeStudyKeyHash(request);

        Assert.AreEqual(V1, resolved.Hash);
        Assert.AreEqual(KeyHashSource.ComputedV1, resolved.Source);
        Assert.AreNotEqual(V1, V2);
    }

    [TestMethod]
    public void Missing_or_empty_configs_give_no_hash_rather_than_another_one()
    {
        var noTrain = Request();
        noTrain.TrainConfig = new PyDict();
        var noBackbone = Request();
        noBackbone.Backbone = string.Empty;

        Assert.AreEqual(KeyHashSource.None, KeyHashResolution.GetOrComputeStudyKeyHash(noTrain).Source);
        Assert.IsNull(KeyHashResolution.GetOrComputeStudyKeyHash(noBackbone).Hash);
    }

    [TestMethod]
    public void A_computation_python_would_raise_on_throws_instead_of_falling_back()
    {
        var request = Request();
        request.HpoConfig = PyYaml.Load("objective: f1\n");

        var ex = Assert.ThrowsExactly<LineageException>(() => KeyHashResolution.GetOrComputeStudyKeyHash(request));
        Assert.AreEqual(DiagnosticCodes.StudyConfigNotAMapping, ex.Code);
    }

    [TestMethod]
    public void Trial_hash_comes_from_the_explicit_value_then_the_trial_runs_tag_then_the_study_hash()
    {
        var hp = PyYaml.Load("learning_rate: 3.0e-05\nbatch_size: 16\n");
        var runs = new FakeRuns { ["trial"] = new() { ["custom.trial_key_hash"] = "tagged" } };
        var tags = new StudyTagNames("custom.");

        var explicitHash = KeyHashResolution.GetOrComputeTrialKeyHash(new TrialKeyHashRequest { TrialKeyHash = "given", TrialRunId = "trial" }, runs, tags);
        var tagged = KeyHashResolution.GetOrComputeTrialKeyHash(new TrialKeyHashRequest { TrialRunId = "trial", StudyKeyHash = V2, Hyperparameters = hp }, runs, tags);
        var computed = KeyHashResolution.GetOrComputeTrialKeyHash(new TrialKeyHashRequest { TrialRunId = "other", StudyKeyHash = V2, Hyperparameters = hp }, runs, tags);
        var none = KeyHashResolution.GetOrComputeTrialKeyHash(new TrialKeyHashRequest { StudyKeyHash = V2, Hyperparameters = new PyDict() });

        Assert.AreEqual("given", explicitHash.Hash);
        Assert.AreEqual(("tagged", KeyHashSource.RunTag), (tagged.Hash, tagged.Source));
        Assert.AreEqual(HpoKeys.Hash64(HpoKeys.TrialKey(V2, hp)), computed.Hash);
        Assert.AreEqual(KeyHashSource.Computed, computed.Source);
        Assert.AreEqual(KeyHashSource.None, none.Source);
    }

    [TestMethod]
    public void Tag_names_carry_the_configurable_prefix()
    {
        Assert.AreEqual("code.study_key_hash", StudyTagNames.Default.StudyKeyHash);
        Assert.AreEqual("code.refit.of_trial_run_id", StudyTagNames.Default.RefitOfTrialRunId);
        Assert.AreEqual("code.artifact.available", StudyTagNames.Default.ArtifactAvailable);
        Assert.AreEqual("code.fingerprint.data", StudyTagNames.Default.DataFingerprint);
        Assert.AreEqual("code.stage", StudyTagNames.Default.Stage);
        Assert.AreEqual("ml.trial_key_hash", new StudyTagNames("ml.").TrialKeyHash);
        Assert.AreEqual("fingerprint.eval", new StudyTagNames(string.Empty).EvalFingerprint);
        Assert.AreEqual("study-584922ce", StudyTagNames.StudyFolderName("584922ce" + new string('0', 56)));
        Assert.AreEqual("trial-d58f7ba0", StudyTagNames.TrialFolderName("d58f7ba0" + new string('1', 56)));
    }

    private static StudyKeyHashRequest Request(string? explicitHash = null, string? parent = null) => new()
    {
        StudyKeyHash = explicitHash,
        ParentRunId = parent,
        DataConfig = Data,
        HpoConfig = Hpo,
        TrainConfig = Train,
        Backbone = "bert",
    };

    private sealed class FakeRuns : Dictionary<string, Dictionary<string, string>>, IRunTagReader
    {
        public List<(string RunId, string Tag)> Asked { get; } = new();

        public string? GetTag(string runId, string tagName)
        {
            Asked.Add((runId, tagName));
            return TryGetValue(runId, out var tags) && tags.TryGetValue(tagName, out var value) ? value : null;
        }
    }
}
