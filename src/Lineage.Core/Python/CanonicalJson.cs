using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Core.Python;

/// <summary>
/// Python's <c>json.dumps(value, sort_keys=True, separators=(',', ':'))</c> of the values <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/>
/// produces, byte for byte: ASCII-only output, float <c>repr</c>, keys ordered as Python values and then turned
/// into text. Where Python raises, this throws a <see cref="LineageException"/> instead of returning other text.
/// </summary>
public static class CanonicalJson
{
    // Python's C encoder recurses once per level; a structure this deep did not come from a config file.
    private const int MaxDepth = 900;

    /// <summary>Writes <paramref name="value"/> as Python's sorted, compact <c>json.dumps</c> does.</summary>
    /// <param name="value">A value made of <see cref="PyDict"/>, <see cref="PyList"/>, <see cref="PyTuple"/>, strings,
    /// <see cref="BigInteger"/> ints, doubles, bools and <c>null</c>.</param>
    /// <exception cref="LineageException">
    /// <see cref="DiagnosticCodes.NotJsonSerializable"/> for a date, datetime, set or bytes value, or a key that is not
    /// a string, number, bool or null; <see cref="DiagnosticCodes.UnsortableKeys"/> for keys Python cannot order;
    /// <see cref="DiagnosticCodes.CircularReference"/> for a container inside itself;
    /// <see cref="DiagnosticCodes.IntegerTooLong"/> for an int of more than 4300 digits.
    /// </exception>
    public static string Serialize(object? value)
    {
        var sb = new StringBuilder(256);
        Write(sb, value, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        return sb.ToString();
    }

    /// <summary>A JSON string literal with Python's <c>ensure_ascii=True</c> escapes.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        WriteString(sb, text);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, HashSet<object> active, int depth)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case string s:
                WriteString(sb, s);
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case BigInteger i:
                sb.Append(PyRepr.IntToText(i));
                return;
            case double d:
                sb.Append(FloatText(d));
                return;
            case PyList or PyDict or PyTuple:
                break;
            default:
                throw new LineageException(
                    DiagnosticCodes.NotJsonSerializable,
                    $"a value of type {PyRepr.TypeName(value)} ({Shorten(SafeRepr(value))}) cannot be written as JSON (Python: TypeError: Object of type {PyRepr.TypeName(value)} is not JSON serializable)");
        }

        if (depth >= MaxDepth)
        {
            throw new LineageException(DiagnosticCodes.ExpansionLimit, $"values nest more than {MaxDepth} levels deep");
        }

        if (value is PyTuple tuple)
        {
            // A tuple is written as a list; it cannot contain itself.
            WriteItems(sb, tuple.Items, active, depth);
            return;
        }

        if (!active.Add(value))
        {
            throw new LineageException(
                DiagnosticCodes.CircularReference,
                "a mapping or list contains itself (a YAML alias of its own anchor), which JSON cannot write (Python: ValueError: Circular reference detected)");
        }

        if (value is PyList list)
        {
            WriteItems(sb, list, active, depth);
        }
        else
        {
            WriteDict(sb, (PyDict)value, active, depth);
        }

        active.Remove(value);
    }

    private static void WriteItems(StringBuilder sb, IReadOnlyList<object?> items, HashSet<object> active, int depth)
    {
        sb.Append('[');
        for (var k = 0; k < items.Count; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            Write(sb, items[k], active, depth + 1);
        }

        sb.Append(']');
    }

    private static void WriteDict(StringBuilder sb, PyDict dict, HashSet<object> active, int depth)
    {
        // sorted(d.items()): keys compare as Python values (numbers with numbers, str with str) before they become text.
        var items = new List<KeyValuePair<object?, object?>>(dict.Entries);
        if (!PySort.TrySortByKey(items))
        {
            throw new LineageException(
                DiagnosticCodes.UnsortableKeys,
                $"the mapping's keys cannot be ordered ({Shorten(DescribeKeyTypes(items))}), so sorted JSON cannot be written (Python: TypeError: '<' not supported between instances)");
        }

        sb.Append('{');
        var first = true;
        foreach (var entry in items)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            WriteString(sb, KeyText(entry.Key));
            sb.Append(':');
            Write(sb, entry.Value, active, depth + 1);
        }

        sb.Append('}');
    }

    private static string KeyText(object? key) => key switch
    {
        string s => s,
        double d => FloatText(d),
        bool b => b ? "true" : "false",
        null => "null",
        BigInteger i => PyRepr.IntToText(i),
        _ => throw new LineageException(
            DiagnosticCodes.NotJsonSerializable,
            $"a mapping key of type {PyRepr.TypeName(key)} ({Shorten(SafeRepr(key))}) cannot be written as JSON (Python: TypeError: keys must be str, int, float, bool or None, not {PyRepr.TypeName(key)})"),
    };

    private static string FloatText(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        return PyFloatRepr.Repr(d);
    }

    // CPython's ascii_escape_unicode.
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            // UTF-16 units are exactly what ensure_ascii writes: an astral character becomes its surrogate pair.
            if (c >= ' ' && c <= '~' && c != '\\' && c != '"')
            {
                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }

        sb.Append('"');
    }

    private static string DescribeKeyTypes(List<KeyValuePair<object?, object?>> items)
    {
        var names = new List<string>();
        foreach (var item in items)
        {
            var name = PyRepr.TypeName(item.Key);
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return "keys of types " + string.Join(", ", names);
    }

    private static string SafeRepr(object? value)
    {
        try
        {
            return PyRepr.Repr(value);
        }
        catch (LineageException)
        {
            return PyRepr.TypeName(value);
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
