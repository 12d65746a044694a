using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Core.Study;
using Lineage.Core.Yaml;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Lineage.Generators;

/// <summary>
/// The study part of the generator: one record per <c>LineageStudy</c> item with its study key hash, family hash,
/// fingerprints and backbone, computed by Lineage.Core's <see cref="HpoKeys"/> (the code the build task runs) from the
/// study's config files. The package's targets pass the items as <c>build_property.LineageStudyList</c> and the config
/// files as AdditionalFiles with <c>LineageKind=StudyConfig</c>.
/// </summary>
internal static class StudyRecords
{
    /// <summary>Hint name of the studies source.</summary>
    public const string HintName = "Lineage.Studies.g.cs";

    // Fields of one study, and studies, as the targets join them: names and paths hold neither character in practice.
    private const char FieldSeparator = '|';
    private const char StudySeparator = ';';

    public static void Register(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<(AdditionalText Text, string? Kind)> files,
        IncrementalValueProvider<GeneratorSettings> settings)
    {
        var declared = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => Parse(options.GlobalOptions))
            .WithTrackingName(TrackingNames.StudyList);

        var configs = files
            .Where(static f => f.Kind == LineageKinds.StudyConfig)
            .Select(static (f, ct) => new StudyConfigText(f.Text.Path, f.Text.GetText(ct)?.ToString()))
            .WithTrackingName(TrackingNames.StudyConfigs)
            .Collect();

        var source = declared
            .Combine(configs)
            .Combine(settings)
            .Select(static (x, ct) => Compute(x.Left.Left, x.Left.Right, x.Right, ct))
            .WithTrackingName(TrackingNames.StudiesSource);

        context.RegisterSourceOutput(source, static (spc, s) =>
        {
            foreach (var diagnostic in s.Diagnostics)
            {
                LineageSourceGenerator.Report(spc, diagnostic);
            }

            if (s.Settings.Enabled && s.Studies.Count > 0)
            {
                spc.AddSource(HintName, SourceText.From(SourceEmitter.Studies(s), Encoding.UTF8));
            }
        });
    }

    internal static EquatableArray<StudyDecl> Parse(AnalyzerConfigOptions options)
    {
        if (!options.TryGetValue("build_property.LineageStudyList", out var list) || string.IsNullOrWhiteSpace(list))
        {
            return EquatableArray<StudyDecl>.Empty;
        }

        var studies = new List<StudyDecl>();
        foreach (var entry in list.Split(StudySeparator))
        {
            var fields = entry.Split(FieldSeparator);
            if (fields.Length != 6 || fields[0].Trim().Length == 0)
            {
                continue;
            }

            studies.Add(new StudyDecl(
                fields[0].Trim(),
                fields[1].Trim(),
                fields[2].Trim(),
                fields[3].Trim(),
                fields[4].Trim().Length == 0 ? null : fields[4].Trim(),
                fields[5].Trim()));
        }

        return new EquatableArray<StudyDecl>(studies.ToArray());
    }

    internal static StudiesSource Compute(EquatableArray<StudyDecl> declared, ImmutableArray<StudyConfigText> configs, GeneratorSettings settings, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var studies = new List<StudyModel>();
        if (!settings.Enabled)
        {
            return new StudiesSource(EquatableArray<StudyModel>.Empty, EquatableArray<DiagnosticInfo>.Empty, settings);
        }

        var texts = new Dictionary<string, string?>(PathComparer);
        foreach (var config in configs)
        {
            texts[Normalize(config.Path)] = config.Text;
        }

        var taken = new HashSet<string>(StringComparer.Ordinal) { settings.StudiesClassName, "All" };
        foreach (var member in Identifiers.ObjectMembers)
        {
            taken.Add(member);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var study in declared)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!names.Add(study.Name))
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticCodes.InvalidStudyItem, $"study '{study.Name}' is declared twice; give each LineageStudy item its own name", null, default, default));
                continue;
            }

            if (study.Backbone.Length == 0)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticCodes.InvalidStudyItem, $"study '{study.Name}' has no Backbone; the build reports the item (LIN0301)", null, default, default));
                continue;
            }

            try
            {
                var data = Load(study.DataConfig, texts, diagnostics);
                var hpo = Load(study.HpoConfig, texts, diagnostics);
                var train = Load(study.TrainConfig, texts, diagnostics);
                var benchmark = study.BenchmarkConfig is null ? null : Load(study.BenchmarkConfig, texts, diagnostics);
                if (data is null || hpo is null || train is null || (study.BenchmarkConfig is not null && benchmark is null))
                {
                    continue;
                }

                var keys = HpoKeys.ComputeAll(data.Value, hpo.Value, train.Value, study.Backbone, benchmark?.Value);
                studies.Add(new StudyModel(
                    study.Name,
                    Identifiers.Unique(Identifiers.Pascal(study.Name, "Study"), taken),
                    study.Backbone,
                    keys.StudyKeyHash,
                    keys.StudyKeyV1Hash,
                    keys.FamilyHash,
                    keys.DataFingerprint,
                    keys.EvalFingerprint));
            }
            catch (LineageException ex)
            {
                // A key Python cannot compute (its configs combine badly) belongs to the study, not to a line of a file.
                diagnostics.Add(new DiagnosticInfo(ex.Code, $"study '{study.Name}': {ex.Message}", null, default, default));
            }
        }

        return new StudiesSource(new EquatableArray<StudyModel>(studies.ToArray()), new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()), settings);
    }

    // A loaded config, boxed so "null" (YAML's empty document) differs from "could not be loaded".
    private static StrongBox<object?>? Load(string path, Dictionary<string, string?> texts, List<DiagnosticInfo> diagnostics)
    {
        if (!texts.TryGetValue(Normalize(path), out var text) || text is null)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticCodes.ReadError, $"the study config {path} is not among the project's AdditionalFiles (LineageKind=StudyConfig) or cannot be read", path, default, default));
            return null;
        }

        try
        {
            return new StrongBox<object?>(PyYaml.Load(text, path));
        }
        catch (LineageException ex)
        {
            diagnostics.Add(CatalogReader.ToDiagnostic(ex, path, SourceText.From(text)));
            return null;
        }
    }

    private static StringComparer PathComparer => System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static string Normalize(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return path;
        }
    }

    private sealed class StrongBox<T>
    {
        public StrongBox(T value) => Value = value;

        public T Value { get; }
    }
}
