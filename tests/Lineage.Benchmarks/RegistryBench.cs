using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Lineage.Registry;
using Lineage.Release;

namespace Lineage.Benchmarks;

/// <summary>
/// Issue 5, "Speed": release resolution of 10,000 circuits against a registry of 100,000 versions, goal under 1 s.
/// Seeds the registry once (version folders with metadata.json, per-model index and latest, written by the
/// registry's own serializer but without the lock and fsyncs of promote, which would take minutes), then times
/// <see cref="ReleaseResolver.Resolve"/> and <see cref="ReleaseResolver.Plan"/> in-process. The CLI end to end:
/// <c>lineage registry resolve --registry &lt;dir&gt;/registry --manifest &lt;dir&gt;/lineage-manifest.json --json</c>.
/// </summary>
internal static class RegistryBench
{
    public static int Run(string[] args, TextWriter output)
    {
        var circuits = Option(args, "--circuits", 10_000);
        var perCircuit = Option(args, "--versions-per-circuit", 10);
        var iterations = Option(args, "--iterations", 5);
        var root = Path.Combine(BenchFile.RepoRoot(), "artifacts", "bench", $"registry-{circuits}x{perCircuit}");
        var seed = Stopwatch.StartNew();
        var seeded = Seed(root, circuits, perCircuit);
        output.WriteLine(seeded ? $"seeded {circuits * perCircuit:N0} versions of {circuits:N0} models in {seed.Elapsed.TotalSeconds:0.0} s under {root}" : $"using {root}");

        var registry = new FileSystemRegistry(Path.Combine(root, "registry"));
        var manifestPath = Path.Combine(root, "lineage-manifest.json");
        // Wall clock and this process's CPU time: on a machine shared with other builds the CPU time is the steadier figure.
        var times = new Dictionary<string, List<(double Wall, double Cpu)>> { ["resolve"] = new(), ["resolve --production"] = new(), ["plan"] = new() };
        ReleaseResolution? last = null;
        for (var i = 0; i < iterations; i++)
        {
            times["resolve"].Add(Time(() => last = ReleaseResolver.Resolve(registry, ManifestFile.Read(manifestPath), production: false)));
            times["resolve --production"].Add(Time(() => ReleaseResolver.Resolve(registry, ManifestFile.Read(manifestPath), production: true)));
            times["plan"].Add(Time(() => ReleaseResolver.Plan(registry, ManifestFile.Read(manifestPath))));
        }

        output.WriteLine($"{circuits:N0} circuits, {circuits * perCircuit:N0} versions: {last!.Found.Count:N0} found, {last.Missing.Count:N0} missing");
        if (args.Contains("--breakdown"))
        {
            // Where the time goes: the manifest, the index files' bytes, their parsing.
            var manifest = ManifestFile.Read(manifestPath);
            var files = manifest.Circuits.Select(c => Path.Combine(root, "registry", FileSystemRegistry.IndexFolder, c.ModelName + ".json")).ToList();
            var bytes = new byte[files.Count][];
            for (var i = 0; i < iterations; i++)
            {
                var read = Time(() => ManifestFile.Read(manifestPath));
                var io = Time(() => { for (var f = 0; f < files.Count; f++) { bytes[f] = File.ReadAllBytes(files[f]); } });
                var parse = Time(() => { for (var f = 0; f < files.Count; f++) { RegistryJson.ReadIndex(bytes[f], manifest.Circuits[f].ModelName, files[f]); } });
                var attrs = Time(() => { for (var f = 0; f < files.Count; f++) { File.GetAttributes(files[f]); } });
                var find = Time(() => { for (var f = 0; f < files.Count; f++) { registry.FindVersions(manifest.Circuits[f].ModelName); } });
                output.WriteLine($"attributes {attrs.Cpu * 1000:0} ms CPU, FindVersions {find.Wall * 1000:0} ms wall / {find.Cpu * 1000:0} ms CPU");
                output.WriteLine($"manifest {read.Cpu * 1000:0} ms CPU, index bytes {io.Wall * 1000:0} ms wall / {io.Cpu * 1000:0} ms CPU, index parse {parse.Wall * 1000:0} ms wall / {parse.Cpu * 1000:0} ms CPU (one thread)");
            }
        }
        foreach (var (name, list) in times)
        {
            var wall = list.Select(t => t.Wall).OrderBy(t => t).ToList();
            var cpu = list.Select(t => t.Cpu).OrderBy(t => t).ToList();
            output.WriteLine($"{name,-22} first {list[0].Wall * 1000,6:0} ms   median wall {wall[wall.Count / 2] * 1000,6:0} ms   median CPU {cpu[cpu.Count / 2] * 1000,6:0} ms   (manifest read included)");
        }

        return 0;
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        self.Refresh();
        return (clock.Elapsed.TotalSeconds, (self.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static bool Seed(string root, int circuits, int perCircuit)
    {
        var done = Path.Combine(root, ".seeded");
        if (File.Exists(done))
        {
            return false;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var registry = Path.Combine(root, "registry");
        Directory.CreateDirectory(Path.Combine(registry, FileSystemRegistry.IndexFolder));
        Directory.CreateDirectory(Path.Combine(registry, FileSystemRegistry.LatestFolder));
        var model = Path.Combine(root, "model.bin");
        File.WriteAllText(model, "weights");
        var manifest = new StringBuilder("{\"schema_version\": 1, \"generator\": \"bench\", \"project\": \"bench\", \"git_commit\": null, \"ci\": null, \"circuits\": [\n");
        for (var c = 0; c < circuits; c++)
        {
            var plant = $"PLANT{c / 100:D3}";
            var circuit = $"CIRCUIT{c % 100:D2}";
            var name = $"plant{c / 100:D3}-circuit{c % 100:D2}";
            var summaries = new List<VersionSummary>();
            for (var v = 1; v <= perCircuit; v++)
            {
                // Every circuit was retrained with changing configs; 90% have a version with the current hash (v7 and
                // v8 share it), the rest are missing (partial training). Every third circuit's v7 is signed off.
                var hash = Hash(c, v >= 7 && v <= 8 && c % 10 != 0 ? 0 : v);
                var tags = new Dictionary<string, string>
                {
                    ["plant_id"] = plant,
                    ["circuit_id"] = circuit,
                    ["cutoff_date"] = "2025-12-11",
                    ["config_hash"] = hash,
                    ["training_job"] = "github-actions-" + (1000 + v),
                    ["git_commit"] = "f12e6da658e136bbc15050ef44984b9094a48c27",
                    ["ci_run"] = "github-actions-" + (1000 + v),
                };
                if (v == 7 && c % 3 == 0)
                {
                    tags["production_ready"] = "true";
                    tags["signed_off_by"] = "qa";
                }

                var version = new ModelVersion(name, RegistryVersion.FromNumber(v), model, new string('a', 64), 7, "{\"rmse\": 0.3}", tags,
                    Array.Empty<ArtifactRecord>(), null, GateStatus.Pass, false, "bench", "2026-01-01T00:00:00Z");
                var folder = Path.Combine(registry, version.Id);
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(Path.Combine(folder, FileSystemRegistry.MetadataFileName), RegistryJson.Metadata(version));
                summaries.Add(version.ToSummary());
            }

            File.WriteAllBytes(Path.Combine(registry, FileSystemRegistry.IndexFolder, name + ".json"), RegistryJson.Index(name, summaries));
            File.WriteAllText(Path.Combine(registry, FileSystemRegistry.LatestFolder, name), $"{name}_v{perCircuit}\n");
            manifest.Append(c == 0 ? string.Empty : ",\n").Append(
                $"{{\"model_name\": \"{name}\", \"plant_id\": \"{plant}\", \"circuit_id\": \"{circuit}\", \"cutoff_date\": \"2025-12-11\", \"config_hash\": \"{Hash(c, 0)}\", " +
                $"\"config_file\": \"config/circuits/{plant}_{circuit}.yaml\", \"catalog\": \"config/circuits.yaml\", \"tags\": {{\"config_hash\": \"{Hash(c, 0)}\"}}}}");
        }

        manifest.Append("\n]}\n");
        File.WriteAllText(Path.Combine(root, "lineage-manifest.json"), manifest.ToString());
        File.WriteAllText(done, DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        return true;
    }

    private static string Hash(int circuit, int variant) => (((long)circuit * 131) + variant).ToString("x12", CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
