using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Generators.Tests.GeneratorHarness;

namespace Lineage.Generators.Tests;

/// <summary>The pipeline is incremental: what did not change is not recomputed, and cached steps hold no compiler objects.</summary>
[TestClass]
public sealed class IncrementalTests
{
    private const string CatalogA = """
        circuits:
          - plant_id: P1
            circuit_id: C1
            description: first
            horizon_hours: 24
          - plant_id: P1
            circuit_id: C2
            description: second
        """;

    private const string CatalogB = """
        circuits:
          - plant_id: P2
            circuit_id: C1
            cutoff_date: 2025-01-31
        """;

    // A study, so that the study steps run too.
    private static readonly TestAdditionalText StudyData = StudyRecordTests.Config("/repo/hpo/data.yaml", "dataset: telemetry\nsplit: {train: 0.8}\n");
    private static readonly TestAdditionalText StudyHpo = StudyRecordTests.Config("/repo/hpo/hpo.yaml", "n_trials: 20\nmetric: f1\n");
    private static readonly TestAdditionalText StudyTrain = StudyRecordTests.Config("/repo/hpo/train.yaml", "epochs: 3\n");
    private const string StudyList = "s|/repo/hpo/data.yaml|/repo/hpo/hpo.yaml|/repo/hpo/train.yaml||bert";

    private static readonly string[] AllTrackingNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [TestMethod]
    public void An_unrelated_code_edit_leaves_every_step_cached()
    {
        var files = new AdditionalText[] { Catalog("/repo/a.yaml", CatalogA), Catalog("/repo/b.yaml", CatalogB), StudyData, StudyHpo, StudyTrain };
        var compilation = CreateCompilation("namespace User { public class A { } }");
        var (driver, first, _, _) = Run(Driver(files, StudyRecordTests.Properties(StudyList)), compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { public class B { } }", LangOptions));
        var (_, second, _, _) = Run(driver, edited);

        CollectionAssert.IsSubsetOf(AllTrackingNames, second.TrackedSteps.Keys.ToArray(), "every named step ran and was tracked");
        foreach (var name in AllTrackingNames)
        {
            var reasons = second.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.IsTrue(
                reasons.All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged),
                $"{name}: {string.Join(", ", reasons)}");
            CollectionAssert.AreEqual(Values(first, name), Values(second, name), $"{name} produced different values");
        }

        var outputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.IsNotEmpty(outputs);
        Assert.IsTrue(outputs.All(o => o.Reason == IncrementalStepRunReason.Cached), string.Join(", ", outputs.Select(o => o.Reason)));
    }

    [TestMethod]
    public void Replacing_a_catalog_with_identical_text_recomputes_nothing_downstream()
    {
        var a = Catalog("/repo/a.yaml", CatalogA);
        var compilation = CreateCompilation();
        var (driver, _, _, _) = Run(Driver(new[] { a }), compilation);

        driver = driver.ReplaceAdditionalText(a, Catalog("/repo/a.yaml", CatalogA));
        var (_, second, _, _) = Run(driver, compilation);

        // The new file object is parsed again, into an equal model: Unchanged, and so every output is Cached.
        Assert.AreEqual(IncrementalStepRunReason.Unchanged, second.TrackedSteps[TrackingNames.Catalogs].Single().Outputs.Single().Reason);
        var outputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.IsTrue(outputs.All(o => o.Reason == IncrementalStepRunReason.Cached), string.Join(", ", outputs.Select(o => o.Reason)));
    }

    [TestMethod]
    public void Editing_one_catalog_regenerates_only_its_own_source()
    {
        var a = Catalog("/repo/a.yaml", CatalogA);
        var b = Catalog("/repo/b.yaml", CatalogB);
        var compilation = CreateCompilation();
        var (driver, first, _, _) = Run(Driver(new[] { a, b }), compilation);

        // A setting changes, the ids do not: the names and the shared source stay as they were.
        driver = driver.ReplaceAdditionalText(a, Catalog("/repo/a.yaml", CatalogA.Replace("horizon_hours: 24", "horizon_hours: 48")));
        var (_, second, _, _) = Run(driver, compilation);

        var parsed = second.TrackedSteps[TrackingNames.Catalogs].ToDictionary(s => ((Model.CatalogModel)s.Outputs.Single().Value).Path, s => s.Outputs.Single().Reason);
        Assert.AreEqual(IncrementalStepRunReason.Modified, parsed["/repo/a.yaml"]);
        Assert.AreEqual(IncrementalStepRunReason.Cached, parsed["/repo/b.yaml"], "b.yaml must not be parsed again");

        var sources = second.TrackedSteps[TrackingNames.CatalogSources].ToDictionary(s => ((Model.CatalogSource)s.Outputs.Single().Value).Catalog.Path, s => s.Outputs.Single().Reason);
        Assert.AreEqual(IncrementalStepRunReason.Modified, sources["/repo/a.yaml"]);
        Assert.AreEqual(IncrementalStepRunReason.Cached, sources["/repo/b.yaml"]);
        Assert.IsTrue(second.TrackedSteps[TrackingNames.Names].SelectMany(s => s.Outputs).All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.IsTrue(second.TrackedSteps[TrackingNames.AggregateSource].SelectMany(s => s.Outputs).All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        // And the texts: a's file changed, b's and the shared ones did not.
        StringAssert.Contains(Source(second, "Lineage.Circuits.a.g.cs"), "HorizonHours = 48;");
        foreach (var hint in new[] { "Lineage.Circuits.b.g.cs", LineageSourceGenerator.AggregateHintName, LineageSourceGenerator.TagsHintName })
        {
            Assert.AreEqual(Source(first, hint), Source(second, hint), hint);
        }
    }

    [TestMethod]
    public void Cached_steps_hold_no_compilation_symbol_or_syntax()
    {
        var files = new AdditionalText[] { Catalog("/repo/a.yaml", CatalogA), Catalog("/repo/bad.yaml", "circuits: ["), StudyData, StudyHpo, StudyTrain };
        var (_, result, _, _) = Run(Driver(files, StudyRecordTests.Properties(StudyList)), CreateCompilation("class C { }"));

        // The generator's own steps; Roslyn's output steps (SourceOutput) carry its Diagnostic objects by design.
        foreach (var name in AllTrackingNames)
        {
            Assert.IsTrue(result.TrackedSteps.ContainsKey(name), name);
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                AssertNoCompilerObjects(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static List<object> Values(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();

    // NetEscapades' check: walk every field of every step output; a Compilation, symbol or syntax node there would
    // root old compilations and make equality meaningless.
    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.IsFalse(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location, $"{path} holds a {value.GetType().FullName}");
        if (value is IEnumerable items && value is not Microsoft.CodeAnalysis.Text.SourceText)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, $"{path}[{i++}]", seen);
            }
        }

        // A SourceText is the file's text and an AdditionalText is the file: no compiler state behind them.
        if (value is Microsoft.CodeAnalysis.Text.SourceText or AdditionalText)
        {
            return;
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
                {
                    AssertNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
                }
            }
        }
    }
}
