using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Lineage.Core.Circuits;
using Lineage.Tests.Shared;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Build.Tasks.Tests;

/// <summary>The task in-process with a fake build engine: what it writes, returns and logs.</summary>
[TestClass]
public sealed class GenerateLineageManifestTests
{
    private const string TwoCircuits = """
        circuits:
          - plant_id: PLANT001
            circuit_id: CIRCUIT01
            cutoff_date: 2025-12-11
            model: {type: lightgbm, learning_rate: 0.05}
          - plant_id: PLANT001
            circuit_id: CIRCUIT02
            cutoff_date: 2025-12-11
            model: {type: lightgbm, learning_rate: 0.1}
        """;

    [TestMethod]
    public void Writes_circuit_files_manifest_and_items()
    {
        using var dir = new TempDirectory();
        var catalog = dir.Write("config/circuits.yaml", TwoCircuits);
        var (task, engine) = NewTask(dir, new TaskItem("config/circuits.yaml"));
        task.ManifestCopyPath = "artifacts/lineage-manifest.json";

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var expected = CircuitCatalog.Load(catalog).Circuits;
        Assert.HasCount(2, task.Circuits);
        for (var i = 0; i < 2; i++)
        {
            var item = task.Circuits[i];
            Assert.AreEqual(expected[i].ModelName, item.ItemSpec);
            Assert.AreEqual(expected[i].ConfigHash, item.GetMetadata("ConfigHash"));
            Assert.AreEqual("PLANT001", item.GetMetadata("PlantId"));
            Assert.AreEqual("2025-12-11", item.GetMetadata("CutoffDate"));
            Assert.AreEqual(dir[Path.Combine("config", "circuits", expected[i].FileName)], item.GetMetadata("ConfigFile"));
            Assert.IsTrue(File.Exists(item.GetMetadata("ConfigFile")));
        }

        var manifest = File.ReadAllText(task.ManifestPath);
        Assert.AreEqual(manifest, File.ReadAllText(dir["artifacts/lineage-manifest.json"]));
        ManifestSchema.AssertValid(manifest);
        using var json = JsonDocument.Parse(manifest);
        var first = json.RootElement.GetProperty("circuits")[0];
        Assert.AreEqual("plant001-circuit01", first.GetProperty("model_name").GetString());
        Assert.AreEqual("config/circuits/PLANT001_CIRCUIT01.yaml", first.GetProperty("config_file").GetString());
        Assert.AreEqual(expected[0].ConfigHash, first.GetProperty("tags").GetProperty("config_hash").GetString());
        CollectionAssert.IsSubsetOf(
            new[] { task.ManifestPath, dir["artifacts/lineage-manifest.json"], task.StateFile },
            task.FileWrites.Select(f => f.ItemSpec).ToArray());
    }

    [TestMethod]
    public void Second_run_writes_nothing()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", TwoCircuits);
        var (task, _) = NewTask(dir, new TaskItem("config/circuits.yaml"));
        Assert.IsTrue(task.Execute());
        var before = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // A later run at another time: generated_at would differ, which alone must not rewrite a file.
        var (again, engine) = NewTask(dir, new TaskItem("config/circuits.yaml"));
        Assert.IsTrue(again.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        foreach (var (file, time) in before)
        {
            Assert.AreEqual(time, File.GetLastWriteTimeUtc(file), file + " was rewritten");
        }
    }

