using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Drift;

/// <summary>
/// Runs <c>drift_reference.py</c> with the Python of <c>LINEAGE_PYTHON</c> (build/test.sh sets it from build/setup.sh),
/// else <c>python3</c>. A missing interpreter, SciPy or NumPy fails the test loudly: it is never skipped.
/// </summary>
internal static class DriftPython
{
    public const string InstallHint =
        "The drift differential test compares Lineage with SciPy 1.10 and NumPy: `apt-get install -y python3-scipy python3-numpy` " +
        "(Debian/Ubuntu; build/setup.sh does it) and point LINEAGE_PYTHON at that interpreter (usually /usr/bin/python3) " +
        "if the `python3` on PATH lacks them.";

    private static readonly object Gate = new();
    private static string? _versions;

    public static string Executable =>
        Environment.GetEnvironmentVariable("LINEAGE_PYTHON") is { Length: > 0 } custom ? custom : "python3";

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Drift", "drift_reference.py");

    /// <summary>Checks that Python imports SciPy and NumPy; returns their versions.</summary>
    public static string Require()
    {
        lock (Gate)
        {
            if (_versions is not null)
            {
                return _versions;
            }

            if (!File.Exists(Script))
            {
                Assert.Fail($"drift_reference.py was not copied next to the test binary ({Script}).");
            }

            (int Code, string Out, string Err) check;
            try
            {
                check = Run(new[] { Script, "--check" }, TimeSpan.FromSeconds(60));
            }
            catch (Win32Exception ex)
            {
                Assert.Fail($"Cannot start Python '{Executable}': {ex.Message}. {InstallHint}");
                throw;
            }

            if (check.Code != 0)
            {
                Assert.Fail($"'{Executable}' cannot import scipy and numpy (exit code {check.Code}): {check.Err.Trim()}\n{InstallHint}");
            }

            _versions = check.Out.Trim();
            return _versions;
        }
    }

    /// <summary>Runs the reference on a cases file and returns the output file's bytes.</summary>
    public static byte[] Evaluate(string casesPath, string outputPath)
    {
        var result = Run(new[] { Script, casesPath, outputPath }, TimeSpan.FromMinutes(5));
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"drift_reference.py exited with {result.Code}:\n{result.Err}");
        }

        return File.ReadAllBytes(outputPath);
    }

    private static (int Code, string Out, string Err) Run(string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {Executable}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} {string.Join(" ", args)} did not finish within {timeout}");
        }

        Task.WaitAll(stdout, stderr);
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
