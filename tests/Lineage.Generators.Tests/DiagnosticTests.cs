using System.Linq;
using Lineage.Core.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Generators.Tests.GeneratorHarness;

namespace Lineage.Generators.Tests;

/// <summary>Bad YAML is a compiler error with the task's LIN code at the YAML's line; the rest of the project compiles.</summary>
[TestClass]
public sealed class DiagnosticTests
{
    private const string Good = """
        circuits:
          - plant_id: P1
            circuit_id: C1
        """;

    [TestMethod]
    public void Bad_yaml_is_reported_at_its_line_and_the_other_catalogs_still_generate()
    {
        const string bad = "circuits:\n  - plant_id: P2\n    circuit_id: C1\n    description: *nope\n";
        var files = new[] { Catalog("/repo/good.yaml", Good), Catalog("/repo/bad.yaml", bad) };
        var compilation = CreateCompilation("namespace User { static class Use { static string H() => TrainingRepo.Circuits.P1C1.ConfigHash + TrainingRepo.Circuits.All.Count; } }");

        var (_, result, _, diagnostics) = Run(Driver(files), compilation);

        var error = diagnostics.Single();
        Assert.AreEqual(DiagnosticCodes.YamlSyntax, error.Id);
        Assert.AreEqual(DiagnosticSeverity.Error, error.Severity);
        var span = error.Location.GetLineSpan();
        Assert.AreEqual("/repo/bad.yaml", span.Path);
        Assert.AreEqual((4, 18), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), error.ToString());
        CollectionAssert.AreEquivalent(
            new[] { "Lineage.Circuits.good.g.cs", LineageSourceGenerator.AggregateHintName, LineageSourceGenerator.TagsHintName },
            result.GeneratedSources.Select(s => s.HintName).ToArray());
    }

    [TestMethod]
    public void Catalog_errors_carry_the_tasks_codes_and_lines()
    {
        const string duplicate = "circuits:\n  - plant_id: P1\n    circuit_id: C1\n  - plant_id: P1\n    circuit_id: C1\n  - circuit_id: C3\n";
        var (_, result, _, diagnostics) = Run(Driver(new[] { Catalog("/repo/dup.yaml", duplicate) }), CreateCompilation());

        var lin = diagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line + 1, Column: d.Location.GetLineSpan().StartLinePosition.Character + 1)).ToList();
        CollectionAssert.AreEqual(new[] { (DiagnosticCodes.DuplicateCircuitId, 4, 5), (DiagnosticCodes.MissingCircuitId, 6, 5) }, lin, string.Join("\n", diagnostics));

        // A catalog with problems generates no circuit classes (as the task writes no file), but All still exists.
        CollectionAssert.AreEquivalent(new[] { LineageSourceGenerator.AggregateHintName, LineageSourceGenerator.TagsHintName }, result.GeneratedSources.Select(s => s.HintName).ToArray());
    }

    [TestMethod]
    public void Every_core_code_has_a_descriptor_listed_for_release_tracking()
    {
        var codes = typeof(DiagnosticCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToArray();
        CollectionAssert.AreEquivalent(codes, Descriptors.Codes.ToArray());

        var releases = System.IO.File.ReadAllText(System.IO.Path.Combine(RepoRoot, "src", "Lineage.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var code in codes)
        {
            StringAssert.Contains(releases, code + " | Lineage | Error |");
        }
    }

    [TestMethod]
    public void An_unreadable_file_is_LIN0008()
    {
        var (_, _, _, diagnostics) = Run(Driver(new AdditionalText[] { new TestAdditionalText("/repo/gone.yaml", null, "Circuits") }), CreateCompilation());
        Assert.AreEqual(DiagnosticCodes.ReadError, diagnostics.Single().Id);
        Assert.AreEqual("/repo/gone.yaml", diagnostics.Single().Location.GetLineSpan().Path);
    }

}
