using System;
using System.IO;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Lineage.Core.Hashing;
using Lineage.Core.Yaml;

namespace Lineage.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- --filter '*'</c>: the BenchmarkDotNet suite (any BenchmarkDotNet arguments).
/// <c>dotnet run -c Release -- breakdown [circuits.yaml] [--iterations N]</c>: a quick Stopwatch breakdown by stage.
/// <c>dotnet run -c Release -- generator [circuits.yaml] [--iterations N]</c>: source generator times on a 1,000-circuit
/// catalog (first generation, cached re-run after an unrelated edit, re-run after a catalog edit).
/// <c>dotnet run -c Release -- registry-resolve [--circuits N] [--versions-per-circuit M] [--iterations K]</c>: release
/// resolution of N circuits against a registry of N x M versions (seeded once under artifacts/bench/).
/// <c>dotnet run -c Release -- drift &lt;dir&gt; [--runs N]</c>: KS and PSI on the data of build/bench-drift.sh, timed in-process.
/// <c>Lineage.Benchmarks circuits hash &lt;circuits.yaml&gt; [--json]</c>: a stand-in for <c>lineage circuits hash</c>
/// that calls Lineage.Core the same way and prints what build/bench/python_reference.py prints
/// (<c>&lt;hash&gt;  &lt;plant_id&gt;_&lt;circuit_id&gt;</c> lines, or JSON), so build/bench.sh can compare and time the
/// core path as a process before the CLI exists (<c>LINEAGE_CMD="dotnet .../Lineage.Benchmarks.dll"</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "breakdown")
        {
            string? path = null;
            var iterations = 10;
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == "--iterations" && i + 1 < args.Length)
                {
                    iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    path = args[i];
                }
            }

            return Breakdown.Run(BenchFile.Resolve(path), iterations, Console.Out);
        }

        if (args.Length > 1 && args[0] == "drift")
        {
            return DriftBench.Run(args, Console.Out);
        }

        if (args.Length > 0 && args[0] == "registry-resolve")
        {
            return RegistryBench.Run(args, Console.Out);
        }

        if (args.Length > 0 && args[0] == "generator")
        {
            string? path = null;
            var iterations = 20;
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == "--iterations" && i + 1 < args.Length)
                {
                    iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    path = args[i];
                }
            }

            return GeneratorTiming.Run(BenchFile.Resolve(path, count: 1000), iterations, Console.Out);
        }

        if (args.Length >= 3 && args[0] == "circuits" && args[1] == "hash")
        {
            return HashCommand.Run(args[2], json: Array.IndexOf(args, "--json") > 2);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

internal static class HashCommand
{
    public static int Run(string path, bool json)
    {
        var circuits = Circuits.Of(PyYaml.Load(PyYaml.ReadFile(path), path), path);
        using var stdout = Console.OpenStandardOutput();
        if (json)
        {
            using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
            writer.WriteStartArray();
            foreach (var circuit in circuits)
            {
                writer.WriteStartObject();
                writer.WriteString("plant_id", Circuits.Id(circuit, "plant_id"));
                writer.WriteString("circuit_id", Circuits.Id(circuit, "circuit_id"));
                writer.WriteString("config_hash", ConfigHash.Compute(circuit, path).Hash);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.Flush();
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            using var writer = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16);
            foreach (var circuit in circuits)
            {
                writer.Write(ConfigHash.Compute(circuit, path).Hash);
                writer.Write("  ");
                writer.Write(Circuits.Name(circuit));
                writer.Write('\n');
            }
        }

        return 0;
    }
}
