using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lineage.Core.Study;
using Lineage.Core.Yaml;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Generators.Tests.GeneratorHarness;

namespace Lineage.Generators.Tests;

/// <summary>The study records: one per <c>LineageStudy</c>, with the keys the build task computes, incrementally.</summary>
[TestClass]
public sealed class StudyRecordTests
{
    private static readonly string HpoFolder = Path.Combine(RepoRoot, "samples", "training-repo", "config", "hpo");

    private static string Data => Path.Combine(HpoFolder, "data.yaml");

    private static string Hpo => Path.Combine(HpoFolder, "hpo.yaml");

    private static string Train => Path.Combine(HpoFolder, "train.yaml");

    internal static TestAdditionalText Config(string path, string? text = null) => new(path, text ?? File.ReadAllText(path), "StudyConfig");

    internal static Dictionary<string, string> Properties(string list) => new(DefaultProperties) { ["LineageStudyList"] = list };

    private static string SampleList => $"failure-mode-classifier|{Data}|{Hpo}|{Train}||distilbert-base-uncased";

    [TestMethod]
    public void The_sample_study_gets_a_record_with_the_keys_the_build_computes()
    {
        var files = new[] { Config(Data), Config(Hpo), Config(Train), Catalog(SampleCatalog, File.ReadAllText(SampleCatalog)) };
        var (_, result, output, diagnostics) = Run(Driver(files, Properties(SampleList)), CreateCompilation());
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));

        var expected = HpoKeys.ComputeAll(Load(Data), Load(Hpo), Load(Train), "distilbert-base-uncased");
        var source = result.GeneratedSources.Single(s => s.HintName == StudyRecords.HintName);
        var text = source.SourceText.ToString();
        StringAssert.Contains(text, $"public const string StudyKeyHash = \"{expected.StudyKeyHash}\";");
        StringAssert.Contains(text, $"public const string FamilyHash = \"{expected.FamilyHash}\";");
        StringAssert.Contains(text, $"public const string DataFingerprint = \"{expected.DataFingerprint}\";");
        StringAssert.Contains(text, $"public const string EvalFingerprint = \"{expected.EvalFingerprint}\";");
        StringAssert.Contains(text, "public sealed class FailureModeClassifier : global::TrainingRepo.ILineageStudy");
        Snapshot.Match("Sample." + Path.GetFileNameWithoutExtension(source.HintName), text);
        Assert.IsNotNull(output.GetTypeByMetadataName("TrainingRepo.Studies+FailureModeClassifier"));
    }

    [TestMethod]
    public void Bad_yaml_in_a_study_config_is_reported_at_its_line_and_the_rest_still_compiles()
    {
        var bad = "/repo/hpo/bad-data.yaml";
        var files = new[] { Config(bad, "dataset: a\n  nested: [\n"), Config(Hpo), Config(Train), Catalog(SampleCatalog, File.ReadAllText(SampleCatalog)) };
        var list = $"broken|{bad}|{Hpo}|{Train}||bert;missing|/repo/nowhere.yaml|{Hpo}|{Train}||bert";
        var (_, result, output, diagnostics) = Run(Driver(files, Properties(list)), CreateCompilation());
        var yaml = diagnostics.Single(d => d.Id == "LIN0001");
        Assert.AreEqual(bad, yaml.Location.GetLineSpan().Path);
        Assert.AreEqual(1, yaml.Location.GetLineSpan().StartLinePosition.Line, "line 2");
        StringAssert.Contains(diagnostics.Single(d => d.Id == "LIN0008").GetMessage(), "/repo/nowhere.yaml");
        Assert.IsFalse(result.GeneratedSources.Any(s => s.HintName == StudyRecords.HintName), "no study could be computed");
        Assert.IsEmpty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), "the circuits still compile");
    }

    [TestMethod]
    public void Study_names_become_unique_identifiers_and_a_study_declared_twice_is_reported()
    {
        var files = new[] { Config(Data), Config(Hpo), Config(Train) };
        var list = string.Join(";", new[] { "fm classifier", "fm-classifier", "2nd", "fm classifier" }.Select(n => $"{n}|{Data}|{Hpo}|{Train}||bert"));
        var (_, result, output, diagnostics) = Run(Driver(files, Properties(list)), CreateCompilation());
        Assert.AreEqual("LIN0301", diagnostics.Single().Id);
        var text = Source(result, StudyRecords.HintName);
        StringAssert.Contains(text, "class FmClassifier : ");
        StringAssert.Contains(text, "class FmClassifier_2 : ");
        StringAssert.Contains(text, "class _2nd : ");
        Assert.IsEmpty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [TestMethod]
    public void Editing_a_study_config_recomputes_the_studies_only_and_a_catalog_edit_leaves_them_cached()
    {
        var data = Config(Data);
        var catalog = Catalog(SampleCatalog, File.ReadAllText(SampleCatalog));
        var compilation = CreateCompilation();
        var (driver, first, _, _) = Run(Driver(new[] { data, Config(Hpo), Config(Train), catalog }, Properties(SampleList)), compilation);

        driver = driver.ReplaceAdditionalText(data, Config(Data, File.ReadAllText(Data).Replace("split_seed: 42", "split_seed: 43")));
        var (driver2, second, _, _) = Run(driver, compilation);
        Assert.AreEqual(IncrementalStepRunReason.Modified, second.TrackedSteps[TrackingNames.StudiesSource].Single().Outputs.Single().Reason);
        Assert.AreNotEqual(Source(first, StudyRecords.HintName), Source(second, StudyRecords.HintName), "the data fingerprint changed");
        Assert.IsTrue(second.TrackedSteps[TrackingNames.Catalogs].SelectMany(s => s.Outputs).All(o => o.Reason == IncrementalStepRunReason.Cached));

        var edited = File.ReadAllText(SampleCatalog).Replace("horizon_hours: 24", "horizon_hours: 36");
        Assert.AreNotEqual(File.ReadAllText(SampleCatalog), edited);
        driver2 = driver2.ReplaceAdditionalText(catalog, Catalog(SampleCatalog, edited));
        var (_, third, _, _) = Run(driver2, compilation);
        Assert.IsTrue(third.TrackedSteps[TrackingNames.StudiesSource].SelectMany(s => s.Outputs).All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.AreEqual(Source(second, StudyRecords.HintName), Source(third, StudyRecords.HintName));
    }

    private static object? Load(string path) => PyYaml.Load(File.ReadAllText(path), path);
}
