using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Lineage.Core.Circuits;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Build.Tasks.Tests;

/// <summary>
/// The packed Lineage.Build package in the bundled training-repo sample, built with <c>dotnet build</c> as a child
/// process: outputs, the generated types, incremental behaviour, errors, CI identity and multi-targeting.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    private const string GenerateSkipped = "Skipping target \"_LineageGenerateCore\" because all output files are up-to-date";

    [TestMethod]
    public void Sample_build_writes_configs_manifests_and_items()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);

        var build = PackedPackage.Build(repo, null, "-t:Build;ListCircuits");
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var catalog = CircuitCatalog.Load(Path.Combine(repo, "config", "circuits.yaml"));
        Assert.IsFalse(catalog.HasErrors);
        var manifestPath = Path.Combine(repo, "obj", "Debug", "net10.0", "lineage-manifest.json");
        var manifest = File.ReadAllText(manifestPath);
        Assert.AreEqual(manifest, File.ReadAllText(Path.Combine(repo, "artifacts", "lineage-manifest.json")));
        ManifestSchema.AssertValid(manifest);

        using var json = JsonDocument.Parse(manifest);
        var circuits = json.RootElement.GetProperty("circuits").EnumerateArray().ToList();
        Assert.HasCount(catalog.Circuits.Count, circuits);
        Assert.AreEqual("TrainingRepo", json.RootElement.GetProperty("project").GetString());
        foreach (var (expected, actual) in catalog.Circuits.Zip(circuits))
        {
            Assert.AreEqual(expected.ModelName, actual.GetProperty("model_name").GetString());
            Assert.AreEqual(expected.ConfigHash, actual.GetProperty("config_hash").GetString());
            var file = Path.Combine(repo, actual.GetProperty("config_file").GetString()!);
            StringAssert.Contains(File.ReadAllText(file), "config_hash: " + expected.ConfigHash);

            // The user's own target sees @(LineageCircuit) with its metadata.
            StringAssert.Contains(build.StdOut, $"{expected.ModelName}: config hash {expected.ConfigHash} -> {Path.Combine(repo, "config", "circuits", expected.FileName)}");
        }

        var study = json.RootElement.GetProperty("studies")[0];
        var load = (string name) => Lineage.Core.Yaml.PyYaml.Load(File.ReadAllText(Path.Combine(repo, "config", "hpo", name)));
        var keys = Lineage.Core.Study.HpoKeys.ComputeAll(load("data.yaml"), load("hpo.yaml"), load("train.yaml"), "distilbert-base-uncased");
        Assert.AreEqual("failure-mode-classifier", study.GetProperty("name").GetString());
        Assert.AreEqual(keys.StudyKeyHash, study.GetProperty("study_key_hash").GetString());
        Assert.AreEqual(keys.FamilyHash, study.GetProperty("family_hash").GetString());
        StringAssert.Contains(build.StdOut, "study failure-mode-classifier: study key hash " + keys.StudyKeyHash);

        Assert.DoesNotContain("warning", build.StdOut.ToLowerInvariant().Replace("0 warning(s)", string.Empty), build.ToString());

        // Program.cs uses the types the package's source generator made from the same catalog: it prints, from the
        // generated constants, exactly what the task wrote into the manifest.
        var run = PackedPackage.Dotnet(repo, null, Path.Combine(repo, "bin", "Debug", "net10.0", "TrainingRepo.dll"));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var printed = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var recorded = circuits
            .Select(c => $"{c.GetProperty("model_name").GetString()} {c.GetProperty("config_hash").GetString()} {c.GetProperty("cutoff_date").GetString()}")
            .ToList();
        CollectionAssert.AreEqual(recorded, printed.Take(recorded.Count).ToList(), run.StdOut);
        Assert.AreEqual($"plant001-circuit01: mill_power_kw, 24 h ahead, tagged config_hash={catalog.Circuits[0].ConfigHash}", printed[recorded.Count]);
        Assert.AreEqual($"study failure-mode-classifier: code.study_key_hash={keys.StudyKeyHash} family {keys.FamilyHash}", printed[recorded.Count + 1], "the generated study record holds the manifest's keys");
    }

    [TestMethod]
    public void Builds_are_incremental()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        var first = PackedPackage.Build(repo);
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        var before = Snapshot(repo);

        // Nothing changed: the generation is skipped and no file is touched.
        var noop = PackedPackage.Build(repo, null, "-t:Build;ListCircuits");
        Assert.AreEqual(0, noop.ExitCode, noop.ToString());
        StringAssert.Contains(noop.StdOut, GenerateSkipped);
        AssertUnchanged(before, Snapshot(repo), except: Array.Empty<string>());
        StringAssert.Contains(noop.StdOut, "plant001-circuit01: config hash", "items must be there when generation is skipped");

        // One circuit edited: its file and the manifests are rewritten, no other circuit file.
        var catalogPath = Path.Combine(repo, "config", "circuits.yaml");
        File.WriteAllText(catalogPath, File.ReadAllText(catalogPath).Replace("Ball mill 2 power draw forecast", "Ball mill 2 power draw forecast, v2"));
        var edited = PackedPackage.Build(repo);
        Assert.AreEqual(0, edited.ExitCode, edited.ToString());
        var after = Snapshot(repo);
        var changed = before.Keys.Where(k => after.TryGetValue(k, out var a) && a != before[k]).ToList();
        CollectionAssert.AreEquivalent(
            new[]
            {
                Path.Combine("config", "circuits", "PLANT001_CIRCUIT02.yaml"),
                Path.Combine("artifacts", "lineage-manifest.json"),
                Path.Combine("obj", "Debug", "net10.0", "lineage-manifest.json"),
                Path.Combine("obj", "Debug", "net10.0", "lineage", "LineageCircuits.g.props"),
                Path.Combine("config", "circuits.yaml"),
            },
            changed,
            string.Join("\n", changed));

        // A study config edited: the manifests change, no circuit file does.
        before = after;
        var hpoPath = Path.Combine(repo, "config", "hpo", "hpo.yaml");
        File.WriteAllText(hpoPath, File.ReadAllText(hpoPath).Replace("min_trials: 5", "min_trials: 6"));
        var studyEdited = PackedPackage.Build(repo);
        Assert.AreEqual(0, studyEdited.ExitCode, studyEdited.ToString());
        after = Snapshot(repo);
        changed = before.Keys.Where(k => after.TryGetValue(k, out var a) && a != before[k]).ToList();
        CollectionAssert.AreEquivalent(
            new[]
            {
                Path.Combine("config", "hpo", "hpo.yaml"),
                Path.Combine("artifacts", "lineage-manifest.json"),
                Path.Combine("obj", "Debug", "net10.0", "lineage-manifest.json"),
                Path.Combine("obj", "Debug", "net10.0", "lineage", "LineageCircuits.g.props"),
            },
            changed,
            string.Join("\n", changed));

        // A deleted output comes back on the next build.
        var deleted = Path.Combine(repo, "config", "circuits", "PLANT003_CIRCUIT02.yaml");
        var content = File.ReadAllText(deleted);
        File.Delete(deleted);
        var restored = PackedPackage.Build(repo);
        Assert.AreEqual(0, restored.ExitCode, restored.ToString());
        // Same circuit and hash; only generated_at is the time of the new write.
        static string WithoutTimestamp(string text) => System.Text.RegularExpressions.Regex.Replace(text, "generated_at: '[^']*'", "generated_at: ''");
        Assert.AreEqual(WithoutTimestamp(content), WithoutTimestamp(File.ReadAllText(deleted)));
    }

    [TestMethod]
    public void A_broken_catalog_fails_the_build_and_loses_nothing()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        Assert.AreEqual(0, PackedPackage.Build(repo).ExitCode);
        var before = Snapshot(repo);

        var catalogPath = Path.Combine(repo, "config", "circuits.yaml");
        var lines = File.ReadAllLines(catalogPath).ToList();
        var line = lines.FindIndex(l => l.Contains("Ball mill 2 power draw forecast", StringComparison.Ordinal));
        lines[line] = "    description: [unclosed";
        File.WriteAllLines(catalogPath, lines);

        var broken = PackedPackage.Build(repo);
        Assert.AreNotEqual(0, broken.ExitCode, broken.ToString());
        StringAssert.Matches(broken.StdOut, new System.Text.RegularExpressions.Regex(@"circuits\.yaml\(\d+,\d+\): error LIN0001: "));
        AssertUnchanged(before, Snapshot(repo), except: new[] { Path.Combine("config", "circuits.yaml") });
    }

    [TestMethod]
    public void Duplicate_ids_fail_a_fresh_build_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        var catalogPath = Path.Combine(repo, "config", "circuits.yaml");
        File.WriteAllText(catalogPath, File.ReadAllText(catalogPath).Replace("circuit_id: CIRCUIT02", "circuit_id: CIRCUIT01"));

        var build = PackedPackage.Build(repo);

        Assert.AreNotEqual(0, build.ExitCode, build.ToString());
        StringAssert.Contains(build.StdOut, $"{catalogPath}(52,5): error LIN0102: duplicate circuit: plant_id 'PLANT001' / circuit_id 'CIRCUIT01' is already defined at line 36");
        Assert.IsFalse(Directory.Exists(Path.Combine(repo, "config", "circuits")));
        Assert.IsFalse(Directory.Exists(Path.Combine(repo, "artifacts")));
        Assert.IsFalse(File.Exists(Path.Combine(repo, "obj", "Debug", "net10.0", "lineage-manifest.json")));
    }

    [TestMethod]
    public void Disabled_does_nothing()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        // The sample's own Program.cs uses the generated types; this one reports whether there are any.
        File.WriteAllText(
            Path.Combine(repo, "Program.cs"),
            "Console.WriteLine(typeof(Program).Assembly.GetType(\"TrainingRepo.Circuits\") is null && typeof(Program).Assembly.GetType(\"TrainingRepo.LineageTags\") is null ? \"no generated types\" : \"generated\");");

        var build = PackedPackage.Build(repo, null, "-p:LineageEnabled=false");

        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(repo, "config", "circuits")));
        Assert.IsFalse(Directory.Exists(Path.Combine(repo, "artifacts")));
        Assert.IsFalse(Directory.Exists(Path.Combine(repo, "obj", "Debug", "net10.0", "lineage")));
        var run = PackedPackage.Dotnet(repo, null, Path.Combine(repo, "bin", "Debug", "net10.0", "TrainingRepo.dll"));
        Assert.AreEqual("no generated types", run.StdOut.Trim(), run.ToString());
    }

    [TestMethod]
    public void Manifest_records_commit_and_ci_run_and_follows_new_commits()
    {
        if (TestEnvironment.Git is null)
        {
            Assert.Inconclusive("git is not installed");
        }

        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir);
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "first");
        var ci = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_RUN_ID"] = "987654",
            ["GITHUB_RUN_NUMBER"] = "12",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_WORKFLOW"] = "train",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "contoso/training",
            ["GITHUB_SHA"] = "ffffffffffffffffffffffffffffffffffffffff",
        };

        var build = PackedPackage.Build(repo, ci);
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var manifestPath = Path.Combine(repo, "artifacts", "lineage-manifest.json");
        ManifestSchema.AssertValidFile(manifestPath);
        using (var json = JsonDocument.Parse(File.ReadAllText(manifestPath)))
        {
            Assert.AreEqual(Git(repo, "rev-parse", "HEAD"), json.RootElement.GetProperty("git_commit").GetString());
            var run = json.RootElement.GetProperty("ci");
            Assert.AreEqual("github-actions", run.GetProperty("provider").GetString());
            Assert.AreEqual("https://github.com/contoso/training/actions/runs/987654", run.GetProperty("url").GetString());
            Assert.AreEqual("github-actions-987654", json.RootElement.GetProperty("circuits")[0].GetProperty("tags").GetProperty("training_job").GetString());
        }

        // A new commit with no config change still refreshes the commit in the manifest.
        File.AppendAllText(Path.Combine(repo, "Program.cs"), "// touched\n");
        Git(repo, "commit", "-q", "-am", "second");
        var again = PackedPackage.Build(repo, ci);
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        using (var json = JsonDocument.Parse(File.ReadAllText(manifestPath)))
        {
            Assert.AreEqual(Git(repo, "rev-parse", "HEAD"), json.RootElement.GetProperty("git_commit").GetString());
        }

        // A new CI run does too.
        ci["GITHUB_RUN_ID"] = "987655";
        Assert.AreEqual(0, PackedPackage.Build(repo, ci).ExitCode);
        StringAssert.Contains(File.ReadAllText(manifestPath), "\"training_job\": \"github-actions-987655\"");
    }

    [TestMethod]
    public void Multi_targeted_projects_get_the_targets_in_every_build()
    {
        using var dir = new TempDirectory();
        var repo = PackedPackage.CopySample(dir, withPublicFeed: true);
        var project = Path.Combine(repo, "TrainingRepo.csproj");
        File.WriteAllText(project, File.ReadAllText(project)
            .Replace("<OutputType>Exe</OutputType>", string.Empty)
            .Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks><LangVersion>latest</LangVersion>"));
        File.Delete(Path.Combine(repo, "Program.cs"));

        var build = PackedPackage.Build(repo);
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        foreach (var tfm in new[] { "net10.0", "netstandard2.0" })
        {
            ManifestSchema.AssertValidFile(Path.Combine(repo, "obj", "Debug", tfm, "lineage-manifest.json"));
        }

        // The outer build has the targets too (no MSB4057 "target does not exist").
        var outer = PackedPackage.Dotnet(repo, null, "msbuild", "-t:LineageGenerate", "-nodeReuse:false", "-p:LineageBuildVersion=" + PackedPackage.Version);
        Assert.AreEqual(0, outer.ExitCode, outer.ToString());
        Assert.AreEqual(7, Directory.GetFiles(Path.Combine(repo, "config", "circuits"), "*.yaml").Length);
    }

    private static Dictionary<string, (DateTime Time, long Length)> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            // bin/ and obj/ belong to the compiler and NuGet; only Lineage's own files in obj are watched.
            .Where(f => !(f.StartsWith("bin", StringComparison.Ordinal) || f.StartsWith("obj", StringComparison.Ordinal)) || f.Contains("lineage", StringComparison.Ordinal))
            .Where(f => !f.StartsWith(".git", StringComparison.Ordinal))
            .ToDictionary(f => f, f => (File.GetLastWriteTimeUtc(Path.Combine(root, f)), new FileInfo(Path.Combine(root, f)).Length));

    private static void AssertUnchanged(
        Dictionary<string, (DateTime Time, long Length)> before,
        Dictionary<string, (DateTime Time, long Length)> after,
        string[] except)
    {
        CollectionAssert.AreEquivalent(before.Keys.ToList(), after.Keys.ToList(), "files appeared or disappeared");
        var changed = before.Keys.Where(k => !except.Contains(k) && after[k] != before[k]).ToList();
        Assert.IsEmpty(changed, "touched: " + string.Join(", ", changed));
    }

    private static string Git(string repo, params string[] args)
    {
        var all = new List<string> { "-c", "user.name=Lineage Tests", "-c", "user.email=tests@lineage.invalid", "-c", "commit.gpgsign=false" };
        all.AddRange(args);
        var result = ProcessRunner.Run(TestEnvironment.Git!, all, repo);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return result.StdOut.Trim();
    }
}
