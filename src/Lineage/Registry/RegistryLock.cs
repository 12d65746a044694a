using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Lineage.Core.Diagnostics;

namespace Lineage.Registry;

/// <summary>
/// The registry-wide writer lock: <c>.lineage/lock</c> opened with <see cref="FileShare.None"/>. On Windows that is a
/// mandatory share lock; on Linux and macOS .NET takes an exclusive <c>flock</c> on the open file. Either way the
/// operating system releases it when the process dies, however it dies, so a killed promoter never leaves a stale
/// lock behind (a lock made of "create the file if absent" would need a timeout guess instead). The lock file itself
/// is never deleted: deleting it would let two processes lock two different files of the same name.
/// </summary>
internal sealed class RegistryLock : IDisposable
{
    private readonly FileStream _stream;

    private RegistryLock(FileStream stream) => _stream = stream;

    public static RegistryLock Acquire(string path, TimeSpan timeout)
    {
        // .NET can be told to skip the flock behind FileShare.None; the registry would then have no lock at all.
        if (IsTrue(Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING"))
            || (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled))
        {
            throw new LineageException(
                DiagnosticCodes.RegistryBusy,
                "file locking is disabled in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), so concurrent writers could not be kept apart; unset it to write to the registry");
        }

        var clock = Stopwatch.StartNew();
        var delay = 5;
        var random = new Random();
        while (true)
        {
            try
            {
                return new RegistryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                // Held by another process: back off with jitter so 16 waiting promoters do not retry in lockstep.
                Thread.Sleep(delay + random.Next(delay));
                delay = Math.Min(delay * 2, 200);
            }
            catch (IOException ex)
            {
                throw new LineageException(
                    DiagnosticCodes.RegistryBusy,
                    $"the registry lock {path} is held by another process for more than {timeout.TotalSeconds:0} s; try again, or raise LINEAGE_LOCK_TIMEOUT (seconds)",
                    inner: ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    private static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
