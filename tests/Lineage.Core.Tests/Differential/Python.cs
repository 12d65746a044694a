using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Lineage.Core.DiffWorker;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Differential;

/// <summary>What Python's reference computed for one text.</summary>
internal sealed class PyResult
{
    public PyResult(bool ok, string? canonical, string? hash, string? error)
    {
        Ok = ok;
        Canonical = canonical;
        Hash = hash;
        Error = error;
    }

    public bool Ok { get; }

    public string? Canonical { get; }

    public string? Hash { get; }

    /// <summary>"ExceptionType: message" when Python raised.</summary>
    public string? Error { get; }

    /// <summary>The Python exception type name, for example <c>ScannerError</c>.</summary>
    public string ErrorType => Error is null ? string.Empty : Error.Split(':')[0];

    public static List<PyResult> ListFromJson(string json)
    {
        if (MiniJson.Parse(json) is not List<object?> items)
        {
            throw new FormatException("the reference did not write a JSON array");
        }

        var results = new List<PyResult>(items.Count);
        foreach (var item in items)
        {
            if (item is not Dictionary<string, object?> d || d["ok"] is not bool ok)
            {
                throw new FormatException("malformed reference result");
            }

            results.Add(ok
                ? new PyResult(true, (string?)d["canonical"], (string?)d["hash"], null)
                : new PyResult(false, null, null, (string?)d["error"]));
        }

        return results;
    }
}

/// <summary>
/// Runs the Python side: the generator and the reference. Python is taken from <c>LINEAGE_PYTHON</c>, else
/// <c>python3</c>; a missing interpreter or PyYAML fails the test loudly (it is never skipped).
/// </summary>
internal sealed class PythonRunner
{
    public const string InstallHint =
        "The differential tests compare Lineage with PyYAML and need Python 3 with PyYAML 6: " +
        "`apt-get install -y python3-yaml` (Debian/Ubuntu) or `python3 -m pip install pyyaml==6.0.3`; " +
        "set LINEAGE_PYTHON to the interpreter to use if it is not `python3` on PATH.";

    private static readonly object Gate = new();
    private static PythonRunner? _instance;

    private PythonRunner(string executable, string scriptDir, string version)
    {
        Executable = executable;
        ScriptDir = scriptDir;
        PyYamlVersion = version;
    }

    public string Executable { get; }

    public string ScriptDir { get; }

    public string PyYamlVersion { get; }

    public string GeneratorPath => Path.Combine(ScriptDir, "gen_configs.py");

    public string ReferencePath => Path.Combine(ScriptDir, "pyyaml_reference.py");

    /// <summary>Finds Python and checks that <c>import yaml</c> works; Assert.Fail with instructions otherwise.</summary>
    public static PythonRunner Require()
    {
        lock (Gate)
        {
            if (_instance is not null)
            {
                return _instance;
            }

            var exe = Environment.GetEnvironmentVariable("LINEAGE_PYTHON");
            if (string.IsNullOrWhiteSpace(exe))
            {
                exe = "python3";
            }

            var scriptDir = Path.Combine(AppContext.BaseDirectory, "Differential");
            if (!File.Exists(Path.Combine(scriptDir, "pyyaml_reference.py")))
            {
                Assert.Fail($"pyyaml_reference.py was not copied next to the test binary (looked in {scriptDir}).");
            }

            ProcessOutput check;
            try
            {
                check = RunProcess(exe, new[] { Path.Combine(scriptDir, "pyyaml_reference.py"), "--check" }, null, TimeSpan.FromSeconds(60));
            }
            catch (Win32Exception ex)
            {
                Assert.Fail($"Cannot start Python '{exe}': {ex.Message}. {InstallHint}");
                throw; // unreachable
            }

            if (check.ExitCode != 0)
            {
                Assert.Fail($"'{exe}' cannot import yaml (exit code {check.ExitCode}): {check.Stderr.Trim()}\n{InstallHint}");
            }

            _instance = new PythonRunner(exe, scriptDir, check.Stdout.Trim());
            return _instance;
        }
    }

