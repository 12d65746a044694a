using System.Globalization;
using System.Linq;
using System.Text;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Lineage.Generators;

/// <summary>
/// Writes the generated C#: one file per catalog (its circuit classes, as parts of the static circuits class), one
/// shared file (the <c>ILineageCircuit</c> interface and <c>All</c>) and the tag names. The text only uses C# 8
/// (block namespaces, no records), so projects on older language versions that still allow <c>#nullable</c> compile it.
/// </summary>
internal static class SourceEmitter
{
    public const string InterfaceName = "ILineageCircuit";

    /// <summary>The generator's assembly version, written into <c>[GeneratedCode]</c>.</summary>
    public static readonly string Version = typeof(SourceEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    private static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"Lineage.Generators\", \"{Version}\")]";

    public static string Catalog(CatalogSource source, CatalogNames names)
    {
        var settings = source.Settings;
        var date = DateType(source.HasDateOnly);
        var iface = Qualified(settings.Namespace, InterfaceName);
        var w = Header(settings.Namespace);
        w.Open($"{settings.Accessibility} static partial class {Identifiers.Escape(settings.CircuitsClassName)}");
        var circuits = source.Catalog.Circuits;
        for (var i = 0; i < circuits.Count; i++)
        {
            if (i > 0)
            {
                w.Line();
            }

            WriteCircuit(w, circuits[i], Identifiers.Escape(names.CircuitNames[i]), source.Catalog.FileName, settings, iface, date);
        }

        w.Close();
        return Footer(w, settings.Namespace);
    }

    public static string Aggregate(AggregateSource source)
    {
        var settings = source.Settings;
        var date = DateType(source.HasDateOnly);
        var iface = Qualified(settings.Namespace, InterfaceName);
        var w = Header(settings.Namespace);

        w.Summary("A circuit of a Lineage circuit catalog: its ids, registry model name, cutoff date and config hash, the values the build's lineage manifest records for it.");
        w.Line(GeneratedCode);
        w.Open($"{settings.Accessibility} interface {InterfaceName}");
        w.Summary("The circuit's <c>plant_id</c>.").Line("string PlantId { get; }").Line();
        w.Summary("The circuit's <c>circuit_id</c>.").Line("string CircuitId { get; }").Line();
        w.Summary("The registry model name: both ids lower-cased, joined by a hyphen.").Line("string ModelName { get; }").Line();
        w.Summary("The 12-character config hash of the circuit without its <c>metadata</c>, as the build computes it.").Line("string ConfigHash { get; }").Line();
        w.Summary("The circuit's <c>cutoff_date</c>, or <c>null</c> when it has none that is a date.").Line($"{date}? CutoffDate {{ get; }}");
        w.Close();
        w.Line();

        var className = Identifiers.Escape(settings.CircuitsClassName);
        w.Summary("The circuits of the project's Lineage catalogs (<c>LineageCircuits</c> items), one nested class per circuit.");
        w.Line(GeneratedCode);
        w.Open($"{settings.Accessibility} static partial class {className}");
        w.Summary("Every circuit of every catalog, in catalog order and then file order.");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{iface}> All {{ get; }} = global::System.Array.AsReadOnly(new {iface}[]");
        w.Line("{");
        foreach (var catalog in source.Names.Catalogs)
        {
            foreach (var name in catalog.CircuitNames)
            {
                w.Line($"    {Identifiers.Escape(name)}.Instance,");
            }
        }

        w.Line("});");
        w.Close();
        return Footer(w, settings.Namespace);
    }

    public static string Tags(GeneratorSettings settings)
    {
        var w = Header(settings.Namespace);
        w.Summary("Tag names Lineage reads and writes: a registered model's tags (the lineage manifest's <c>tags</c> object, seed 000) and the tags of HPO runs (seed 001, prefix <c>code.</c>).");
        w.Line(GeneratedCode);
        w.Open($"{settings.Accessibility} static class {Identifiers.Escape(settings.TagsClassName)}");
        var first = true;
        foreach (var (name, value, doc) in TagNames.Seed000.Concat(TagNames.Seed001))
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            w.Summary(Xml(doc)).Line($"public const string {name} = {Literal(value)};");
        }

        w.Close();
        return Footer(w, settings.Namespace);
    }

    public const string StudyInterfaceName = "ILineageStudy";

    public static string Studies(StudiesSource source)
    {
        var settings = source.Settings;
        var w = Header(settings.Namespace);
        var iface = Qualified(settings.Namespace, StudyInterfaceName);
        var className = Identifiers.Escape(settings.StudiesClassName);

        w.Summary("An HPO study of the project (a <c>LineageStudy</c> item): its keys and fingerprints, the values the build's lineage manifest records.");
        w.Line(GeneratedCode);
        w.Open($"{settings.Accessibility} interface {StudyInterfaceName}");
        for (var i = 0; i < StudyMembers.Length; i++)
        {
            if (i > 0)
            {
                w.Line();
            }

            w.Summary(StudyMembers[i].Doc).Line($"string {StudyMembers[i].Member} {{ get; }}");
        }

        w.Close();
        w.Line();
        w.Summary("The HPO studies of the project (<c>LineageStudy</c> items), one nested class per study.");
        w.Line(GeneratedCode);
        w.Open($"{settings.Accessibility} static partial class {className}");
        w.Summary("Every study, in item order.");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{iface}> All {{ get; }} = global::System.Array.AsReadOnly(new {iface}[]");
        w.Line("{");
        foreach (var study in source.Studies)
        {
            w.Line($"    {Identifiers.Escape(study.ClassName)}.Instance,");
        }

        w.Line("});");
        foreach (var study in source.Studies)
        {
            w.Line();
            var name = Identifiers.Escape(study.ClassName);
            w.Summary($"Study <c>{Xml(study.Name)}</c> (backbone <c>{Xml(study.Backbone)}</c>).");
            w.Line(GeneratedCode);
            w.Open($"public sealed class {name} : {iface}");
            w.Line($"private {name}()").Line("{").Line("}").Line();
            w.Summary($"The one instance of this study, as listed in <see cref=\"{className}.All\"/>.");
            w.Line($"public static {name} Instance {{ get; }} = new {name}();").Line();
            var values = new[] { study.Name, study.Backbone, study.StudyKeyHash, study.StudyKeyV1Hash, study.FamilyHash, study.DataFingerprint, study.EvalFingerprint };
            for (var i = 0; i < StudyMembers.Length; i++)
            {
                w.Summary(StudyMembers[i].Doc).Line($"public const string {StudyMembers[i].Member} = {Literal(values[i])};").Line();
            }

            foreach (var (member, _) in StudyMembers)
            {
                w.Line($"string {iface}.{member} => {member};").Line();
            }

            w.Summary("The study's name.").Line("public override string ToString() => Name;");
            w.Close();
        }

        w.Close();
        return Footer(w, settings.Namespace);
    }

    private static readonly (string Member, string Doc)[] StudyMembers =
    {
        ("Name", "The study's name (the <c>LineageStudy</c> item)."),
        ("Backbone", "The model backbone the keys were computed for, as the item gives it."),
        ("StudyKeyHash", "The study key hash (v2), tag <c>code.study_key_hash</c> (default prefix)."),
        ("StudyKeyV1Hash", "The legacy study key hash (v1), for runs made before v2."),
        ("FamilyHash", "The study family hash, tag <c>code.study_family_hash</c> (default prefix)."),
        ("DataFingerprint", "The data fingerprint, tag <c>code.fingerprint.data</c> (default prefix)."),
        ("EvalFingerprint", "The eval fingerprint, tag <c>code.fingerprint.eval</c> (default prefix)."),
    };

    private static void WriteCircuit(SourceWriter w, CircuitModel c, string name, string fileName, GeneratorSettings settings, string iface, string date)
    {
        w.Summary($"Circuit <c>{Xml(c.PlantId)}</c> / <c>{Xml(c.CircuitId)}</c> (model <c>{Xml(c.ModelName)}</c>) of <c>{Xml(fileName)}</c>, line {c.Line.ToString(CultureInfo.InvariantCulture)}.");
        w.Line(GeneratedCode);
        w.Open($"public sealed class {name} : {iface}");
        w.Line($"private {name}()").Line("{").Line("}").Line();
        w.Summary($"The one instance of this circuit, as listed in <see cref=\"{Identifiers.Escape(settings.CircuitsClassName)}.All\"/>.");
        w.Line($"public static {name} Instance {{ get; }} = new {name}();").Line();
        w.Summary("The circuit's <c>plant_id</c>.").Line($"public const string PlantId = {Literal(c.PlantId)};").Line();
        w.Summary("The circuit's <c>circuit_id</c>.").Line($"public const string CircuitId = {Literal(c.CircuitId)};").Line();
        w.Summary("The registry model name: both ids lower-cased, joined by a hyphen.").Line($"public const string ModelName = {Literal(c.ModelName)};").Line();
        w.Summary("The config hash of the circuit without its <c>metadata</c>, as the build's lineage manifest records it.").Line($"public const string ConfigHash = {Literal(c.ConfigHash)};").Line();
        if (c.CutoffDate is { } cutoff)
        {
            w.Summary("The circuit's <c>cutoff_date</c>.").Line($"public static {date} CutoffDate => {DateLiteral(date, cutoff.Year, cutoff.Month, cutoff.Day)};");
        }
        else
        {
            var what = c.CutoffDateText is null ? "The circuit has no <c>cutoff_date</c>" : $"The circuit's <c>cutoff_date</c> (<c>{Xml(c.CutoffDateText)}</c>) is not a date";
            w.Summary(what + ", so this is <c>null</c>.").Line($"public static {date}? CutoffDate => null;");
        }

        foreach (var s in c.Settings)
        {
            w.Line();
            w.Summary($"The circuit's <c>{Xml(s.Key)}</c>.");
            var member = Identifiers.Escape(s.Name);
            switch (s.Kind)
            {
                case SettingKind.String:
                    w.Line($"public const string {member} = {Literal(s.Value)};");
                    break;
                case SettingKind.Long:
                    w.Line($"public const long {member} = {s.Value};");
                    break;
                case SettingKind.Double:
                    w.Line($"public const double {member} = {DoubleLiteral(s.Value)};");
                    break;
                case SettingKind.Bool:
                    w.Line($"public const bool {member} = {s.Value};");
                    break;
                case SettingKind.Date:
                    var parts = s.Value.Split('-');
                    w.Line($"public static {date} {member} => {DateLiteral(date, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture))};");
                    break;
            }
        }

        w.Line();
        w.Line($"string {iface}.PlantId => PlantId;").Line();
        w.Line($"string {iface}.CircuitId => CircuitId;").Line();
        w.Line($"string {iface}.ModelName => ModelName;").Line();
        w.Line($"string {iface}.ConfigHash => ConfigHash;").Line();
        w.Line($"{date}? {iface}.CutoffDate => CutoffDate;").Line();
        w.Summary("The registry model name.").Line("public override string ToString() => ModelName;");
        w.Close();
    }

    private static SourceWriter Header(string? ns)
    {
        var w = new SourceWriter();
        w.Line("// <auto-generated/>");
        w.Line("// Generated by Lineage.Generators from the project's Lineage catalogs; edit the YAML, not this file.");
        w.Line("#nullable enable");
        w.Line();
        if (ns is not null)
        {
            w.Open("namespace " + ns);
        }

        return w;
    }

    private static string Footer(SourceWriter w, string? ns)
    {
        if (ns is not null)
        {
            w.Close();
        }

        return w.ToString();
    }

    private static string DateType(bool hasDateOnly) => hasDateOnly ? "global::System.DateOnly" : "global::System.DateTime";

    private static string DateLiteral(string type, int year, int month, int day) =>
        string.Format(CultureInfo.InvariantCulture, "new {0}({1}, {2}, {3})", type, year, month, day);

    private static string Qualified(string? ns, string name) => ns is null ? "global::" + name : "global::" + ns + "." + name;

    /// <summary>A C# string literal of <paramref name="value"/> (escapes by Roslyn itself).</summary>
    internal static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Python's float repr as a C# double constant; <c>inf</c> and <c>nan</c> have no literal.</summary>
    internal static string DoubleLiteral(string repr) => repr switch
    {
        "inf" => "double.PositiveInfinity",
        "-inf" => "double.NegativeInfinity",
        "nan" => "double.NaN",
        _ => repr,
    };

    /// <summary>Text for an XML doc comment: markup characters escaped, line breaks and other controls as spaces.</summary>
    internal static string Xml(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        // A line break would end the comment line; a lone surrogate is not valid in an XML document.
                        sb.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c) ? ' ' : c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
