using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Core.IO;
using Lineage.Registry;

namespace Lineage.Retraining.Runners;

/// <summary>
/// Runs the training command as a child process: environment from the request, stdout and stderr into
/// <c>&lt;log dir&gt;/&lt;job id&gt;.log</c>, the process tree killed at the timeout. The outcome is also written to
/// <c>&lt;job id&gt;.exit.json</c> so that <c>lineage retrain status</c> in another process can read it; while the training
/// runs, <c>&lt;job id&gt;.pid</c> names the process, so a runner that died with its training is told apart from one
/// still running.
/// </summary>
public sealed class LocalProcessRunner : IJobRunner
{
    private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });
    private readonly ConcurrentDictionary<string, Task<RunStatus>> _running = new(StringComparer.Ordinal);
    private readonly string _logDirectory;

    /// <summary>Creates a runner that keeps its logs and state files in <paramref name="logDirectory"/>.</summary>
    public LocalProcessRunner(string logDirectory) => _logDirectory = Path.GetFullPath(logDirectory);

    /// <inheritdoc/>
    public string Name => "local";

    /// <inheritdoc/>
    public Task<RunStatus> SubmitAsync(TrainingRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Command.Count == 0)
        {
            throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"no training command for {request.ModelName}: set 'training.command' in the retraining policy");
        }

        Directory.CreateDirectory(_logDirectory);
        var existing = ReadState(request.JobId);
        if (existing is not null)
        {
            return Task.FromResult(existing);
        }

        var log = LogPath(request.JobId);
        var start = new ProcessStartInfo(request.Command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = request.WorkingDirectory ?? Directory.GetCurrentDirectory(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Arguments = JoinArguments(request.Command);
        foreach (var pair in request.Environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        var writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        var gate = new object();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(writer, gate, e.Data);
        process.ErrorDataReceived += (_, e) => Append(writer, gate, e.Data);
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            writer.Dispose();
            var failed = new RunStatus(RunState.Failed, request.JobId, $"cannot start '{request.Command[0]}': {ex.Message}", null, log, startedAt, DateTimeOffset.UtcNow);
            WriteState(request.JobId, failed);
            return Task.FromResult(failed);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // pid, the process's start time (a reused pid is another process) and the deadline: a status call in another
        // process enforces the timeout itself when this supervisor is gone.
        var deadline = startedAt + request.Timeout;
        AtomicFile.Write(PidPath(request.JobId), Encoding.ASCII.GetBytes(string.Join(
            " ",
            process.Id.ToString(CultureInfo.InvariantCulture),
            StartTicks(process).ToString(CultureInfo.InvariantCulture),
            deadline.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)) + "\n"));
        var externalId = "pid:" + process.Id.ToString(CultureInfo.InvariantCulture);
        _running[request.JobId] = Task.Run(() => Supervise(request, process, writer, gate, externalId, log, startedAt), CancellationToken.None);
        return Task.FromResult(new RunStatus(RunState.Running, externalId, null, null, log, startedAt));
    }

    /// <inheritdoc/>
    public Task<RunStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(jobId, out var task) && task.IsCompleted)
        {
            return task;
        }

        var state = ReadState(jobId);
        if (state is not null)
        {
            return Task.FromResult(state);
        }

        throw new LineageException(DiagnosticCodes.TrainingFailed, $"the local runner has no training for job {jobId} in {_logDirectory}");
    }

    /// <inheritdoc/>
    public async Task<RunStatus> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(jobId, out var task))
        {
            var done = await Task.WhenAny(task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return done == task ? await task.ConfigureAwait(false) : await GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
        }

        // Started by another process: follow its state files.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (status.IsFinished || clock.Elapsed >= timeout)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(10, (timeout - clock.Elapsed).TotalMilliseconds))), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The training log of a job.</summary>
    public string LogPath(string jobId) => Path.Combine(_logDirectory, jobId + ".log");

    private RunStatus Supervise(TrainingRequest request, Process process, StreamWriter writer, object gate, string externalId, string log, DateTimeOffset startedAt)
    {
        RunStatus result;
        using (process)
        {
            var finished = process.WaitForExit((int)Math.Min(int.MaxValue, request.Timeout.TotalMilliseconds));
            if (!finished)
            {
                Kill(process);
                process.WaitForExit();
                result = new RunStatus(RunState.Failed, externalId, $"the training ran longer than its timeout ({request.Timeout.TotalMinutes:0.#} min) and was stopped", null, log, startedAt, DateTimeOffset.UtcNow);
            }
            else
            {
                // The parameterless wait also drains the asynchronous output readers.
                process.WaitForExit();
                var code = process.ExitCode;
                result = code == 0
                    ? new RunStatus(RunState.Succeeded, externalId, null, 0, log, startedAt, DateTimeOffset.UtcNow)
                    : new RunStatus(RunState.Failed, externalId, $"the training command exited with code {code}; see {log}", code, log, startedAt, DateTimeOffset.UtcNow);
            }
        }

        lock (gate)
        {
            writer.Dispose();
        }

        WriteState(request.JobId, result);
        TryDelete(PidPath(request.JobId));
        return result;
    }

    private static void Append(StreamWriter writer, object gate, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the process was reaped (a grandchild still writing): nothing to keep it for.
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            // Process.Kill(entireProcessTree) exists on .NET Core 3.0+, where this library runs in practice; a shell
            // wrapper's children would otherwise outlive the timeout.
            if (KillTree is not null)
            {
                KillTree.Invoke(process, new object[] { true });
            }
            else
            {
                process.Kill();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TargetInvocationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
    }

    private RunStatus? ReadState(string jobId)
    {
        var exit = ExitPath(jobId);
        if (File.Exists(exit))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(exit));
            var root = doc.RootElement;
            var state = root.GetProperty("state").GetString() == "succeeded" ? RunState.Succeeded : RunState.Failed;
            int? code = root.TryGetProperty("exit_code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
            return new RunStatus(
                state,
                root.GetProperty("external_id").GetString()!,
                root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                code,
                LogPath(jobId),
                Time(root, "started_at"),
                Time(root, "finished_at"));
        }

        var pidFile = PidPath(jobId);
        var fields = File.Exists(pidFile) ? File.ReadAllText(pidFile).Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
        if (fields.Length > 0 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            var externalId = "pid:" + pid.ToString(CultureInfo.InvariantCulture);
            long? startTicks = fields.Length > 1 && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
            DateTimeOffset? deadline = fields.Length > 2 && long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? DateTimeOffset.FromUnixTimeSeconds(d) : null;
            var process = Find(pid, startTicks);
            if (process is not null)
            {
                using (process)
                {
                    if (deadline is { } due && DateTimeOffset.UtcNow > due && !_running.ContainsKey(jobId))
                    {
                        // Its supervisor is gone (killed), so nobody else will enforce the timeout.
                        Kill(process);
                        var stopped = new RunStatus(RunState.Failed, externalId, $"the training ran past its timeout (due {due.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z) after the lineage process supervising it had stopped; it was killed; see {LogPath(jobId)}", null, LogPath(jobId), null, DateTimeOffset.UtcNow);
                        WriteState(jobId, stopped);
                        TryDelete(pidFile);
                        return stopped;
                    }

                    return new RunStatus(RunState.Running, externalId, null, null, LogPath(jobId), File.GetCreationTimeUtc(pidFile));
                }
            }

            return new RunStatus(RunState.Failed, externalId, $"the training (pid {pid}) has ended, but the lineage process that supervised it stopped before it could record the exit code (killed?), so its outcome is unknown; see {LogPath(jobId)}", null, LogPath(jobId));
        }

        return null;
    }

    private void WriteState(string jobId, RunStatus status) =>
        AtomicFile.Write(ExitPath(jobId), RegistryJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("state", status.State == RunState.Succeeded ? "succeeded" : "failed");
            json.WriteString("external_id", status.ExternalId);
            if (status.ExitCode is { } code)
            {
                json.WriteNumber("exit_code", code);
            }

            if (status.Message is not null)
            {
                json.WriteString("message", status.Message);
            }

            if (status.StartedAt is { } started)
            {
                json.WriteString("started_at", Jobs.JobJson.FormatTime(started));
            }

            if (status.FinishedAt is { } finished)
            {
                json.WriteString("finished_at", Jobs.JobJson.FormatTime(finished));
            }

            json.WriteEndObject();
        }));

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        root.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    // The live process with that pid and, when known, that start time; null when it has exited or the pid was reused.
    private static Process? Find(int pid, long? startTicks)
    {
        Process? process = null;
        try
        {
            process = Process.GetProcessById(pid);
            if (process.HasExited || (startTicks is { } ticks && ticks != 0 && Math.Abs(StartTicks(process) - ticks) > TimeSpan.TicksPerSecond))
            {
                process.Dispose();
                return null;
            }

            return process;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            process?.Dispose();
            return null;
        }
    }

    private static long StartTicks(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return 0;
        }
    }

    private string ExitPath(string jobId) => Path.Combine(_logDirectory, jobId + ".exit.json");

    private string PidPath(string jobId) => Path.Combine(_logDirectory, jobId + ".pid");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    // netstandard2.0 has no ArgumentList: quote as the runtime's own parser splits (MSVCRT rules, also used on Unix).
    private static string JoinArguments(IList<string> command)
    {
        var text = new StringBuilder();
        for (var i = 1; i < command.Count; i++)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            var arg = command[i];
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '"' }) < 0)
            {
                text.Append(arg);
                continue;
            }

            text.Append('"');
            var backslashes = 0;
            foreach (var c in arg)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                if (c == '"')
                {
                    text.Append('\\', (backslashes * 2) + 1);
                }
                else
                {
                    text.Append('\\', backslashes);
                }

                backslashes = 0;
                text.Append(c);
            }

            text.Append('\\', backslashes * 2);
            text.Append('"');
        }

        return text.ToString();
    }
}
