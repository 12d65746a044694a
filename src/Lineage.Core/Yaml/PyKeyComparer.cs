using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lineage.Core.Yaml;

/// <summary>Python's <c>==</c> and <c>hash()</c> for the hashable values safe_load produces, as dict keys use them.</summary>
internal sealed class PyKeyComparer : IEqualityComparer<object>
{
    public static readonly PyKeyComparer Instance = new();

    /// <summary>Stands in for <c>None</c>, since a .NET dictionary key cannot be null.</summary>
    public static readonly object NoneKey = new();

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true; // Python compares identity first: the one shared NaN equals itself as a key.
        }

        if (x is string xs)
        {
            return y is string ys && string.Equals(xs, ys, StringComparison.Ordinal);
        }

        if (x is null || y is null)
        {
            return false;
        }

        if (PyNumber.IsNumber(x))
        {
            return PyNumber.IsNumber(y) && PyNumber.NumericEquals(x, y);
        }

        switch (x)
        {
            case string s:
                return y is string t && string.Equals(s, t, StringComparison.Ordinal);
            case PyBytes b:
                return y is PyBytes c && b.Data.ContentEquals(c.Data);
            case PyDate d:
                return y is PyDate e && d.Year == e.Year && d.Month == e.Month && d.Day == e.Day;
            case PyDateTime a:
                if (y is not PyDateTime o || a.IsAware != o.IsAware)
                {
                    return false;
                }

                return a.IsAware ? a.UtcMicroseconds == o.UtcMicroseconds : a.LocalMicroseconds == o.LocalMicroseconds;
            default:
                return false;
        }
    }

    public int GetHashCode(object obj)
    {
        switch (obj)
        {
            case bool b:
                return (b ? BigInteger.One : BigInteger.Zero).GetHashCode();
            case BigInteger i:
                return i.GetHashCode();
            case double d:
                if (double.IsNaN(d))
                {
                    return RuntimeHelpers.GetHashCode(obj);
                }

                if (!double.IsInfinity(d) && Math.Floor(d) == d)
                {
                    return new BigInteger(d).GetHashCode();
                }

                return d.GetHashCode();
            case string s:
                return StringComparer.Ordinal.GetHashCode(s);
            case PyBytes b:
                var h = b.Data.Length;
                foreach (var x in b.Data)
                {
                    h = (h * 31) + x;
                }

                return h;
            case PyDate d:
                return (d.Year * 400) + (d.Month * 31) + d.Day;
            case PyDateTime t:
                return (t.IsAware ? t.UtcMicroseconds : t.LocalMicroseconds).GetHashCode();
            default:
                return RuntimeHelpers.GetHashCode(obj);
        }
    }
}

/// <summary>Python's numeric tower for bool, int and float: exact comparisons across types.</summary>
internal static class PyNumber
{
    public static bool IsNumber(object? value) => value is bool || value is BigInteger || value is double;

    public static bool NumericEquals(object x, object y)
    {
        if (x is double dx && y is double dy)
        {
            return dx == dy;
        }

        if (x is double d1)
        {
            return CompareIntDouble(ToInt(y), d1) == 0;
        }

        if (y is double d2)
        {
            return CompareIntDouble(ToInt(x), d2) == 0;
        }

        return ToInt(x) == ToInt(y);
    }

    /// <summary>Python <c>x &lt; y</c> for numbers; NaN makes every comparison false.</summary>
    public static bool LessThan(object x, object y)
    {
        if (x is double dx && y is double dy)
        {
            return dx < dy;
        }

        if (x is double d1)
        {
            return !double.IsNaN(d1) && CompareIntDouble(ToInt(y), d1) > 0;
        }

        if (y is double d2)
        {
            return !double.IsNaN(d2) && CompareIntDouble(ToInt(x), d2) < 0;
        }

        return ToInt(x) < ToInt(y);
    }

    public static BigInteger ToInt(object value) => value switch
    {
        bool b => b ? BigInteger.One : BigInteger.Zero,
        BigInteger i => i,
        _ => throw new InvalidOperationException("not an int"),
    };

    /// <summary>Exact comparison of an int with a non-NaN double, as CPython does it.</summary>
    private static int CompareIntDouble(BigInteger i, double d)
    {
        if (double.IsNaN(d))
        {
            return 2; // unordered; callers treat as "not equal"
        }

        if (double.IsPositiveInfinity(d))
        {
            return -1;
        }

        if (double.IsNegativeInfinity(d))
        {
            return 1;
        }

        var floor = Math.Floor(d);
        var cmp = i.CompareTo(new BigInteger(floor));
        if (cmp != 0)
        {
            return cmp;
        }

        return d > floor ? -1 : 0;
    }
}

/// <summary>Byte-array helpers netstandard2.0 lacks.</summary>
internal static class ByteArrayExtensions
{
    /// <summary>Whether both arrays hold the same bytes.</summary>
    public static bool ContentEquals(this byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
