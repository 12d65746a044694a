using System;
using System.Collections.Generic;

namespace Lineage.Core.Yaml;

/// <summary>
/// <c>sorted(d.items())</c> as PyYAML's representer calls it: Python ordering of keys, and "cannot be sorted"
/// (a <c>TypeError</c>, after which PyYAML silently keeps insertion order) when keys of incomparable kinds meet.
/// </summary>
internal static class PySort
{
    private enum Kind
    {
        None,
        Number,
        String,
        Bytes,
        Date,
        NaiveDateTime,
        AwareDateTime,
        Other,
    }

    /// <summary>Sorts <paramref name="items"/> by key in place; returns false (leaving them as they were) on a TypeError.</summary>
    public static bool TrySortByKey(List<KeyValuePair<object?, object?>> items)
    {
        if (items.Count < 2)
        {
            return true;
        }

        // With two or more kinds present, any comparison sort compares some cross-kind pair, and Python raises.
        var kind = KindOf(items[0].Key);
        for (var i = 1; i < items.Count; i++)
        {
            if (KindOf(items[i].Key) != kind)
            {
                return false;
            }
        }

        if (kind is Kind.None or Kind.Other)
        {
            return false;
        }

        var keys = items.ToArray();
        if (keys.Length < 64)
        {
            // CPython's list.sort on fewer than 64 items: one natural run, then binary insertion. Reproduced
            // exactly because with NaN keys the result depends on which comparisons are made.
            CPythonSmallSort(keys);
        }
        else
        {
            MergeSort(keys);
        }

        items.Clear();
        items.AddRange(keys);
        return true;
    }

    /// <summary>Python <c>a &lt; b</c> for two keys of the same kind.</summary>
    public static bool LessThan(object? a, object? b)
    {
        switch (a)
        {
            case string s:
                return CompareCodePoints(s, (string)b!) < 0;
            case PyBytes x:
                return CompareBytes(x.Data, ((PyBytes)b!).Data) < 0;
            case PyDate d:
                return d.Ordinal < ((PyDate)b!).Ordinal;
            case PyDateTime t:
                var u = (PyDateTime)b!;
                return t.IsAware ? t.UtcMicroseconds < u.UtcMicroseconds : t.LocalMicroseconds < u.LocalMicroseconds;
            default:
                return PyNumber.LessThan(a!, b!);
        }
    }

    /// <summary>Orders two strings by Unicode code point, as Python does (not by UTF-16 unit).</summary>
    public static int CompareCodePoints(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var ca = CodePointAt(a, ref i);
            var cb = CodePointAt(b, ref j);
            if (ca != cb)
            {
                return ca < cb ? -1 : 1;
            }
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int CodePointAt(string s, ref int index)
    {
        var c = s[index++];
        if (char.IsHighSurrogate(c) && index < s.Length && char.IsLowSurrogate(s[index]))
        {
            return char.ConvertToUtf32(c, s[index++]);
        }

        return c;
    }

    private static int CompareBytes(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i] ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static Kind KindOf(object? key) => key switch
    {
        null => Kind.None,
        bool or System.Numerics.BigInteger or double => Kind.Number,
        string => Kind.String,
        PyBytes => Kind.Bytes,
        PyDate => Kind.Date,
        PyDateTime t => t.IsAware ? Kind.AwareDateTime : Kind.NaiveDateTime,
        _ => Kind.Other,
    };

    private static bool Lt(KeyValuePair<object?, object?> a, KeyValuePair<object?, object?> b) => LessThan(a.Key, b.Key);

    private static void CPythonSmallSort(KeyValuePair<object?, object?>[] a)
    {
        var n = a.Length;

        // count_run: the longest ascending or strictly descending prefix.
        var run = 2;
        if (Lt(a[1], a[0]))
        {
            while (run < n && Lt(a[run], a[run - 1]))
            {
                run++;
            }

            Array.Reverse(a, 0, run);
        }
        else
        {
            while (run < n && !Lt(a[run], a[run - 1]))
            {
                run++;
            }
        }

        // binarysort of the rest into the run.
        for (var start = run; start < n; start++)
        {
            var pivot = a[start];
            int l = 0, r = start;
            do
            {
                var p = l + ((r - l) >> 1);
                if (Lt(pivot, a[p]))
                {
                    r = p;
                }
                else
                {
                    l = p + 1;
                }
            }
            while (l < r);

            Array.Copy(a, l, a, l + 1, start - l);
            a[l] = pivot;
        }
    }

    private static void MergeSort(KeyValuePair<object?, object?>[] a)
    {
        var buffer = new KeyValuePair<object?, object?>[a.Length];
        MergeSort(a, buffer, 0, a.Length);
    }

    private static void MergeSort(KeyValuePair<object?, object?>[] a, KeyValuePair<object?, object?>[] buffer, int lo, int hi)
    {
        if (hi - lo < 2)
        {
            return;
        }

        var mid = (lo + hi) / 2;
        MergeSort(a, buffer, lo, mid);
        MergeSort(a, buffer, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            buffer[k++] = Lt(a[j], a[i]) ? a[j++] : a[i++];
        }

        while (i < mid)
        {
            buffer[k++] = a[i++];
        }

        while (j < hi)
        {
            buffer[k++] = a[j++];
        }

        Array.Copy(buffer, lo, a, lo, hi - lo);
    }
}
