using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Lineage.Core.Circuits;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Generators.Tests.GeneratorHarness;

namespace Lineage.Generators.Tests;

/// <summary>What the generator writes for the sample catalog: it compiles cleanly, it is pinned, and its hashes are the build's.</summary>
[TestClass]
public sealed class GeneratedCodeTests
{
    // User code touching every kind of generated member, so "compiles" covers their types too.
    private const string UserCode = """
        using System;
        using System.Linq;
        using TrainingRepo;

        namespace User
        {
            /// <summary>Reads the generated API.</summary>
            public static class Reader
            {
                /// <summary>Lines of model name and hash.</summary>
                public static string[] Lines() => Circuits.All.Select(c => $"{c.ModelName} {c.ConfigHash} {c.CutoffDate:yyyy-MM-dd}").ToArray();

                /// <summary>Typed settings.</summary>
                public static string Typed()
                {
                    const string hash = Circuits.Plant001Circuit01.ConfigHash;
                    long horizon = Circuits.Plant001Circuit01.HorizonHours;
                    bool enabled = Circuits.Plant002Circuit05.Enabled;
                    DateOnly cutoff = Circuits.Plant001Circuit01.CutoffDate;
                    ILineageCircuit circuit = Circuits.Plant003Circuit02.Instance;
                    return $"{hash} {horizon} {enabled} {cutoff:yyyy-MM-dd} {circuit} {LineageTags.ConfigHash} {Circuits.Plant003Circuit02.Notes}";
                }
            }
        }
        """;

    [TestMethod]
    [DataRow("internal")]
    [DataRow("public")]
    public void Sample_catalog_generates_code_that_compiles_without_any_diagnostic(string accessibility)
    {
        var properties = new Dictionary<string, string> { ["LineageGeneratedNamespace"] = "TrainingRepo", ["LineageGeneratedAccessibility"] = accessibility };
        var (_, result, _, diagnostics) = Run(Driver(new[] { SampleFile() }, properties), CreateCompilation(UserCode));

        Assert.HasCount(3, result.GeneratedSources);
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
    }

    [TestMethod]
    public void Generated_code_compiles_as_CSharp_8_and_with_DateTime_where_DateOnly_is_missing()
    {
        var catalog = CatalogReader.Read(SampleCatalog, Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(SampleCatalog)), default);
        var names = LineageSourceGenerator.BuildNames(
            System.Collections.Immutable.ImmutableArray.Create(LineageSourceGenerator.KeyOf(catalog)),
            SettingsReader.Read(new TestOptionsProvider(DefaultProperties).GlobalOptions));
        var settings = SettingsReader.Read(new TestOptionsProvider(DefaultProperties).GlobalOptions);
        var sources = new[]
        {
            SourceEmitter.Catalog(new CatalogSource(catalog, names.Catalogs[0], settings, HasDateOnly: false), names.Catalogs[0]),
            SourceEmitter.Aggregate(new AggregateSource(names, settings, HasDateOnly: false)),
            SourceEmitter.Tags(settings),
        };
        StringAssert.Contains(sources[0], "public static global::System.DateTime CutoffDate => new global::System.DateTime(2025, 12, 11);");

