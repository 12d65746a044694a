using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Lineage.Cli.Tests;

/// <summary>Where the repository, the built CLI and the dotnet host are.</summary>
internal static class TestEnvironment
{
    /// <summary>The repository root this test assembly was built from.</summary>
    public static string RepoRoot { get; } = Metadata("RepoRoot");

    /// <summary>The build configuration of this test assembly, and so of the CLI it runs.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>The CLI project folder.</summary>
    public static string CliProjectDirectory { get; } = Path.Combine(RepoRoot, "src", "Lineage.Cli");

    /// <summary>The built <c>lineage.dll</c>, run as <c>dotnet lineage.dll</c>.</summary>
    public static string CliDll
    {
        get
        {
            var path = Path.Combine(CliProjectDirectory, "bin", Configuration, "net10.0", "lineage.dll");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The CLI is not built at {path}; build tests/Lineage.Cli.Tests (it builds the CLI first).");
            }

            return path;
        }
    }

    /// <summary>The bundled sample catalog.</summary>
    public static string SampleCatalog { get; } = Path.Combine(RepoRoot, "samples", "training-repo", "config", "circuits.yaml");

    /// <summary>The <c>dotnet</c> host: the one that launched the tests when known, else the first on PATH.</summary>
    public static string DotNet { get; } = FindDotNet();

    private static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");

    private static string FindDotNet()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return name;
    }
}
