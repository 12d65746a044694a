using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Lineage.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Lineage.Benchmarks;

/// <summary>
/// The source generator as the compiler runs it, timed with Roslyn's own per-generator clock
/// (<see cref="GeneratorDriver.GetTimingInfo"/>: the time spent in this generator's pipeline and outputs, which is
/// what an IDE waits for) and the wall clock of the whole driver run:
/// <list type="bullet">
/// <item>first generation: a new driver on the catalog (parse, hash, emit every circuit);</item>
/// <item>cached re-run: the same driver after an unrelated C# edit (issue 4's goal: under 1 ms);</item>
/// <item>catalog edit: the same driver after one circuit's setting changed (the catalog is parsed again).</item>
/// </list>
/// Medians of N runs after a cold run and three warm-up runs; a driver-based timing, not a test, so nothing here can fail a build.
/// </summary>
internal static class GeneratorTiming
{
    public static int Run(string path, int iterations, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var yaml = File.ReadAllText(path);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Bench",
            new[] { CSharpSyntaxTree.ParseText("namespace User { public static class Program { public static int Main() => 0; } }", parse) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var file = new BenchText(path, yaml);

        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
            new[] { new LineageSourceGenerator().AsSourceGenerator() },
            new AdditionalText[] { file },
            parse,
            new BenchOptions(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        // Cold: the first driver run in this process, JIT included (what a fresh compiler process pays once).
        var cold = Stopwatch.StartNew();
        var warmDriver = NewDriver().RunGenerators(compilation);
        cold.Stop();
        var result = warmDriver.GetRunResult();
        var circuits = result.GeneratedTrees.Length;
        if (result.Diagnostics.Length > 0 || result.Results[0].Exception is not null)
        {
            output.WriteLine("the generator failed: " + string.Join("; ", result.Diagnostics) + result.Results[0].Exception);
            return 1;
        }

        var size = result.Results[0].GeneratedSources.Sum(s => s.SourceText.Length);
        output.WriteLine(string.Format(inv, "catalog: {0} ({1:N0} bytes); generated {2} files, {3:N0} characters", path, yaml.Length, circuits, size));
        output.WriteLine(string.Format(inv, "runtime: {0}, {1} cores", Environment.Version, Environment.ProcessorCount));
        output.WriteLine(string.Format(inv, "cold first generation (JIT included): {0:F1} ms wall, {1:F1} ms generator",
            cold.Elapsed.TotalMilliseconds, GeneratorMs(warmDriver)));
        output.WriteLine(string.Format(inv, "medians of {0} runs:                      generator      wall", iterations));

        Report(output, "first generation (new driver)", iterations, () =>
        {
            var sw = Stopwatch.StartNew();
            var driver = NewDriver().RunGenerators(compilation);
            return (GeneratorMs(driver), sw.Elapsed.TotalMilliseconds);
        });

        var edits = 0;
        Report(output, "cached re-run after an unrelated C# edit", iterations, () =>
        {
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText($"namespace User {{ class Edit{edits++} {{ }} }}", parse));
            var sw = Stopwatch.StartNew();
            var driver = warmDriver.RunGenerators(edited);
            return (GeneratorMs(driver), sw.Elapsed.TotalMilliseconds);
        });

        var first = yaml.IndexOf("description:", StringComparison.Ordinal);
        Report(output, "re-run after editing the catalog", iterations, () =>
        {
            var changed = new BenchText(path, yaml.Insert(first + "description:".Length, " edited" + edits++.ToString(inv)));
            var driver = warmDriver.ReplaceAdditionalText(file, changed);
            var sw = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            return (GeneratorMs(driver), sw.Elapsed.TotalMilliseconds);
        });

        // Where the first generation goes: Lineage.Core (load + hash every circuit), the model, the C# text.
        var sourceText = SourceText.From(yaml);
        Report(output, "  of which Lineage.Core parse + hash", iterations, () =>
        {
            var sw = Stopwatch.StartNew();
            Lineage.Core.Circuits.CircuitCatalog.Parse(yaml, path);
            return (sw.Elapsed.TotalMilliseconds, sw.Elapsed.TotalMilliseconds);
        });
        var model = CatalogReader.Read(path, sourceText, default);
        var settings = SettingsReader.Read(new BenchOptions().GlobalOptions);
        var names = LineageSourceGenerator.BuildNames(
            System.Collections.Immutable.ImmutableArray.Create(LineageSourceGenerator.KeyOf(model)),
            settings);
        Report(output, "  of which C# text of all circuits", iterations, () =>
        {
            var sw = Stopwatch.StartNew();
            SourceEmitter.Catalog(new Lineage.Generators.Model.CatalogSource(model, names.Catalogs[0], settings, true), names.Catalogs[0]);
            return (sw.Elapsed.TotalMilliseconds, sw.Elapsed.TotalMilliseconds);
        });
        // Paired, to compare at the same moment: a new driver's run against the generator's own work (read + text).
        // On a shared machine the rows above are taken at different moments; these pairs are timed in one iteration each
        // (the two columns are then the two timings, not generator/wall).
        output.WriteLine("paired in one iteration (left | right):");
        Report(output, "  new driver run | read + text alone", iterations, () =>
        {
            var sw = Stopwatch.StartNew();
            var driver = NewDriver().RunGenerators(compilation);
            var own = Stopwatch.StartNew();
            var m = CatalogReader.Read(path, sourceText, default);
            SourceEmitter.Catalog(new Lineage.Generators.Model.CatalogSource(m, names.Catalogs[0], settings, true), names.Catalogs[0]);
            return (sw.Elapsed.TotalMilliseconds - own.Elapsed.TotalMilliseconds, own.Elapsed.TotalMilliseconds);
        });

        Report(output, "  core parse + hash | read (core + model)", iterations, () =>
        {
            var sw = Stopwatch.StartNew();
            Lineage.Core.Circuits.CircuitCatalog.Parse(yaml, path);
            var core = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            CatalogReader.Read(path, sourceText, default);
            return (core, sw.Elapsed.TotalMilliseconds);
        });

        // The compiler parses what a generator adds (lazily, so not in the generator's time): a cost of the output's size.
        var generated = SourceEmitter.Catalog(new Lineage.Generators.Model.CatalogSource(model, names.Catalogs[0], settings, true), names.Catalogs[0]);
        Report(output, "parsing the generated C# (compiler, not generator)", iterations, () =>
        {
            var sw = Stopwatch.StartNew();
            CSharpSyntaxTree.ParseText(SourceText.From(generated, System.Text.Encoding.UTF8), parse).GetRoot();
            return (sw.Elapsed.TotalMilliseconds, sw.Elapsed.TotalMilliseconds);
        });

        return 0;
    }

    private static double GeneratorMs(GeneratorDriver driver) =>
        driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime.TotalMilliseconds;

    private static void Report(TextWriter output, string label, int iterations, Func<(double Generator, double Wall)> run)
    {
        // A few warm-up runs: the hot loops of Lineage.Core start as tier-0 code, and one run is not enough for the
        // runtime to replace it (a first row measured after one warm-up ran about 2x slower than the same work later).
        for (var i = 0; i < 3; i++)
        {
            run();
        }

        var generator = new List<double>();
        var wall = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var (g, w) = run();
            generator.Add(g);
            wall.Add(w);
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-40} {1,9:F3} ms {2,9:F3} ms", label, Median(generator), Median(wall)));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private sealed class BenchText : AdditionalText
    {
        private readonly SourceText _text;

        public BenchText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class BenchOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private static readonly Options Global = new(new Dictionary<string, string> { ["build_property.LineageGeneratedNamespace"] = "Bench" });
        private static readonly Options Circuits = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.LineageKind"] = "Circuits" });

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => Global;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Global;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Circuits;

        private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
