using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Core.Python;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of the values <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/> produces, containers included
/// (<c>str([1, 'a'])</c> is <c>"[1, 'a']"</c>), as the study and trial keys need them.
/// </summary>
internal static class PyRepr
{
    /// <summary><c>str(value)</c>.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        PyDate d => d.ToString(),
        PyDateTime t => t.ToString(),
        _ => Repr(value),
    };

    /// <summary><c>repr(value)</c>.</summary>
    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return sb.ToString();
    }

    /// <summary>An int as decimal text; false when it has more digits than Python converts (4300, sign not counted).</summary>
    public static bool TryIntToText(BigInteger value, out string text, out int digits)
    {
        text = value.ToString(CultureInfo.InvariantCulture);
        digits = text.Length - (value.Sign < 0 ? 1 : 0);
        return digits <= ScalarConstructors.MaxIntStringDigits;
    }

    /// <summary>An int as decimal text, as <c>str(int)</c> writes it; Python raises beyond 4300 digits.</summary>
    public static string IntToText(BigInteger value)
    {
        if (!TryIntToText(value, out var text, out var digits))
        {
            throw new LineageException(
                DiagnosticCodes.IntegerTooLong,
                $"an integer of {digits} decimal digits must be written as text, and Python refuses more than {ScalarConstructors.MaxIntStringDigits} (ValueError: Exceeds the limit for integer string conversion)");
        }

        return text;
    }

    /// <summary>The name of a value's Python type, for messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        BigInteger => "int",
        double => "float",
        string => "str",
        PyDict => "dict",
        PyList => "list",
        PySet => "set",
        PyTuple => "tuple",
        PyBytes => "bytes",
        PyDate => "date",
        PyDateTime => "datetime",
        _ => value.GetType().Name,
    };

    private static void Write(StringBuilder sb, object? value, HashSet<object> active)
    {
        switch (value)
        {
            case null:
                sb.Append("None");
                return;
            case bool b:
                sb.Append(b ? "True" : "False");
                return;
            case BigInteger i:
                sb.Append(IntToText(i));
                return;
            case double d:
                sb.Append(PyFloatRepr.Repr(d));
                return;
            case string s:
                WriteString(sb, s);
                return;
            case PyBytes bytes:
                WriteBytes(sb, bytes.Data);
                return;
            case PyDate date:
                sb.Append("datetime.date(").Append(date.Year).Append(", ").Append(date.Month).Append(", ").Append(date.Day).Append(')');
                return;
            case PyDateTime t:
                WriteDateTime(sb, t);
                return;
            case PyTuple tuple:
                sb.Append('(');
                for (var k = 0; k < tuple.Items.Count; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, tuple.Items[k], active);
                }

                sb.Append(tuple.Items.Count == 1 ? ",)" : ")");
                return;
            case PySet set:
                WriteSet(sb, set, active);
                return;
        }

        // Lists and dicts: Python's Py_ReprEnter writes a container that is already being written as [...] / {...}.
        var isList = value is PyList;
        if (!active.Add(value))
        {
            sb.Append(isList ? "[...]" : "{...}");
            return;
        }

        switch (value)
        {
            case PyList list:
                sb.Append('[');
                for (var k = 0; k < list.Count; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, list[k], active);
                }

                sb.Append(']');
                break;
            case PyDict dict:
                sb.Append('{');
                var first = true;
                foreach (var entry in dict)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    Write(sb, entry.Key, active);
                    sb.Append(": ");
                    Write(sb, entry.Value, active);
                }

                sb.Append('}');
                break;
            default:
                throw new LineageException(DiagnosticCodes.Unsupported, $"cannot write a value of type {value.GetType().Name} as Python does");
        }

        active.Remove(value);
    }

    private static void WriteSet(StringBuilder sb, PySet set, HashSet<object> active)
    {
        if (set.Count == 0)
        {
            sb.Append("set()");
            return;
        }

        if (set.Count > 1)
        {
            // Python lists a set in hash-table order, which for strings changes with every process (PYTHONHASHSEED).
            throw new LineageException(
                DiagnosticCodes.Unsupported,
                "str() of a set with more than one item depends on Python's per-process hash seed, so no stable key can be built from it; use a list");
        }

        sb.Append('{');
        foreach (var item in set)
        {
            Write(sb, item, active);
        }

        sb.Append('}');
    }

    private static void WriteDateTime(StringBuilder sb, PyDateTime t)
    {
        sb.Append("datetime.datetime(").Append(t.Year).Append(", ").Append(t.Month).Append(", ").Append(t.Day)
            .Append(", ").Append(t.Hour).Append(", ").Append(t.Minute);
        if (t.Second != 0 || t.Microsecond != 0)
        {
            sb.Append(", ").Append(t.Second);
        }

        if (t.Microsecond != 0)
        {
            sb.Append(", ").Append(t.Microsecond);
        }

        if (t.OffsetMinutes is int offset)
        {
            sb.Append(", tzinfo=");
            if (offset == 0)
            {
                sb.Append("datetime.timezone.utc"); // timezone(timedelta(0)) is the utc singleton
            }
            else
            {
                // repr(timedelta) normalises to days and 0 <= seconds < 86400.
                long seconds = offset * 60L;
                var days = (long)Math.Floor(seconds / 86400.0);
                seconds -= days * 86400;
                sb.Append("datetime.timezone(datetime.timedelta(");
                if (days != 0)
                {
                    sb.Append("days=").Append(days).Append(", ");
                }

                sb.Append("seconds=").Append(seconds).Append("))");
            }
        }

        sb.Append(')');
    }

    // CPython's unicode_repr.
    private static void WriteString(StringBuilder sb, string s)
    {
        var quote = s.IndexOf('\'') >= 0 && s.IndexOf('"') < 0 ? '"' : '\'';
        sb.Append(quote);
        foreach (var c in PyUnicode.CodePoints(s))
        {
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append((char)c);
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\r')
            {
                sb.Append("\\r");
            }
            else if (c < ' ' || c == 0x7F)
            {
                sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (c < 0x7F || PyUnicode.IsPrintable(c))
            {
                PyUnicode.Append(sb, c);
            }
            else if (c <= 0xFF)
            {
                sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (c <= 0xFFFF)
            {
                sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
    }

    // CPython's bytes repr.
    private static void WriteBytes(StringBuilder sb, byte[] data)
    {
        var hasSingle = Array.IndexOf(data, (byte)'\'') >= 0;
        var quote = hasSingle && Array.IndexOf(data, (byte)'"') < 0 ? '"' : '\'';
        sb.Append('b').Append(quote);
        foreach (var b in data)
        {
            if (b == quote || b == '\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b == '\t')
            {
                sb.Append("\\t");
            }
            else if (b == '\n')
            {
                sb.Append("\\n");
            }
            else if (b == '\r')
            {
                sb.Append("\\r");
            }
            else if (b < ' ' || b >= 0x7F)
            {
                sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        sb.Append(quote);
    }
}
