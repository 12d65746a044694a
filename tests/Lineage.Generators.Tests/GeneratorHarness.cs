using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Generators.Tests;

/// <summary>Runs the generator the way the compiler does: a compilation, AdditionalFiles with metadata, MSBuild properties.</summary>
internal static class GeneratorHarness
{
    /// <summary>The repository root this test assembly was built from.</summary>
    public static string RepoRoot { get; } =
        typeof(GeneratorHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The sample training repository's catalog.</summary>
    public static string SampleCatalog { get; } = Path.Combine(RepoRoot, "samples", "training-repo", "config", "circuits.yaml");

    /// <summary>The running framework's assemblies: enough to compile generated code and test programs against.</summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();

    public static CSharpParseOptions LangOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>A compilation as a project with Nullable=enable and TreatWarningsAsErrors=true would have.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) => CSharpCompilation.Create(
        "TestProject",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, LangOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>An AdditionalFile as the package's targets declare a <c>LineageCircuits</c> catalog.</summary>
    public static TestAdditionalText Catalog(string path, string text) => new(path, text, "Circuits");

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new LineageSourceGenerator().AsSourceGenerator() },
            files,
            LangOptions,
            new TestOptionsProvider(properties ?? DefaultProperties),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static IReadOnlyDictionary<string, string> DefaultProperties { get; } = new Dictionary<string, string>
    {
        ["LineageGeneratedNamespace"] = "TrainingRepo",
    };

    /// <summary>Runs once and returns the result, the updated compilation and its diagnostics (generator's included).</summary>
    public static (GeneratorDriver Driver, GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(
        GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.IsNull(result.Exception, result.Exception?.ToString());
        return (driver, result, output, generatorDiagnostics.AddRange(output.GetDiagnostics()));
    }

    public static string Source(GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}

internal sealed class TestAdditionalText : AdditionalText
{
    private readonly SourceText? _text;

    /// <summary>A file; <paramref name="text"/> null for one the compiler cannot read.</summary>
    public TestAdditionalText(string path, string? text, string? kind)
    {
        Path = path;
        _text = text is null ? null : SourceText.From(text);
        Kind = kind;
    }

    public override string Path { get; }

    public string? Kind { get; }

    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions Empty = new(new Dictionary<string, string>());

    public TestOptionsProvider(IReadOnlyDictionary<string, string> properties) =>
        GlobalOptions = new TestOptions(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        textFile is TestAdditionalText { Kind: { } kind }
            ? new TestOptions(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.LineageKind"] = kind })
            : Empty;

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public TestOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            _values.TryGetValue(key, out value);
    }
}
