using System;
using System.IO;
using System.Text;
using Lineage.Core.Diagnostics;

namespace Lineage.Cli;

/// <summary>
/// Buffered UTF-8 standard output and error. Console.Out flushes on every write, which dominates the run time of
/// a 10,000-row table; buffering and flushing once (and before every error line, to keep the order) avoids that.
/// </summary>
internal sealed class ConsoleOutput : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private ConsoleOutput(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Opens the process's standard streams.</summary>
    public static ConsoleOutput Open() => new(
        new StreamWriter(Console.OpenStandardOutput(), Utf8NoBom, 64 * 1024) { AutoFlush = false },
        new StreamWriter(Console.OpenStandardError(), Utf8NoBom, 4 * 1024) { AutoFlush = false });

    /// <summary>Writes a diagnostic as <c>file(line,col): error LINxxxx: message</c> (or <c>lineage: error ...</c> without a file) on standard error.</summary>
    public void Report(LineageException error) =>
        WriteError(error.File is null ? $"lineage: error {error.Code}: {error.Message}" : error.ToDisplayString());

    /// <summary>Writes a line on standard error, after everything already written to standard output.</summary>
    public void WriteError(string line)
    {
        Out.Flush();
        Error.WriteLine(line);
        Error.Flush();
    }

    /// <summary>Flushes both streams.</summary>
    public void Flush()
    {
        Out.Flush();
        Error.Flush();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Out.Dispose();
        Error.Dispose();
    }
}
