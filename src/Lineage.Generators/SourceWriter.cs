using System.Text;

namespace Lineage.Generators;

/// <summary>
/// An indenting text writer for generated source (the cookbook's advice: write the text as it should look rather than
/// building syntax trees and calling NormalizeWhitespace, which is slow). Lines end in <c>\n</c> on every platform so
/// the generated text, and so the snapshots, are the same everywhere.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
            _text.Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>A one-line XML doc summary; <paramref name="xml"/> is already escaped.</summary>
    public SourceWriter Summary(string xml) => Line("/// <summary>" + xml + "</summary>");

    public override string ToString() => _text.ToString();
}
