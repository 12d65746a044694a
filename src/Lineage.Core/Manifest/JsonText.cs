using System.Globalization;
using System.Text;

namespace Lineage.Core.Manifest;

/// <summary>
/// A small indented JSON writer. Lineage.Core runs inside MSBuild on .NET Framework too, where a System.Text.Json
/// of our choosing would clash with the copy MSBuild loads; writing the few shapes the manifest needs by hand avoids
/// shipping one. Output is stable: same input, same bytes, so unchanged manifests are not rewritten.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _sb = new();
    private int _depth;
    private bool _first = true;

    public void BeginObject(string? name = null) => Open(name, '{');

    public void EndObject() => Close('}');

    public void BeginArray(string? name = null) => Open(name, '[');

    public void EndArray() => Close(']');

    public void String(string name, string? value)
    {
        Name(name);
        if (value is null)
        {
            _sb.Append("null");
        }
        else
        {
            Quote(value);
        }
    }

    public void Number(string name, long value)
    {
        Name(name);
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Null(string name)
    {
        Name(name);
        _sb.Append("null");
    }

    public override string ToString() => _sb.ToString() + "\n";

    private void Open(string? name, char bracket)
    {
        if (name is null)
        {
            Separator();
        }
        else
        {
            Name(name);
        }

        _sb.Append(bracket);
        _depth++;
        _first = true;
    }

    private void Close(char bracket)
    {
        _depth--;
        if (!_first)
        {
            NewLine();
        }

        _sb.Append(bracket);
        _first = false;
    }

    private void Name(string name)
    {
        Separator();
        Quote(name);
        _sb.Append(": ");
    }

    private void Separator()
    {
        if (_depth == 0)
        {
            return;
        }

        if (!_first)
        {
            _sb.Append(',');
        }

        NewLine();
        _first = false;
    }

    private void NewLine()
    {
        _sb.Append('\n');
        _sb.Append(' ', _depth * 2);
    }

    private void Quote(string value)
    {
        _sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        _sb.Append(c).Append(value[++i]);
                    }
                    else if (c < 0x20 || char.IsSurrogate(c))
                    {
                        // Control characters must be escaped; a lone surrogate too, or UTF-8 encoding would replace it.
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _sb.Append(c);
                    }

                    break;
            }
        }

        _sb.Append('"');
    }
}