        var options = new CSharpParseOptions(LanguageVersion.CSharp8, DocumentationMode.Diagnose);
        var compilation = CreateCompilation().AddSyntaxTrees(sources.Select(s => CSharpSyntaxTree.ParseText(s, options)));
        var diagnostics = compilation.GetDiagnostics();
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
    }

    [TestMethod]
    public void Sample_snapshots()
    {
        var (_, result, _, _) = Run(Driver(new[] { SampleFile() }), CreateCompilation());
        foreach (var source in result.GeneratedSources)
        {
            Snapshot.Match("Sample." + Path.GetFileNameWithoutExtension(source.HintName), source.SourceText.ToString());
        }
    }

    [TestMethod]
    public void Generated_hashes_and_values_are_the_catalogs()
    {
        var (_, _, output, diagnostics) = Run(Driver(new[] { SampleFile() }), CreateCompilation(UserCode));
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        var catalog = CircuitCatalog.Load(SampleCatalog);
        Assert.IsFalse(catalog.HasErrors);

        var context = new AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            using var image = new MemoryStream();
            var emit = output.Emit(image);
            Assert.IsTrue(emit.Success, string.Join("\n", emit.Diagnostics));
            image.Position = 0;
            var assembly = context.LoadFromStream(image);

            var all = (System.Collections.IEnumerable)assembly.GetType("TrainingRepo.Circuits")!.GetProperty("All")!.GetValue(null)!;
            var iface = assembly.GetType("TrainingRepo.ILineageCircuit")!;
            string Get(object circuit, string property) => (string)iface.GetProperty(property)!.GetValue(circuit)!;
            var generated = all.Cast<object>().Select(c => (Get(c, "PlantId"), Get(c, "CircuitId"), Get(c, "ModelName"), Get(c, "ConfigHash"))).ToList();
            var expected = catalog.Circuits.Select(c => (c.PlantId, c.CircuitId, c.ModelName, c.ConfigHash)).ToList();
            CollectionAssert.AreEqual(expected, generated);

            // The constant of each class is the same hash.
            foreach (var circuit in all.Cast<object>())
            {
                var constant = circuit.GetType().GetField("ConfigHash")!;
                Assert.IsTrue(constant.IsLiteral);
                Assert.AreEqual(Get(circuit, "ConfigHash"), constant.GetRawConstantValue());
            }

            var typed = (string)assembly.GetType("User.Reader")!.GetMethod("Typed")!.Invoke(null, null)!;
            Assert.AreEqual(
                $"{catalog.Circuits[0].ConfigHash} 24 True 2025-12-11 plant003-circuit02 config_hash Pumps P-301/P-302 swapped in Oct 2025; data before that is excluded.",
                typed);
        }
        finally
        {
            context.Unload();
        }
    }

    [TestMethod]
    public void Names_are_valid_unique_and_stable()
    {
        const string yaml = """
            circuits:
              - {plant_id: PLANT-1, circuit_id: A}
              - {plant_id: PLANT_1, circuit_id: A}
              - {plant_id: 1st, circuit_id: x}
              - {plant_id: All, circuit_id: '-'}
              - {plant_id: ToString, circuit_id: '-'}
              - {plant_id: '---', circuit_id: '---'}
              - {plant_id: Plant1, circuit_id: A_2}
              - plant_id: p
                circuit_id: c
                class: 1
                learningRate: 0.1
                learning_rate: 0.2
                config_hash: x
                instance: true
                p_c: 2
                huge: 123456789012345678901234567890
                nothing: null
                when: 2024-02-29
                at: 2024-02-29 10:00:00
                inf: .inf
                list: [1]
            """;
        var (_, result, _, diagnostics) = Run(Driver(new[] { Catalog("/repo/names.yaml", yaml) }), CreateCompilation());

        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        var source = Source(result, "Lineage.Circuits.names.g.cs");
        foreach (var declaration in new[]
        {
            "class Plant1A :", "class Plant1A_2 :", "class _1stX :", "class All_2 :", "class ToString_2 :", "class Circuit :", "class Plant1A2 :", "class PC :",
            "public const long Class = 1;", "public const double LearningRate = 0.1;", "public const double LearningRate_2 = 0.2;",
            "public const string ConfigHash_2 = \"x\";", "public const bool Instance_2 = true;", "public const long PC_2 = 2;",
            "public static global::System.DateOnly When => new global::System.DateOnly(2024, 2, 29);",
            "public const double Inf = double.PositiveInfinity;",
        })
        {
            StringAssert.Contains(source, declaration);
        }

        // Values without a C# constant type are left out rather than guessed.
        foreach (var missing in new[] { "Huge", "Nothing", " At ", "List" })
        {
            Assert.DoesNotContain(missing, source);
        }
    }

    [TestMethod]
    public void Names_and_files_are_unique_across_catalogs_and_a_file_listed_twice_counts_once()
    {
        var first = Catalog("/repo/a/circuits.yaml", "circuits: [{plant_id: PLANT-1, circuit_id: A}]");
        var files = new[]
        {
            first,
            Catalog("/repo/b/circuits.yaml", "circuits: [{plant_id: PLANT_1, circuit_id: A}]"),
            Catalog("/repo/a/circuits.yaml", "circuits: [{plant_id: PLANT-1, circuit_id: A}]"),
        };
        var (_, result, _, diagnostics) = Run(Driver(files), CreateCompilation("class Use { string H() => TrainingRepo.Circuits.Plant1A.ModelName; }"));

        // The file listed twice is refused with the task's code (it would define every circuit twice) and generates nothing.
        var error = diagnostics.Single();
        Assert.AreEqual("LIN0102", error.Id, error.ToString());
        Assert.AreEqual("/repo/a/circuits.yaml", error.Location.GetLineSpan().Path);
        CollectionAssert.AreEquivalent(
            new[] { "Lineage.Circuits.circuits_2.g.cs", LineageSourceGenerator.AggregateHintName, LineageSourceGenerator.TagsHintName },
            result.GeneratedSources.Select(s => s.HintName).ToArray());

        // Listed once each, both generate, with unique names and file names.
        (_, result, _, diagnostics) = Run(Driver(files.Take(2)), CreateCompilation("class Use { string H() => TrainingRepo.Circuits.Plant1A.ModelName + TrainingRepo.Circuits.Plant1A_2.ModelName; }"));
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        CollectionAssert.AreEquivalent(
            new[] { "Lineage.Circuits.circuits.g.cs", "Lineage.Circuits.circuits_2.g.cs", LineageSourceGenerator.AggregateHintName, LineageSourceGenerator.TagsHintName },
            result.GeneratedSources.Select(s => s.HintName).ToArray());
        StringAssert.Contains(Source(result, LineageSourceGenerator.AggregateHintName), "Plant1A.Instance,\n            Plant1A_2.Instance,\n        });");
    }

    [TestMethod]
    public void A_model_name_given_by_two_catalogs_is_LIN0102_as_in_the_task()
    {
        var files = new[]
        {
            Catalog("/repo/a.yaml", "circuits: [{plant_id: P1, circuit_id: C1}]"),
            Catalog("/repo/b.yaml", "circuits:\n  - plant_id: p1\n    circuit_id: c1\n"),
        };
        var (_, _, _, diagnostics) = Run(Driver(files), CreateCompilation());

        var error = diagnostics.Single();
        Assert.AreEqual("LIN0102", error.Id);
        Assert.AreEqual(("/repo/b.yaml", 2, 5), (error.Location.GetLineSpan().Path, error.Location.GetLineSpan().StartLinePosition.Line + 1, error.Location.GetLineSpan().StartLinePosition.Character + 1));
        StringAssert.Contains(error.GetMessage(), "gives the model name 'p1-c1', which plant_id 'P1' / circuit_id 'C1' of /repo/a.yaml (line 1) also gives");
    }

    [TestMethod]
    public void Ids_and_values_with_markup_quotes_line_breaks_and_emoji_stay_valid_code_and_docs()
    {
        const string yaml = "circuits:\n  - plant_id: \"A&B+1\"\n    circuit_id: \"x\\U0001F600\"\n    \"<note>\": \"line 1\\nline \\\"2\\\" \\t\\\\ \\U0001F600\"\n";
        var (_, result, output, diagnostics) = Run(Driver(new[] { Catalog("/repo/odd.yaml", yaml) }), CreateCompilation());

        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        var source = Source(result, "Lineage.Circuits.odd.g.cs");
        StringAssert.Contains(source, "Circuit <c>A&amp;B+1</c> / <c>x\U0001F600</c>");
        StringAssert.Contains(source, "/// <summary>The circuit's <c>&lt;note&gt;</c>.</summary>");
        var note = output.GetTypeByMetadataName("TrainingRepo.Circuits+AB1X")!.GetMembers("Note").OfType<IFieldSymbol>().Single();
        Assert.AreEqual("line 1\nline \"2\" \t\\ \U0001F600", note.ConstantValue);
    }

    [TestMethod]
    public void Namespace_class_names_and_switches_come_from_MSBuild_properties()
    {
        var properties = new Dictionary<string, string>
        {
            ["RootNamespace"] = "my-app.2nd.class",
            ["LineageCircuitsClassName"] = "Plants",
            ["LineageTagsClassName"] = "Tags",
        };
        var (_, result, _, diagnostics) = Run(Driver(new[] { SampleFile() }, properties), CreateCompilation());
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        StringAssert.Contains(Source(result, LineageSourceGenerator.AggregateHintName), "namespace my_app._2nd.@class\n");
        StringAssert.Contains(Source(result, LineageSourceGenerator.AggregateHintName), "internal static partial class Plants\n");
        StringAssert.Contains(Source(result, LineageSourceGenerator.TagsHintName), "internal static class Tags\n");

        var off = Run(Driver(new[] { SampleFile() }, new Dictionary<string, string> { ["LineageEnabled"] = "false" }), CreateCompilation());
        Assert.IsEmpty(off.Result.GeneratedSources);
        Assert.IsFalse(off.Result.TrackedSteps.ContainsKey(TrackingNames.Catalogs) && off.Result.TrackedSteps[TrackingNames.Catalogs].Any(), "disabled must not parse");
    }

    [TestMethod]
    public void Unusable_settings_are_LIN0300_and_fall_back_to_the_defaults()
    {
        var properties = new Dictionary<string, string>
        {
            ["LineageCircuitsClassName"] = "class",
            ["LineageTagsClassName"] = "Tag Names",
            ["LineageGeneratedAccessibility"] = "protected",
        };
        var (_, result, _, diagnostics) = Run(Driver(new[] { SampleFile() }, properties), CreateCompilation());

        var lin = diagnostics.Where(d => d.Id == "LIN0300").Select(d => d.GetMessage()).ToList();
        Assert.HasCount(3, lin, string.Join("\n", lin));
        Assert.IsTrue(diagnostics.All(d => d.Id == "LIN0300"), string.Join("\n", diagnostics));
        StringAssert.Contains(Source(result, LineageSourceGenerator.AggregateHintName), "internal static partial class Circuits\n");
        // All would clash with the class's own member; equal names would clash with each other.
        foreach (var (circuitsName, tagsName) in new[] { ("All", "LineageTags"), ("Names", "Names") })
        {
            var clash = new Dictionary<string, string> { ["LineageCircuitsClassName"] = circuitsName, ["LineageTagsClassName"] = tagsName };
            var run = Run(Driver(new[] { SampleFile() }, clash), CreateCompilation());
            Assert.AreEqual("LIN0300", run.Diagnostics.Single().Id, string.Join("\n", run.Diagnostics));
        }
    }

    private static TestAdditionalText SampleFile() => Catalog(SampleCatalog, File.ReadAllText(SampleCatalog));
}