    /// <summary>Runs the seeded generator once and returns its texts.</summary>
    public List<string> Generate(int seed, int count)
    {
        var output = RunChecked(
            new[] { GeneratorPath, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture) },
            null,
            TimeSpan.FromMinutes(5));
        if (MiniJson.Parse(output) is not List<object?> items)
        {
            throw new FormatException("the generator did not write a JSON array");
        }

        var texts = new List<string>(items.Count);
        foreach (var item in items)
        {
            texts.Add((string)item!);
        }

        return texts;
    }

    /// <summary>Runs the reference once over all <paramref name="texts"/> (one process, JSON via stdin/stdout).</summary>
    public List<PyResult> Reference(IReadOnlyList<string> texts)
    {
        var output = RunChecked(new[] { ReferencePath }, MiniJson.WriteStringArray(texts), TimeSpan.FromMinutes(10));
        var results = PyResult.ListFromJson(output);
        if (results.Count != texts.Count)
        {
            throw new InvalidOperationException($"the reference answered {results.Count} results for {texts.Count} texts");
        }

        return results;
    }

    /// <summary>Runs another script of this folder once (stdin in, stdout back); a non-zero exit code throws.</summary>
    public string RunScript(string script, IReadOnlyList<string> args, string? stdin, TimeSpan timeout)
    {
        var all = new List<string> { Path.Combine(ScriptDir, script) };
        all.AddRange(args);
        return RunChecked(all.ToArray(), stdin, timeout);
    }

    /// <summary>Starts the reference in <c>--serve</c> mode: one JSON array per line in, one per line out.</summary>
    public ReferenceServer StartServer() => new(this);

    private string RunChecked(string[] args, string? stdin, TimeSpan timeout)
    {
        var result = RunProcess(Executable, args, stdin, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Executable} {string.Join(" ", args)} exited with {result.ExitCode}:\n{result.Stderr}");
        }

        return result.Stdout;
    }

    internal static ProcessStartInfo StartInfo(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Reproducible set order in yaml.dump(sort_keys=False) and no stray .pyc files next to the binary.
        psi.Environment["PYTHONHASHSEED"] = "0";
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        return psi;
    }

    private static ProcessOutput RunProcess(string exe, IEnumerable<string> args, string? stdin, TimeSpan timeout)
    {
        using var p = Process.Start(StartInfo(exe, args)) ?? throw new InvalidOperationException($"cannot start {exe}");
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        var inTask = Task.Run(() =>
        {
            try
            {
                if (stdin is not null)
                {
                    p.StandardInput.Write(stdin);
                }

                p.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process died early; its exit code and stderr tell why.
            }
        });
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(" ", args)} did not finish within {timeout}");
        }

        inTask.Wait();
        return new ProcessOutput(p.ExitCode, outTask.Result, errTask.Result);
    }

    internal sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr);
}

/// <summary>A long-lived reference process for the shrinker: batches of candidates without a process each.</summary>
internal sealed class ReferenceServer : IDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, PyResult> _cache = new(StringComparer.Ordinal);

    public ReferenceServer(PythonRunner python)
    {
        _process = Process.Start(PythonRunner.StartInfo(python.Executable, new[] { python.ReferencePath, "--serve" }))
            ?? throw new InvalidOperationException("cannot start the reference server");
        _ = _process.StandardError.ReadToEndAsync();
    }

    public List<PyResult> Evaluate(IReadOnlyList<string> texts)
    {
        var missing = new List<string>();
        foreach (var t in texts)
        {
            if (!_cache.ContainsKey(t) && !missing.Contains(t))
            {
                missing.Add(t);
            }
        }

        if (missing.Count > 0)
        {
            _process.StandardInput.Write(MiniJson.WriteStringArray(missing));
            _process.StandardInput.Write('\n');
            _process.StandardInput.Flush();
            var line = _process.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException("the reference server stopped answering");
            var results = PyResult.ListFromJson(line);
            for (var i = 0; i < missing.Count; i++)
            {
                _cache[missing[i]] = results[i];
            }
        }

        var answer = new List<PyResult>(texts.Count);
        foreach (var t in texts)
        {
            answer.Add(_cache[t]);
        }

        return answer;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }
}