    [TestMethod]
    public void Invalid_yaml_is_an_error_at_its_line_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        var good = dir.Write("a/circuits.yaml", TwoCircuits);
        var bad = dir.Write("b/circuits.yaml", "circuits:\n  - plant_id: P1\n    circuit_id: [unclosed\n");
        var (task, engine) = NewTask(dir, new TaskItem("a/circuits.yaml"), new TaskItem("b/circuits.yaml"));

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("LIN0001", error.Code);
        Assert.AreEqual(bad, error.File);
        Assert.IsGreaterThan(0, error.LineNumber);
        Assert.IsGreaterThan(0, error.ColumnNumber);
        Assert.IsFalse(Directory.Exists(dir["a/circuits"]), "the valid catalog's files must not be written either");
        Assert.IsFalse(File.Exists(task.ManifestPath));
        Assert.IsFalse(File.Exists(task.StateFile));
        Assert.IsTrue(File.Exists(good));
    }

    [TestMethod]
    public void Same_model_in_two_catalogs_is_a_duplicate()
    {
        using var dir = new TempDirectory();
        dir.Write("a/circuits.yaml", TwoCircuits);
        var second = dir.Write("b/circuits.yaml", "circuits:\n  - plant_id: plant001\n    circuit_id: circuit02\n");
        var (task, engine) = NewTask(dir, new TaskItem("a/circuits.yaml"), new TaskItem("b/circuits.yaml"));

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("LIN0102", error.Code);
        Assert.AreEqual(second, error.File);
        Assert.AreEqual(2, error.LineNumber);
        StringAssert.Contains(error.Message, "plant001-circuit02");
        Assert.IsFalse(Directory.Exists(dir["a/circuits"]));
    }

    [TestMethod]
    public void Two_catalogs_writing_one_file_are_refused()
    {
        using var dir = new TempDirectory();
        dir.Write("a/circuits.yaml", TwoCircuits);
        dir.Write("b/circuits.yaml", TwoCircuits);
        var (task, engine) = NewTask(
            dir,
            new TaskItem("a/circuits.yaml", new System.Collections.Generic.Dictionary<string, string> { ["OutputDirectory"] = "out" }),
            new TaskItem("b/circuits.yaml", new System.Collections.Generic.Dictionary<string, string> { ["OutputDirectory"] = "out" }));

        Assert.IsFalse(task.Execute());
        Assert.HasCount(2, engine.Errors);
        Assert.IsTrue(engine.Errors.All(e => e.Code == "LIN0102"));
        Assert.IsFalse(Directory.Exists(dir["out"]));
    }

    [TestMethod]
    public void Ids_with_msbuild_characters_survive_as_item_metadata()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", "circuits:\n  - plant_id: 'P%41;$(x)@'\n    circuit_id: C1\n");
        var (task, engine) = NewTask(dir, new TaskItem("circuits.yaml"));

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        Assert.AreEqual("P%41;$(x)@", task.Circuits[0].GetMetadata("PlantId"));
        Assert.AreEqual("p%41;$(x)@-c1", task.Circuits[0].ItemSpec);
        StringAssert.Contains(File.ReadAllText(task.StateFile), "<PlantId>P%2541%3B%24%28x%29%40</PlantId>");
    }

    [TestMethod]
    public void Bad_max_file_size_is_a_setting_error()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", TwoCircuits);
        var (task, engine) = NewTask(dir, new TaskItem("circuits.yaml"));
        task.MaxFileSize = "64MB";

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("LIN0300", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void Catalog_over_the_size_limit_is_refused()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits.yaml", TwoCircuits);
        var (task, engine) = NewTask(dir, new TaskItem("circuits.yaml"));
        task.MaxFileSize = "10";

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("LIN0006", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void Studies_get_their_keys_in_the_manifest_and_items()
    {
        using var dir = new TempDirectory();
        dir.Write("data.yaml", "name: tickets\nversion: '1'\nsplit_seed: 7\n");
        dir.Write("hpo.yaml", "search_space: {lr: {low: 1.0e-5, high: 0.001}}\nobjective: {metric: accuracy}\n");
        dir.Write("train.yaml", "num_epochs: 3\n");
        var (task, engine) = NewTask(dir);
        task.Studies = new ITaskItem[] { Study("churn", "data.yaml", "hpo.yaml", "train.yaml", " DistilBERT ") };

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var load = (string name) => Lineage.Core.Yaml.PyYaml.Load(File.ReadAllText(dir[name]));
        var keys = Lineage.Core.Study.HpoKeys.ComputeAll(load("data.yaml"), load("hpo.yaml"), load("train.yaml"), " DistilBERT ");
        var item = task.StudyKeys.Single();
        Assert.AreEqual("churn", item.ItemSpec);
        Assert.AreEqual(keys.StudyKeyHash, item.GetMetadata("StudyKeyHash"));
        Assert.AreEqual(keys.FamilyHash, item.GetMetadata("FamilyHash"));
        Assert.AreEqual(keys.DataFingerprint, item.GetMetadata("DataFingerprint"));
        Assert.AreEqual(keys.EvalFingerprint, item.GetMetadata("EvalFingerprint"));

        var manifest = File.ReadAllText(task.ManifestPath);
        ManifestSchema.AssertValid(manifest);
        using var json = JsonDocument.Parse(manifest);
        var study = json.RootElement.GetProperty("studies")[0];
        Assert.AreEqual(keys.StudyKeyHash, study.GetProperty("study_key_hash").GetString());
        Assert.AreEqual(keys.StudyKeyV1Hash, study.GetProperty("study_key_v1_hash").GetString());
        Assert.AreEqual("hpo.yaml", study.GetProperty("hpo_config").GetString());
        Assert.AreEqual(0, json.RootElement.GetProperty("circuits").GetArrayLength());
        StringAssert.Contains(File.ReadAllText(task.StateFile), "<LineageStudyKey Include=\"churn\">");
    }

    [TestMethod]
    public void Study_problems_are_errors_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        dir.Write("config/circuits.yaml", TwoCircuits);
        var badYaml = dir.Write("data.yaml", "name: [x\n");
        dir.Write("list.yaml", "- not a mapping\n");
        dir.Write("hpo.yaml", "{}\n");
        dir.Write("train.yaml", "{}\n");
        var (task, engine) = NewTask(dir, new TaskItem("config/circuits.yaml"));
        task.Studies = new ITaskItem[]
        {
            Study("a", "data.yaml", "hpo.yaml", "train.yaml", "bert"),
            Study("b", "list.yaml", "hpo.yaml", "train.yaml", "bert"),
            Study("b", "hpo.yaml", "hpo.yaml", "train.yaml", "bert"),
        };

        Assert.IsFalse(task.Execute());

        Assert.HasCount(3, engine.Errors);
        Assert.AreEqual("LIN0001", engine.Errors[0].Code);
        Assert.AreEqual(badYaml, engine.Errors[0].File);
        Assert.IsGreaterThan(0, engine.Errors[0].LineNumber);
        Assert.AreEqual("LIN0200", engine.Errors[1].Code);
        StringAssert.StartsWith(engine.Errors[1].Message, "study 'b': ");
        Assert.AreEqual("test.proj", engine.Errors[1].File);
        Assert.AreEqual("LIN0301", engine.Errors[2].Code);
        Assert.IsFalse(Directory.Exists(dir["config/circuits"]));
        Assert.IsFalse(File.Exists(task.ManifestPath));
    }

    [TestMethod]
    public void Study_item_without_its_configs_is_refused()
    {
        using var dir = new TempDirectory();
        var (task, engine) = NewTask(dir);
        task.Studies = new ITaskItem[] { new TaskItem("s", new System.Collections.Generic.Dictionary<string, string> { ["DataConfig"] = "d.yaml" }) };

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("LIN0301", error.Code);
        StringAssert.Contains(error.Message, "HpoConfig, TrainConfig, Backbone");
    }

    private static ITaskItem Study(string name, string data, string hpo, string train, string backbone) =>
        new TaskItem(name, new System.Collections.Generic.Dictionary<string, string>
        {
            ["DataConfig"] = data,
            ["HpoConfig"] = hpo,
            ["TrainConfig"] = train,
            ["Backbone"] = backbone,
        });

    private static (GenerateLineageManifest Task, FakeBuildEngine Engine) NewTask(TempDirectory dir, params ITaskItem[] catalogs)
    {
        var engine = new FakeBuildEngine();
        var task = new GenerateLineageManifest
        {
            BuildEngine = engine,
            Catalogs = catalogs,
            ProjectDirectory = dir.Path,
            ManifestPath = dir["obj/lineage-manifest.json"],
            StateFile = dir["obj/lineage/LineageCircuits.g.props"],
            ProjectName = "Test",
            // A fixed commit: the temp folder may sit inside some repository.
            GitCommit = "0123456789abcdef0123456789abcdef01234567",
        };
        return (task, engine);
    }
}
