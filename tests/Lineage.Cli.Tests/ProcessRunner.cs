global using Lineage.Tests.Shared;
using System;
using System.Collections.Generic;

namespace Lineage.Cli.Tests;

/// <summary>Runs the built CLI (process plumbing: tests/Shared/ProcessRunner.cs).</summary>
internal static class ProcessRunner
{
    /// <summary>Runs the built CLI: <c>dotnet lineage.dll args...</c>.</summary>
    public static ProcessResult Lineage(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var all = new List<string> { TestEnvironment.CliDll };
        all.AddRange(args);
        return Run(TestEnvironment.DotNet, all, workingDirectory, environment);
    }

    /// <summary>Runs the built CLI in <paramref name="workingDirectory"/> with no SOURCE_DATE_EPOCH.</summary>
    public static ProcessResult Lineage(string workingDirectory, params string[] args) => Lineage(workingDirectory, null, args);

    /// <summary>Runs <paramref name="fileName"/>: the shared runner of every test project.</summary>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> args,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        string? stdin = null) =>
        global::Lineage.Tests.Shared.ProcessRunner.Run(fileName, args, workingDirectory, environment, timeout, stdin);
}
