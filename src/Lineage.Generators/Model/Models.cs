using Microsoft.CodeAnalysis.Text;

namespace Lineage.Generators.Model;

// The pipeline's models. Everything a cached step holds is one of these: strings, numbers, enums, records and
// EquatableArray, never a Compilation, a symbol, a syntax node or a Location (the cookbook's rule: those would keep
// old compilations alive and defeat caching). A diagnostic travels as DiagnosticInfo and becomes a Location only when
// it is reported.

/// <summary>A diagnostic as data: its LIN code, message and where it points in an additional file.</summary>
internal sealed record DiagnosticInfo(string Code, string Message, string? FilePath, TextSpan Span, LinePositionSpan LineSpan);

/// <summary>The MSBuild settings the generator reads (<c>build_property.*</c>), already validated.</summary>
internal sealed record GeneratorSettings(
    bool Enabled,
    string? Namespace,
    string CircuitsClassName,
    string TagsClassName,
    string Accessibility,
    EquatableArray<DiagnosticInfo> Diagnostics,
    string StudiesClassName = "Studies");

/// <summary>What kind of value a scalar setting of a circuit holds, and so its C# type.</summary>
internal enum SettingKind
{
    String,
    Long,
    Double,
    Bool,
    Date,
}

/// <summary>A date without time, as the YAML wrote it.</summary>
internal sealed record DateValue(int Year, int Month, int Day);

/// <summary>
/// One top-level scalar key of a circuit. <see cref="Value"/> is the text the emitter turns into a literal: the string
/// itself, integer digits, Python's float repr (<c>inf</c>, <c>-inf</c>, <c>nan</c> included), <c>true</c>/<c>false</c>,
/// or <c>yyyy-mm-dd</c>.
/// </summary>
internal sealed record SettingModel(string Key, string Name, SettingKind Kind, string Value);

/// <summary>One valid circuit of a catalog, with the hash Lineage.Core computed for it.</summary>
internal sealed record CircuitModel(
    string PlantId,
    string CircuitId,
    string ModelName,
    string ConfigHash,
    DateValue? CutoffDate,
    string? CutoffDateText,
    int Line,
    int Column,
    string BaseName,
    EquatableArray<SettingModel> Settings);

/// <summary>
/// One catalog (an AdditionalFile with <c>LineageKind=Circuits</c>) parsed by Lineage.Core. With any diagnostic it has
/// no circuits: like the build task, the generator never acts on a catalog with problems.
/// </summary>
internal sealed record CatalogModel(string Path, string FileName, EquatableArray<CircuitModel> Circuits, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What naming and the checks across catalogs need from a circuit.</summary>
internal sealed record CircuitKey(string BaseName, string ModelName, string PlantId, string CircuitId, int Line, int Column);

/// <summary>What naming needs from a catalog: its path and its circuits' keys, nothing else.</summary>
internal sealed record CatalogKey(string Path, string FileName, EquatableArray<CircuitKey> Circuits);

/// <summary>
/// A catalog's unique generated names: its source file's hint name and one class name per circuit. A catalog listed
/// twice is <see cref="ListedTwice"/>: it generates nothing (the task refuses it too).
/// </summary>
internal sealed record CatalogNames(string Path, string HintName, EquatableArray<string> CircuitNames, bool ListedTwice = false);

/// <summary>The names of every catalog, resolved together so they are unique across catalogs, and the problems across catalogs.</summary>
internal sealed record NameTable(EquatableArray<CatalogNames> Catalogs, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Everything one catalog's source file is written from.</summary>
internal sealed record CatalogSource(CatalogModel Catalog, CatalogNames? Names, GeneratorSettings Settings, bool HasDateOnly);

/// <summary>Everything the shared source file (the common interface and <c>All</c>) is written from.</summary>
internal sealed record AggregateSource(NameTable Names, GeneratorSettings Settings, bool HasDateOnly);

/// <summary>A <c>LineageStudy</c> item as the package's targets pass it (<c>build_property.LineageStudyList</c>), paths full.</summary>
internal sealed record StudyDecl(string Name, string DataConfig, string HpoConfig, string TrainConfig, string? BenchmarkConfig, string Backbone);

/// <summary>A study config file's text (<c>LineageKind=StudyConfig</c>): compared by value, so an unrelated edit keeps it Cached.</summary>
internal sealed record StudyConfigText(string Path, string? Text);

/// <summary>One study's generated record: its keys and fingerprints as the build task computes them.</summary>
internal sealed record StudyModel(
    string Name,
    string ClassName,
    string Backbone,
    string StudyKeyHash,
    string StudyKeyV1Hash,
    string FamilyHash,
    string DataFingerprint,
    string EvalFingerprint);

/// <summary>Everything the studies source is written from.</summary>
internal sealed record StudiesSource(EquatableArray<StudyModel> Studies, EquatableArray<DiagnosticInfo> Diagnostics, GeneratorSettings Settings);
