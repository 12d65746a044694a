using System.Collections.Generic;
using Lineage.Core.Diagnostics;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lineage.Generators;

/// <summary>
/// The generator's MSBuild properties, declared <c>CompilerVisibleProperty</c> by the package's props and so read as
/// <c>build_property.*</c>. A project that uses the generator without the package's props gets the defaults.
/// </summary>
internal static class SettingsReader
{
    public const string DefaultCircuitsClassName = "Circuits";
    public const string DefaultTagsClassName = "LineageTags";
    public const string DefaultStudiesClassName = "Studies";

    public static GeneratorSettings Read(AnalyzerConfigOptions options)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var enabled = !string.Equals(Get(options, "LineageEnabled"), "false", System.StringComparison.OrdinalIgnoreCase);
        var ns = Identifiers.Namespace(Get(options, "LineageGeneratedNamespace") ?? Get(options, "RootNamespace"));
        var circuits = ClassName(options, "LineageCircuitsClassName", DefaultCircuitsClassName, diagnostics);
        var tags = ClassName(options, "LineageTagsClassName", DefaultTagsClassName, diagnostics);
        if (circuits == "All")
        {
            // The class has a member All, and a member may not have its class's name (CS0542).
            diagnostics.Add(Error($"LineageCircuitsClassName is 'All', the name of a member of that class; '{DefaultCircuitsClassName}' is used"));
            circuits = DefaultCircuitsClassName;
        }

        if (circuits == tags)
        {
            diagnostics.Add(Error($"LineageCircuitsClassName and LineageTagsClassName are both '{circuits}'; the defaults '{DefaultCircuitsClassName}' and '{DefaultTagsClassName}' are used"));
            circuits = DefaultCircuitsClassName;
            tags = DefaultTagsClassName;
        }

        var studies = ClassName(options, "LineageStudiesClassName", DefaultStudiesClassName, diagnostics);
        if (studies == circuits || studies == tags || studies == "All")
        {
            diagnostics.Add(Error($"LineageStudiesClassName is '{studies}', which another generated class or member already uses; '{DefaultStudiesClassName}' is used"));
            studies = DefaultStudiesClassName;
        }

        var accessibility = Get(options, "LineageGeneratedAccessibility")?.Trim().ToLowerInvariant() ?? "internal";
        if (accessibility != "internal" && accessibility != "public")
        {
            diagnostics.Add(Error($"LineageGeneratedAccessibility is '{accessibility}'; it must be 'internal' or 'public' ('internal' is used)"));
            accessibility = "internal";
        }

        return new GeneratorSettings(enabled, ns, circuits, tags, accessibility, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()), studies);
    }

    private static string ClassName(AnalyzerConfigOptions options, string property, string fallback, List<DiagnosticInfo> diagnostics)
    {
        var value = Get(options, property)?.Trim();
        if (value is null)
        {
            return fallback;
        }

        // A keyword is refused rather than escaped: '@class' in user code is nobody's wish.
        if (!Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(value) || Identifiers.Escape(value) != value || value == SourceEmitter.InterfaceName)
        {
            diagnostics.Add(Error($"{property} is '{value}', which is not a usable C# class name; '{fallback}' is used"));
            return fallback;
        }

        return value;
    }

    // Empty means unset: MSBuild passes every declared CompilerVisibleProperty, set or not.
    private static string? Get(AnalyzerConfigOptions options, string property) =>
        options.TryGetValue("build_property." + property, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static DiagnosticInfo Error(string message) => new(DiagnosticCodes.InvalidBuildSetting, message, null, default, default);
}
