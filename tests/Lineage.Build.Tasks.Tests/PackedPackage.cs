using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Build.Tasks.Tests;

/// <summary>
/// The Lineage.Build package as users get it: packed once per test run from what the solution build made, with a
/// version no earlier run used, into a feed and a package cache private to the run, so a stale package can never
/// pass a test.
/// </summary>
internal static class PackedPackage
{
    private static readonly Lazy<(string Feed, string Version)> Packed = new(Pack);

    /// <summary>The unique version of this run's package.</summary>
    public static string Version => Packed.Value.Version;

    /// <summary>The folder feed holding it.</summary>
    public static string Feed => Packed.Value.Feed;

    /// <summary>The run's private NuGet package cache.</summary>
    public static string PackagesFolder => Path.Combine(Root, "packages");

    private static string Root { get; } = Path.Combine(Path.GetTempPath(), "lineage-tests", "package-" + Guid.NewGuid().ToString("N"));

    /// <summary>Copies the sample into <paramref name="dir"/> (sources only) with a nuget.config that sees this run's feed.</summary>
    public static string CopySample(TempDirectory dir, bool withPublicFeed = false)
    {
        var target = dir["training-repo"];
        CopyTree(TestEnvironment.SampleDirectory, target);
        File.WriteAllText(Path.Combine(target, "nuget.config"), NuGetConfig(withPublicFeed));
        return target;
    }

    /// <summary>Runs <c>dotnet</c> the way CI would, isolated from the machine's NuGet cache, build servers and CI variables.</summary>
    public static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = PackagesFolder,
            // The builds under test must not see the CI that runs the tests.
            ["TF_BUILD"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["GITLAB_CI"] = null,
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                env[key] = value;
            }
        }

        return ProcessRunner.Run(TestEnvironment.DotNet, args, workingDirectory, env, TimeSpan.FromMinutes(5));
    }

    /// <summary><c>dotnet build</c> of the project in <paramref name="project"/> with this run's package.</summary>
    public static ProcessResult Build(string project, IReadOnlyDictionary<string, string?>? environment = null, params string[] extra)
    {
        var args = new List<string> { "build", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:LineageBuildVersion=" + Version, "-v:n" };
        args.AddRange(extra);
        return Dotnet(project, environment, args.ToArray());
    }

    private static (string Feed, string Version) Pack()
    {
        var feed = Path.Combine(Root, "feed");
        var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

        // Pack what the solution build made (--no-build): the task assembly under test is the one the unit tests ran.
        var pack = ProcessRunner.Run(
            TestEnvironment.DotNet,
            new[]
            {
                "pack", Path.Combine(TestEnvironment.RepoRoot, "src", "Lineage.Build.Tasks", "Lineage.Build.Tasks.csproj"),
                "--no-build", "-c", TestEnvironment.Configuration, "-o", feed, "-p:PackageVersion=" + version,
            },
            TestEnvironment.RepoRoot,
            null,
            TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, pack.ExitCode, pack.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(feed, $"Lineage.Build.{version}.nupkg")), pack.ToString());
        return (feed, version);
    }

    private static string NuGetConfig(bool withPublicFeed)
    {
        var sources = new List<XElement>
        {
            new("clear"),
            new("add", new XAttribute("key", "lineage-test-feed"), new XAttribute("value", Feed)),
        };
        if (withPublicFeed)
        {
            // For consumers that restore more than Lineage.Build: the repository's own sources.
            var repoConfig = XDocument.Load(Path.Combine(TestEnvironment.RepoRoot, "nuget.config"));
            sources.AddRange(repoConfig.Root!.Element("packageSources")!.Elements("add").Select(s => new XElement(s)));
        }

        return new XDocument(new XElement("configuration", new XElement("packageSources", sources))).ToString();
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(dir);
            // Build outputs and generated files of a local run of the sample are not sources.
            if (name is "bin" or "obj" or "artifacts" || (name == "circuits" && Path.GetFileName(source) == "config"))
            {
                continue;
            }

            CopyTree(dir, Path.Combine(target, name));
        }
    }
}
