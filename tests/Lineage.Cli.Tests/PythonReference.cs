using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

/// <summary>
/// The Python oracle: <c>python/reference_circuits.py</c> run by <c>python3</c> (or <c>LINEAGE_PYTHON</c>) with
/// PyYAML. A machine without them fails these tests loudly: skipping would hide a broken differential check.
/// </summary>
internal static class PythonReference
{
    private const string InstallHint =
        "The differential tests need Python 3 with PyYAML. Install them with 'apt-get install python3 python3-yaml' " +
        "or 'python3 -m pip install pyyaml', or point LINEAGE_PYTHON at an interpreter that has PyYAML.";

    private static readonly object Gate = new();
    private static string? _checked;

    /// <summary>The interpreter: <c>LINEAGE_PYTHON</c> when set, else <c>python3</c>.</summary>
    public static string Python =>
        Environment.GetEnvironmentVariable("LINEAGE_PYTHON") is { Length: > 0 } custom ? custom : "python3";

    /// <summary>The oracle script next to the test assembly.</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "python", "reference_circuits.py");

    /// <summary>Runs the oracle script; fails the test with install instructions when Python or PyYAML is missing.</summary>
    public static ProcessResult Run(string workingDirectory, params string[] args)
    {
        EnsureAvailable();
        var all = new List<string> { Script };
        all.AddRange(args);
        var result = ProcessRunner.Run(Python, all, workingDirectory, new Dictionary<string, string?> { ["PYTHONIOENCODING"] = "utf-8" });
        Assert.AreEqual(0, result.ExitCode, "the Python reference failed:\n" + result);
        return result;
    }

    /// <summary>The PyYAML version in use.</summary>
    public static string EnsureAvailable()
    {
        lock (Gate)
        {
            if (_checked is not null)
            {
                return _checked;
            }

            ProcessResult probe;
            try
            {
                probe = ProcessRunner.Run(Python, new[] { "-c", "import yaml, sys; print(yaml.__version__)" }, AppContext.BaseDirectory);
            }
            catch (Win32Exception ex)
            {
                Assert.Fail($"cannot start '{Python}': {ex.Message}. {InstallHint}");
                throw;
            }

            if (probe.ExitCode != 0)
            {
                Assert.Fail($"'{Python}' cannot import PyYAML:\n{probe.StdErr}\n{InstallHint}");
            }

            _checked = probe.StdOut.Trim();
            return _checked;
        }
    }
}
