using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.DiffWorker;

namespace Lineage.Core.Tests.Differential;

/// <summary>What Lineage did with one text: a hash, a LineageException, another exception, or no answer in time.</summary>
internal sealed class OurResult
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private OurResult()
    {
    }

    public bool Ok => Hash is not null;

    public string? Canonical { get; private init; }

    public string? Hash { get; private init; }

    /// <summary>The LIN code when Lineage reported a problem.</summary>
    public string? Code { get; private init; }

    public string? Display { get; private init; }

    /// <summary>Set when something other than LineageException escaped, or the worker process died (a crash).</summary>
    public string? CrashType { get; private init; }

    public bool Hung { get; private init; }

    /// <summary>Hashes one text in a worker process (see <see cref="LineageWorkerPool"/>).</summary>
    public static OurResult Run(string text, TimeSpan? timeout = null) =>
        LineageWorkerPool.Shared.Evaluate(new[] { text }, timeout ?? DefaultTimeout)[0];

    public static OurResult FromJson(string line)
    {
        var d = (Dictionary<string, object?>)MiniJson.Parse(line)!;
        if (d["ok"] is true)
        {
            return new OurResult { Canonical = (string?)d["canonical"], Hash = (string?)d["hash"] };
        }

        if (d.TryGetValue("crash", out var crash))
        {
            return new OurResult { CrashType = (string?)crash, Display = (string?)d["display"] };
        }

        return new OurResult { Code = (string?)d["code"], Display = (string?)d["display"] };
    }

    public static OurResult HangAfter(TimeSpan timeout) =>
        new() { Hung = true, Display = $"no answer within {timeout.TotalSeconds:0.#} s (worker process killed)" };

    public static OurResult ProcessDied(string details) =>
        new() { CrashType = "worker process died", Display = details };

    public override string ToString()
    {
        if (Ok)
        {
            return $"hash {Hash}, canonical:\n{Indent(Canonical!)}";
        }

        if (Hung)
        {
            return "HANG: " + Display;
        }

        return CrashType is not null ? "CRASH " + Display : "error " + Display;
    }

    internal static string Indent(string s) => "    | " + s.Replace("\n", "\n    | ", StringComparison.Ordinal);
}

/// <summary>
/// One Lineage.Core.DiffWorker process: texts in, results out, one line each. A text that gets no answer in time
/// kills the process (the next text starts a new one), so a hang in the core costs its timeout and nothing more;
/// a process that dies (stack overflow) is reported as a crash of that text.
/// </summary>
internal sealed class LineageWorker : IDisposable
{
    private Process? _process;
    private readonly StringBuilder _stderr = new();

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "Lineage.Core.DiffWorker.dll");

    public OurResult Evaluate(string text, TimeSpan timeout)
    {
        var p = EnsureStarted();
        var sb = new StringBuilder();
        MiniJson.WriteString(sb, text);
        try
        {
            p.StandardInput.Write(sb.Append('\n').ToString());
            p.StandardInput.Flush();
        }
        catch (IOException)
        {
            return Died(p);
        }

        var read = p.StandardOutput.ReadLineAsync();
        if (!read.Wait(timeout))
        {
            Kill();
            return OurResult.HangAfter(timeout);
        }

        var line = read.Result;
        return line is null ? Died(p) : OurResult.FromJson(line);
    }

    public void Dispose() => Kill();

    private OurResult Died(Process p)
    {
        p.WaitForExit(5000);
        string err;
        lock (_stderr)
        {
            err = _stderr.ToString();
        }

        var code = p.HasExited ? p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        Kill();
        return OurResult.ProcessDied($"exit code {code}; stderr: {(err.Length > 2000 ? err.Substring(0, 2000) + "..." : err)}");
    }

    private Process EnsureStarted()
    {
        if (_process is not null)
        {
            return _process;
        }

        if (!File.Exists(WorkerDll))
        {
            throw new FileNotFoundException("the differential worker was not built next to the tests", WorkerDll);
        }

        var psi = PythonRunner.StartInfo(DotnetHost(), new[] { "exec", WorkerDll });
        lock (_stderr)
        {
            _stderr.Clear();
        }

        var p = new Process { StartInfo = psi };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderr)
            {
                if (_stderr.Length < 8000)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        p.Start();
        p.BeginErrorReadLine();
        _process = p;
        return p;
    }

    private void Kill()
    {
        var p = _process;
        _process = null;
        if (p is null)
        {
            return;
        }

        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        p.Dispose();
    }

    /// <summary>The dotnet host running this test (so the worker uses the same runtime), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root))
        {
            var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return "dotnet";
    }
}

/// <summary>A worker per core, shared by all tests of the run; one batch at a time.</summary>
internal sealed class LineageWorkerPool
{
    public static readonly LineageWorkerPool Shared = new(Environment.ProcessorCount);

    private readonly LineageWorker[] _workers;
    private readonly object _gate = new();

    private LineageWorkerPool(int size)
    {
        _workers = new LineageWorker[Math.Max(1, size)];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new LineageWorker();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var w in _workers)
            {
                w.Dispose();
            }
        };
    }

    public int Size => _workers.Length;

    /// <summary>Evaluates all texts, spread over the workers.</summary>
    public OurResult[] Evaluate(IReadOnlyList<string> texts, TimeSpan timeout)
    {
        var results = new OurResult[texts.Count];
        lock (_gate)
        {
            var next = -1;
            var tasks = new Task[Math.Min(_workers.Length, Math.Max(1, texts.Count))];
            for (var w = 0; w < tasks.Length; w++)
            {
                var worker = _workers[w];
                tasks[w] = Task.Factory.StartNew(
                    () =>
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < texts.Count)
                        {
                            results[i] = worker.Evaluate(texts[i], timeout);
                        }
                    },
                    TaskCreationOptions.LongRunning);
            }

            Task.WaitAll(tasks);
        }

        return results;
    }

    /// <summary>
    /// The index of the first text (in order) for which <paramref name="fails"/> holds, evaluating in rounds of
    /// one text per worker and stopping at the first hit; -1 when none. Used by the shrinker.
    /// </summary>
    public int FirstWhere(IReadOnlyList<string> texts, TimeSpan timeout, Func<int, OurResult, bool> fails)
    {
        for (var start = 0; start < texts.Count; start += _workers.Length)
        {
            var n = Math.Min(_workers.Length, texts.Count - start);
            var chunk = new string[n];
            for (var k = 0; k < n; k++)
            {
                chunk[k] = texts[start + k];
            }

            var results = Evaluate(chunk, timeout);
            for (var k = 0; k < n; k++)
            {
                if (fails(start + k, results[k]))
                {
                    return start + k;
                }
            }
        }

        return -1;
    }
}
