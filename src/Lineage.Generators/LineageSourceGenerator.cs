using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Lineage.Generators;

/// <summary>The values of the <c>LineageKind</c> metadata the package's targets put on each AdditionalFile.</summary>
internal static class LineageKinds
{
    /// <summary>A master <c>circuits.yaml</c> (<c>LineageCircuits</c> items).</summary>
    public const string Circuits = "Circuits";

    /// <summary>A config file a <c>LineageStudy</c> item names (its data, HPO, training or benchmark config).</summary>
    public const string StudyConfig = "StudyConfig";
}

/// <summary>The tracking names of every pipeline step, for the incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Settings = nameof(Settings);
    public const string DateType = nameof(DateType);
    public const string Files = nameof(Files);
    public const string CircuitTexts = nameof(CircuitTexts);
    public const string Catalogs = nameof(Catalogs);
    public const string CatalogKeys = nameof(CatalogKeys);
    public const string Names = nameof(Names);
    public const string CatalogSources = nameof(CatalogSources);
    public const string AggregateSource = nameof(AggregateSource);
    public const string StudyList = nameof(StudyList);
    public const string StudyConfigs = nameof(StudyConfigs);
    public const string StudiesSource = nameof(StudiesSource);
}

/// <summary>
/// The Lineage source generator: from the catalogs the project declares (<c>LineageCircuits</c> items, passed as
/// AdditionalFiles with <c>LineageKind=Circuits</c>) it generates a class per circuit with its ids, model name, cutoff
/// date, config hash (computed by Lineage.Core, the same code as the build task) and scalar settings; a static circuits
/// class with <c>All</c>; a record per <c>LineageStudy</c> with its keys (<see cref="StudyRecords"/>); and the
/// tag-name constants. A catalog with problems gives its <c>LIN</c> errors at the YAML
/// line and no classes; the other catalogs still generate.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LineageSourceGenerator : IIncrementalGenerator
{
    /// <summary>Hint name of the shared source (interface and <c>All</c>).</summary>
    internal const string AggregateHintName = "Lineage.Circuits.g.cs";

    /// <summary>Hint name of the tag names.</summary>
    internal const string TagsHintName = "Lineage.Tags.g.cs";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => SettingsReader.Read(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        // The one thing taken from the compilation, reduced to a bool at once so unrelated edits stop here (Unchanged).
        var hasDateOnly = context.CompilationProvider
            .Select(static (compilation, _) => HasDateOnly(compilation))
            .WithTrackingName(TrackingNames.DateType);

        // Each AdditionalFile with its LineageKind. AdditionalText compares by reference: the same file object on an
        // unrelated edit, so everything after this is Cached.
        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (Text: pair.Left, Kind: KindOf(pair.Right.GetOptions(pair.Left))))
            .WithTrackingName(TrackingNames.Files);

        context.RegisterSourceOutput(settings, static (spc, s) => EmitTags(spc, s));
        RegisterCircuits(context, files, settings, hasDateOnly);
        StudyRecords.Register(context, files, settings);
    }

    private static void RegisterCircuits(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<(AdditionalText Text, string? Kind)> files,
        IncrementalValueProvider<GeneratorSettings> settings,
        IncrementalValueProvider<bool> hasDateOnly)
    {
        // Disabled (LineageEnabled=false) means no parsing at all, not just no output.
        var texts = files
            .Where(static f => f.Kind == LineageKinds.Circuits)
            .Combine(settings)
            .Where(static pair => pair.Right.Enabled)
            .Select(static (pair, _) => pair.Left.Text)
            .WithTrackingName(TrackingNames.CircuitTexts);

        var catalogs = texts
            .Select(static (text, ct) => CatalogReader.Read(text.Path, text.GetText(ct), ct))
            .WithTrackingName(TrackingNames.Catalogs);

        // Names are unique across catalogs, so they are resolved together, but only from what naming and the checks
        // across catalogs need (paths, candidate names, model names and positions): an edit elsewhere in a catalog
        // leaves the table Cached, and even when the table changes, another catalog's source model stays equal
        // (Unchanged), so its output is not written again.
        var names = catalogs
            .Select(static (c, _) => KeyOf(c))
            .WithTrackingName(TrackingNames.CatalogKeys)
            .Collect()
            .Combine(settings)
            .Select(static (pair, _) => BuildNames(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Names);

        var sources = catalogs
            .Combine(names)
            .Combine(settings)
            .Combine(hasDateOnly)
            .Select(static (x, _) => new CatalogSource(x.Left.Left.Left, Find(x.Left.Left.Right, x.Left.Left.Left.Path), x.Left.Right, x.Right))
            .WithTrackingName(TrackingNames.CatalogSources);

        context.RegisterSourceOutput(sources, static (spc, source) => EmitCatalog(spc, source));

        var aggregate = names
            .Combine(settings)
            .Combine(hasDateOnly)
            .Select(static (x, _) => new AggregateSource(x.Left.Left, x.Left.Right, x.Right))
            .WithTrackingName(TrackingNames.AggregateSource);

        context.RegisterSourceOutput(aggregate, static (spc, source) =>
        {
            foreach (var diagnostic in source.Names.Diagnostics)
            {
                Report(spc, diagnostic);
            }

            // Written whenever the project declares a catalog, even if every catalog is broken: code using
            // Circuits.All keeps compiling while the YAML is fixed.
            if (source.Settings.Enabled && source.Names.Catalogs.Count > 0)
            {
                spc.AddSource(AggregateHintName, SourceText.From(SourceEmitter.Aggregate(source), Encoding.UTF8));
            }
        });
    }

    private static void EmitCatalog(SourceProductionContext spc, CatalogSource source)
    {
        // A catalog listed twice is reported once, by the shared output, instead of twice here.
        if (source.Names is { ListedTwice: true })
        {
            return;
        }

        foreach (var diagnostic in source.Catalog.Diagnostics)
        {
            Report(spc, diagnostic);
        }

        if (source.Names is null || source.Names.ListedTwice || source.Catalog.Circuits.Count == 0)
        {
            return;
        }

        spc.AddSource(source.Names.HintName, SourceText.From(SourceEmitter.Catalog(source, source.Names), Encoding.UTF8));
    }

    private static void EmitTags(SourceProductionContext spc, GeneratorSettings settings)
    {
        foreach (var diagnostic in settings.Diagnostics)
        {
            Report(spc, diagnostic);
        }

        if (settings.Enabled)
        {
            spc.AddSource(TagsHintName, SourceText.From(SourceEmitter.Tags(settings), Encoding.UTF8));
        }
    }

    internal static void Report(SourceProductionContext spc, DiagnosticInfo info)
    {
        var message = info.Message;
        var descriptor = Descriptors.For(info.Code, ref message);
        var location = info.FilePath is null ? Location.None : Location.Create(info.FilePath, info.Span, info.LineSpan);
        spc.ReportDiagnostic(Diagnostic.Create(descriptor, location, message));
    }

    private static string? KindOf(AnalyzerConfigOptions options) =>
        options.TryGetValue("build_metadata.AdditionalFiles.LineageKind", out var kind) ? kind : null;

    private static bool HasDateOnly(Compilation compilation)
    {
        // System.DateOnly exists from .NET 6; older targets (netstandard2.0, .NET Framework) get System.DateTime.
        var type = compilation.GetTypeByMetadataName("System.DateOnly");
        return type is not null
            && (type.DeclaredAccessibility == Accessibility.Public || SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly));
    }

    private static CatalogNames? Find(NameTable table, string path)
    {
        foreach (var names in table.Catalogs)
        {
            if (names.Path == path)
            {
                return names;
            }
        }

        return null;
    }

    internal static CatalogKey KeyOf(CatalogModel catalog)
    {
        var circuits = new CircuitKey[catalog.Circuits.Count];
        for (var i = 0; i < circuits.Length; i++)
        {
            var c = catalog.Circuits[i];
            circuits[i] = new CircuitKey(c.BaseName, c.ModelName, c.PlantId, c.CircuitId, c.Line, c.Column);
        }

        return new CatalogKey(catalog.Path, catalog.FileName, new EquatableArray<CircuitKey>(circuits));
    }

    /// <summary>
    /// Unique class names for every circuit and a unique hint name per catalog, in catalog order (the order of the
    /// <c>LineageCircuits</c> items) and file order; and the build task's checks across catalogs (LIN0102): a catalog
    /// listed twice (it then generates nothing) and one model name given by two catalogs.
    /// </summary>
    internal static NameTable BuildNames(ImmutableArray<CatalogKey> keys, GeneratorSettings settings)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { settings.CircuitsClassName, "All" };
        foreach (var member in Identifiers.ObjectMembers)
        {
            taken.Add(member);
        }

        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            listed[key.Path] = listed.TryGetValue(key.Path, out var n) ? n + 1 : 1;
        }

        // Hint names are compared ignoring case by the compiler.
        var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var models = new Dictionary<string, (CircuitKey Circuit, string Path)>(StringComparer.Ordinal);
        var diagnostics = new List<DiagnosticInfo>();
        var catalogs = new List<CatalogNames>(keys.Length);
        foreach (var key in keys)
        {
            var hint = Identifiers.Unique("Lineage.Circuits." + HintStem(key.FileName), hints) + ".g.cs";
            if (Math.Abs(listed[key.Path]) > 1)
            {
                // Reported once, at the first listing; the count is negated to remember that.
                if (listed[key.Path] > 0)
                {
                    diagnostics.Add(new DiagnosticInfo(
                        Lineage.Core.Diagnostics.DiagnosticCodes.DuplicateCircuitId,
                        $"the catalog {key.Path} is listed {listed[key.Path]} times as an AdditionalFile with LineageKind=Circuits, so every circuit of it would be defined twice; no code is generated for it",
                        key.Path,
                        default,
                        default));
                    listed[key.Path] = -listed[key.Path];
                }

                catalogs.Add(new CatalogNames(key.Path, hint, EquatableArray<string>.Empty, ListedTwice: true));
                continue;
            }

            var circuitNames = new string[key.Circuits.Count];
            for (var i = 0; i < circuitNames.Length; i++)
            {
                var circuit = key.Circuits[i];
                circuitNames[i] = Identifiers.Unique(circuit.BaseName, taken);
                if (models.TryGetValue(circuit.ModelName, out var first) && first.Path != key.Path)
                {
                    var position = new LinePosition(Math.Max(circuit.Line - 1, 0), Math.Max(circuit.Column - 1, 0));
                    diagnostics.Add(new DiagnosticInfo(
                        Lineage.Core.Diagnostics.DiagnosticCodes.DuplicateCircuitId,
                        $"plant_id '{circuit.PlantId}' / circuit_id '{circuit.CircuitId}' gives the model name '{circuit.ModelName}', which plant_id '{first.Circuit.PlantId}' / circuit_id '{first.Circuit.CircuitId}' of {first.Path} (line {first.Circuit.Line}) also gives; their models would be registered under one name",
                        key.Path,
                        default,
                        new LinePositionSpan(position, position)));
                }
                else if (!models.ContainsKey(circuit.ModelName))
                {
                    models.Add(circuit.ModelName, (circuit, key.Path));
                }
            }

            catalogs.Add(new CatalogNames(key.Path, hint, new EquatableArray<string>(circuitNames)));
        }

        return new NameTable(new EquatableArray<CatalogNames>(catalogs.ToArray()), new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    // Hint names allow letters, digits and a few punctuation characters; the file name without its extension is enough.
    private static string HintStem(string fileName)
    {
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        var sb = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            sb.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_') ? c : '_');
        }

        return sb.Length == 0 ? "catalog" : sb.ToString();
    }
}
