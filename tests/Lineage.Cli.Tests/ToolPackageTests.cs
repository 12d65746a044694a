using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary>The packed dotnet tool, installed the way users install it, from a private feed and cache.</summary>
[TestClass]
public sealed class ToolPackageTests
{
    [TestMethod]
    [DoNotParallelize]
    public void Packed_tool_installs_and_runs()
    {
        using var dir = new TempDirectory();
        var feed = dir["feed"];
        var tools = dir["tools"];
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

        // The tool is RID-specific (see Lineage.Cli.csproj): one small package that points to the others, a Native AOT
        // package for linux-x64 and a framework-dependent one ("any") for every other platform. The pointer is packed
        // from what the tests already built (--no-build: rebuilding here would replace the lineage.dll that other
        // tests are running); the RID packages build into their own bin/<config>/net10.0/<rid>/ folders.
        var project = Path.Combine(TestEnvironment.CliProjectDirectory, "Lineage.Cli.csproj");
        var packs = new List<string[]> { new[] { "--no-build" }, new[] { "-r", "any" } };
        if (NativeRid is not null)
        {
            packs.Add(new[] { "-r", NativeRid });
        }

        foreach (var extra in packs)
        {
            var args = new List<string> { "pack", project };
            args.AddRange(extra);
            args.AddRange(new[] { "-c", TestEnvironment.Configuration, "-o", feed, "-p:PackageVersion=" + version });
            var pack = Dotnet(dir.Path, null, args.ToArray());
            Assert.AreEqual(0, pack.ExitCode, pack.ToString());
        }

        Assert.IsTrue(File.Exists(Path.Combine(feed, $"Lineage.Cli.{version}.nupkg")), string.Join(", ", Directory.GetFiles(feed)));
        Assert.IsTrue(File.Exists(Path.Combine(feed, $"Lineage.Cli.any.{version}.nupkg")), string.Join(", ", Directory.GetFiles(feed)));

        // A private package cache and a config that sees only the test feed and the repository's own sources.
        var nugetConfig = dir.Write("nuget.config", NuGetConfig(feed));
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = dir["packages"] };
        var install = Dotnet(
            dir.Path,
            environment,
            "tool",
            "install",
            "Lineage.Cli",
            "--tool-path",
            tools,
            "--version",
            version,
            "--add-source",
            feed,
            "--configfile",
            nugetConfig);
        Assert.AreEqual(0, install.ExitCode, install.ToString());

        var lineage = Path.Combine(tools, OperatingSystem.IsWindows() ? "lineage.exe" : "lineage");
        var run = new Dictionary<string, string?>
        {
            // The tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not installed globally.
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(TestEnvironment.DotNet)),
        };
        var help = ProcessRunner.Run(lineage, new[] { "--help" }, dir.Path, run);
        Assert.AreEqual(0, help.ExitCode, help.ToString());
        StringAssert.Contains(help.StdOut, "lineage [command] [options]");

        if (NativeRid is not null)
        {
            // On linux-x64 the install picks the Native AOT package: a native executable, no lineage.dll.
            var target = new FileInfo(lineage).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? lineage;
            StringAssert.Contains(target, Path.Combine("lineage.cli." + NativeRid, version));
            Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(target)!, "lineage.dll")), target);
        }

        var installed = ProcessRunner.Run(lineage, new[] { "circuits", "hash", TestEnvironment.SampleCatalog }, dir.Path, run);
        var built = ProcessRunner.Lineage(dir.Path, "circuits", "hash", TestEnvironment.SampleCatalog);
        Assert.AreEqual(0, installed.ExitCode, installed.ToString());
        Assert.AreEqual(built.StdOut, installed.StdOut);
        StringAssert.Contains(installed.StdOut, "plant001-circuit01");

        // The registry commands load Lineage.Runtime and NuGet.Versioning: they must ship in the tool too.
        File.WriteAllText(dir["model.bin"], "weights");
        var registry = new Dictionary<string, string?>(run) { ["LINEAGE_REGISTRY"] = dir["registry"] };
        var promote = ProcessRunner.Run(lineage, new[] { "registry", "promote", "--model-name", "m", "--model-path", "model.bin", "--config-hash", "h" }, dir.Path, registry);
        Assert.AreEqual(0, promote.ExitCode, promote.ToString());
        var verify = ProcessRunner.Run(lineage, new[] { "registry", "verify" }, dir.Path, registry);
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.StdOut, "registry OK: 1 models, 1 versions");
    }

    // The platforms Lineage.Cli.csproj packs natively (ToolPackageRuntimeIdentifiers besides "any").
    private static string? NativeRid =>
        OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64
            ? "linux-x64"
            : null;

    private static string NuGetConfig(string feed)
    {
        var repoConfig = XDocument.Load(Path.Combine(TestEnvironment.RepoRoot, "nuget.config"));
        var sources = repoConfig.Root!.Element("packageSources")?.Elements("add").ToList() ?? new List<XElement>();
        var config = new XElement(
            "configuration",
            new XElement(
                "packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "lineage-test-feed"), new XAttribute("value", feed)),
                sources.Select(s => new XElement(s))));
        return new XDocument(config).ToString();
    }

    private static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        ProcessRunner.Run(TestEnvironment.DotNet, args, workingDirectory, environment, TimeSpan.FromMinutes(5));
}
