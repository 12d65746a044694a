using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Lineage.Retraining.Drift;

namespace Lineage.Benchmarks;

/// <summary>
/// <c>drift &lt;dir&gt; [--runs N]</c>: the computation-only side of build/bench-drift.sh. Loads the raw float64 files
/// build/bench/drift_data.py wrote (not timed), then times the two-sample KS test and PSI per feature as the CLI runs
/// them (copy, sort each sample once, both statistics from the sorted data), best of N, and prints JSON shaped like
/// build/bench/drift_python.py's so the script can compare values and times.
/// </summary>
internal static class DriftBench
{
    private static readonly string[] Features = { "same", "small", "shifted", "integers" };

    public static int Run(string[] args, TextWriter output)
    {
        var directory = args[1];
        var runs = 5;
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length)
            {
                runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
        }

        var options = new DriftOptions();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var name in Features)
            {
                var reference = Load(Path.Combine(directory, name + ".ref.f64"));
                var current = Load(Path.Combine(directory, name + ".cur.f64"));
                FeatureDrift? result = null;
                double best = double.MaxValue, bestCpu = double.MaxValue;
                for (var r = 0; r < runs; r++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    result = DriftDetector.CompareValues(name, reference, current, options);
                    best = Math.Min(best, watch.Elapsed.TotalSeconds);
                    bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                }

                json.WriteStartObject(name);
                json.WriteNumber("ks_statistic", result!.Ks.Statistic);
                json.WriteNumber("ks_pvalue", result.Ks.PValue);
                json.WriteNumber("psi", result.Psi);
                json.WriteNumber("seconds", best);
                json.WriteNumber("cpu_seconds", bestCpu);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        return 0;
    }

    private static double[] Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
