using System;
using System.Diagnostics;
using System.IO;

namespace Lineage.Benchmarks;

/// <summary>
/// Finds the circuits.yaml to benchmark: <c>$LINEAGE_BENCH_CIRCUITS</c> when set, otherwise
/// <c>artifacts/bench/circuits-10000-42-standard.yaml</c> under the repository root, generated on first use with
/// <c>build/bench/generate_circuits.py</c> (10,000 circuits, seed 42, standard profile: the same file build/bench.sh times).
/// </summary>
internal static class BenchFile
{
    public const string EnvironmentVariable = "LINEAGE_BENCH_CIRCUITS";

    public static string Resolve(string? explicitPath = null, int count = 10000)
    {
        // The environment variable names the 10,000-circuit file; other sizes are asked for by their commands.
        var path = explicitPath ?? (count == 10000 ? Environment.GetEnvironmentVariable(EnvironmentVariable) : null);
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"benchmark input not found: {path}", path);
            }

            return Path.GetFullPath(path);
        }

        var root = FindRepositoryRoot();
        var file = Path.Combine(root, "artifacts", "bench", $"circuits-{count}-42-standard.yaml");
        if (!File.Exists(file))
        {
            Generate(root, file, count);
        }

        return file;
    }

    public static string RepoRoot() => FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Lineage.Build.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"cannot find the repository root (Lineage.Build.sln); set {EnvironmentVariable} to a circuits.yaml");
    }

    private static void Generate(string root, string file, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var script = Path.Combine(root, "build", "bench", "generate_circuits.py");
        var temp = file + ".tmp";
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("PYTHON") ?? "python3")
        {
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--count");
        info.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--seed");
        info.ArgumentList.Add("42");
        info.ArgumentList.Add("--profile");
        info.ArgumentList.Add("standard");
        info.ArgumentList.Add("--out");
        info.ArgumentList.Add(temp);
        Console.Error.WriteLine($"generating {file} with {script}");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start python3");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}; set {EnvironmentVariable} to a circuits.yaml");
        }

        File.Move(temp, file, overwrite: true);
    }
}
