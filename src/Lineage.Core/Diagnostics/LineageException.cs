using System;

namespace Lineage.Core.Diagnostics;

/// <summary>
/// A problem with user input (a YAML file, a circuit catalog) that Lineage reports instead of a result.
/// Carries a stable <c>LIN</c> code and, when known, the file, line and column it refers to.
/// </summary>
public class LineageException : Exception
{
    /// <summary>Creates an exception for <paramref name="code"/> at an optional source location.</summary>
    public LineageException(string code, string message, string? file = null, int line = 0, int column = 0, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The diagnostic code, for example <c>LIN0001</c>; see <see cref="DiagnosticCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The file the problem is in, or <c>null</c> when the input did not come from a file.</summary>
    public string? File { get; }

    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>Formats the problem the way compilers and MSBuild do: <c>file(line,col): error LIN0001: message</c>.</summary>
    public string ToDisplayString()
    {
        var location = File ?? "<input>";
        if (Line > 0)
        {
            location += Column > 0 ? $"({Line},{Column})" : $"({Line})";
        }

        return $"{location}: error {Code}: {Message}";
    }

    /// <summary>Returns a copy of this exception that names <paramref name="file"/> when it had no file yet.</summary>
    public LineageException WithFile(string? file) =>
        File is not null || file is null ? this : new LineageException(Code, Message, file, Line, Column, this);
}
