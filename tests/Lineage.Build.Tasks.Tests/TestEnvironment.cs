using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Lineage.Build.Tasks.Tests;

/// <summary>Where the repository, the sample and the dotnet host are.</summary>
internal static class TestEnvironment
{
    /// <summary>The repository root this test assembly was built from.</summary>
    public static string RepoRoot { get; } = Metadata("RepoRoot");

    /// <summary>The build configuration of this test assembly, and so of the task project it packs.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>The training-repo sample.</summary>
    public static string SampleDirectory { get; } = Path.Combine(RepoRoot, "samples", "training-repo");

    /// <summary>The manifest's JSON schema.</summary>
    public static string ManifestSchema { get; } = Path.Combine(RepoRoot, "docs", "lineage-manifest.schema.json");

    /// <summary>The <c>dotnet</c> host: the one that launched the tests when known, else the first on PATH.</summary>
    public static string DotNet { get; } = FindOnPath(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), "dotnet");

    /// <summary>The <c>git</c> executable, or null when it is not installed.</summary>
    public static string? Git { get; } = TryFindOnPath("git");

    private static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");

    private static string FindOnPath(string? preferred, string name)
    {
        if (!string.IsNullOrEmpty(preferred) && File.Exists(preferred))
        {
            return preferred;
        }

        return TryFindOnPath(name) ?? throw new InvalidOperationException($"{name} is not on PATH");
    }

    private static string? TryFindOnPath(string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, file);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
