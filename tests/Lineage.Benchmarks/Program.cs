using System;
using System.IO;
using BenchmarkDotNet.Running;

namespace Lineage.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- --filter '*'</c>: the BenchmarkDotNet suite (any BenchmarkDotNet arguments).
/// <c>dotnet run -c Release -- breakdown [circuits.yaml] [--iterations N]</c>: a quick Stopwatch breakdown by stage.
/// <c>dotnet run -c Release -- hash [circuits.yaml]</c>: prints <c>&lt;hash&gt;  &lt;plant_id&gt;_&lt;circuit_id&gt;</c>
/// per circuit, as build/bench/python_reference.py does, to compare hashes without the CLI.
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

        if (args.Length > 0 && args[0] == "hash")
        {
            return HashCommand.Run(BenchFile.Resolve(args.Length > 1 ? args[1] : null), Console.Out);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

internal static class HashCommand
{
    public static int Run(string path, TextWriter output)
    {
        var circuits = Circuits.Of(Lineage.Core.Yaml.PyYaml.Load(Lineage.Core.Yaml.PyYaml.ReadFile(path), path), path);
        var writer = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
        foreach (var circuit in circuits)
        {
            writer.Write(Lineage.Core.Hashing.ConfigHash.Compute(circuit, path).Hash);
            writer.Write("  ");
            writer.Write(Circuits.Name(circuit));
            writer.Write('\n');
        }

        writer.Flush();
        output.Flush();
        return 0;
    }
}
