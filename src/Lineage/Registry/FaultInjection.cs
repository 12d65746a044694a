using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace Lineage.Registry;

/// <summary>
/// Numbered crash points in every registry write, for the fault-injection tests: with
/// <c>LINEAGE_TEST_CRASH_AT=N</c> in the environment, the process kills itself (as <c>kill -9</c> would) when it
/// reaches the N-th point, so tests can prove that a registry stays valid wherever a promoter dies. Unset (always,
/// outside those tests) a point costs one integer increment.
/// </summary>
internal static class FaultInjection
{
    /// <summary>The environment variable naming the point to crash at.</summary>
    public const string Variable = "LINEAGE_TEST_CRASH_AT";

    private static readonly int CrashAt = ReadCrashAt();
    private static int _reached;

    /// <summary>Marks a point; kills the process when it is the one named by <see cref="Variable"/>.</summary>
    public static void Point(string name)
    {
        if (CrashAt <= 0)
        {
            return;
        }

        if (Interlocked.Increment(ref _reached) == CrashAt)
        {
            Console.Error.WriteLine($"lineage: crash injected at point {CrashAt} ({name})");
            Console.Error.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    private static int ReadCrashAt()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
