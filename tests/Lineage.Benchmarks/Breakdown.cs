using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using Lineage.Core.Hashing;
using Lineage.Core.Yaml;
using YamlDotNet.Core;

namespace Lineage.Benchmarks;

/// <summary>
/// A Stopwatch breakdown of the core path on one file: the first (cold, JIT included) run of the whole path,
/// then the median of N warm runs of each stage. YamlDotNet's parser is timed on its own; the composer is
/// reached by reflection (it is internal), so "compose" minus "parse" is our composer's share and "load" minus
/// "compose" is the constructor's. Wall-clock medians are reported with the process CPU time (all threads,
/// GC included), which is the steadier figure on a shared machine.
/// </summary>
internal static class Breakdown
{
    public static int Run(string path, int iterations, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var size = new FileInfo(path).Length;

        var cold = Stopwatch.StartNew();
        var count = FullPath(path);
        cold.Stop();

        var text = PyYaml.ReadFile(path);
        var circuits = Circuits.Of(PyYaml.Load(text, path), path);
        var stripped = new List<PyDict>(circuits.Count);
        foreach (var c in circuits)
        {
            var copy = c.Copy();
            copy.Remove(ConfigHash.MetadataKey);
            stripped.Add(copy);
        }

        var canonical = new List<string>(stripped.Count);
        foreach (var c in stripped)
        {
            canonical.Add(PyYaml.Dump(c, sortKeys: true));
        }

        var compose = FindComposer();
        var options = YamlLoadOptions.Default;

        output.WriteLine(string.Format(inv, "file: {0} ({1:N0} bytes, {2:N0} circuits)", path, size, count));
        output.WriteLine(string.Format(inv, "runtime: {0}, {1} cores, server GC {2}", Environment.Version, Environment.ProcessorCount, System.Runtime.GCSettings.IsServerGC));
        output.WriteLine(string.Format(inv, "cold first run of read+load+hash (JIT included): {0,8:F1} ms", cold.Elapsed.TotalMilliseconds));
        output.WriteLine(string.Format(inv, "warm medians of {0} runs:", iterations));

        var full = Measure("read + load + hash all (whole core path)", iterations, output, () => FullPath(path));
        Measure("  read file (I/O + strict UTF-8)", iterations, output, () => PyYaml.ReadFile(path).Length);
        var parse = Measure("  YamlDotNet parser alone (all events)", iterations, output, () => ParseOnly(text));
        double? composed = null;
        if (compose is not null)
        {
            composed = Measure("  compose (char checks + parser + our composer)", iterations, output, () => compose.Invoke(null, new object[] { text, options }) is null ? 0 : 1);
        }

        var load = Measure("  load (compose + our constructor)", iterations, output, () => PyYaml.Load(text, path) is null ? 0 : 1);
        Measure("  hash all (copy + dump + md5)", iterations, output, () =>
        {
            var n = 0;
            foreach (var c in circuits)
            {
                n += ConfigHash.Compute(c, path).Hash.Length;
            }

            return n;
        });
        var dump = Measure("    dump all (yaml.dump, sort_keys)", iterations, output, () =>
        {
            var n = 0;
            foreach (var c in stripped)
            {
                n += PyYaml.Dump(c, sortKeys: true).Length;
            }

            return n;
        });
        var md5 = Measure("    md5 all (UTF-8 + MD5 + hex)", iterations, output, () =>
        {
            var n = 0;
            foreach (var s in canonical)
            {
                n += ConfigHash.Md5Prefix(s).Length;
            }

            return n;
        });

        output.WriteLine("shares of the whole path:");
        Share(output, "YamlDotNet parser", parse, full);
        if (composed is not null)
        {
            Share(output, "our composer + reader checks", composed.Value - parse, full);
            Share(output, "our constructor", load - composed.Value, full);
        }
        else
        {
            Share(output, "our composer + constructor", load - parse, full);
        }

        Share(output, "our dumper", dump, full);
        Share(output, "md5", md5, full);
        return 0;
    }

    private static int FullPath(string path)
    {
        var circuits = Circuits.Of(PyYaml.Load(PyYaml.ReadFile(path), path), path);
        var n = 0;
        foreach (var c in circuits)
        {
            n += ConfigHash.Compute(c, path).Hash.Length > 0 ? 1 : 0;
        }

        return n;
    }

    private static int ParseOnly(string text)
    {
        var parser = new Parser(new StringReader(text));
        var n = 0;
        while (parser.MoveNext())
        {
            n++;
        }

        return n;
    }

    private static MethodInfo? FindComposer()
    {
        var type = typeof(PyYaml).Assembly.GetType("Lineage.Core.Yaml.YamlComposer");
        return type?.GetMethod("Compose", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, new[] { typeof(string), typeof(YamlLoadOptions) }, null);
    }

    private static double Measure(string label, int iterations, TextWriter output, Func<int> action)
    {
        action();
        var times = new double[iterations];
        var cpu = new double[iterations];
        long allocated = 0;
        var gen0 = GC.CollectionCount(0);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < iterations; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            sw.Stop();
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        Array.Sort(cpu);
        var median = times[iterations / 2];
        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "  {0,-48} {1,8:F1} ms  (min {2,7:F1}, cpu {3,7:F1} ms, alloc {4,7:F1} MB, gen0 {5,3})",
            label,
            median,
            times[0],
            cpu[iterations / 2],
            allocated / (double)iterations / (1024 * 1024),
            (GC.CollectionCount(0) - gen0) / iterations));
        return median;
    }

    private static void Share(TextWriter output, string label, double part, double whole) =>
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-32} {1,7:F1} ms  {2,5:F1} %", label, part, 100 * part / whole));
}
