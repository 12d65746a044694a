using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Lineage.Core.Yaml;

// The values yaml.safe_load produces, modelled closely enough to reproduce yaml.dump byte for byte:
//   None -> null, bool -> bool, int -> BigInteger, float -> double, str -> string,
//   date -> PyDate, datetime -> PyDateTime, bytes -> PyBytes, list -> PyList, dict -> PyDict,
//   set -> PySet, tuple -> PyTuple.
// Object identity matters (shared objects become &id001 anchors), so dates and containers are classes.

/// <summary>A Python <c>datetime.date</c>.</summary>
public sealed class PyDate
{
    /// <summary>Creates a date; the caller has validated the fields.</summary>
    public PyDate(int year, int month, int day)
    {
        Year = year;
        Month = month;
        Day = day;
    }

    /// <summary>The year, 1 to 9999.</summary>
    public int Year { get; }

    /// <summary>The month, 1 to 12.</summary>
    public int Month { get; }

    /// <summary>The day of the month.</summary>
    public int Day { get; }

    /// <summary>Days since 0001-01-01, for ordering.</summary>
    internal long Ordinal => new DateTime(Year, Month, Day).Ticks / TimeSpan.TicksPerDay;

    /// <summary>The ISO form, as Python's <c>date.isoformat()</c> writes it.</summary>
    public override string ToString() => $"{Year:D4}-{Month:D2}-{Day:D2}";
}

/// <summary>A Python <c>datetime.datetime</c>, naive or with a fixed UTC offset.</summary>
public sealed class PyDateTime
{
    /// <summary>Creates a datetime; the caller has validated the fields.</summary>
    public PyDateTime(int year, int month, int day, int hour, int minute, int second, int microsecond, int? offsetMinutes)
    {
        Year = year;
        Month = month;
        Day = day;
        Hour = hour;
        Minute = minute;
        Second = second;
        Microsecond = microsecond;
        OffsetMinutes = offsetMinutes;
    }

    /// <summary>The year.</summary>
    public int Year { get; }

    /// <summary>The month.</summary>
    public int Month { get; }

    /// <summary>The day.</summary>
    public int Day { get; }

    /// <summary>The hour.</summary>
    public int Hour { get; }

    /// <summary>The minute.</summary>
    public int Minute { get; }

    /// <summary>The second.</summary>
    public int Second { get; }

    /// <summary>The microsecond, 0 to 999999.</summary>
    public int Microsecond { get; }

    /// <summary>The UTC offset in minutes, or <c>null</c> for a naive datetime.</summary>
    public int? OffsetMinutes { get; }

    /// <summary>Whether the datetime carries a UTC offset.</summary>
    public bool IsAware => OffsetMinutes.HasValue;

    /// <summary>Microseconds since 0001-01-01T00:00 of the wall-clock fields.</summary>
    internal long LocalMicroseconds =>
        (new DateTime(Year, Month, Day, Hour, Minute, Second).Ticks / 10) + Microsecond;

    /// <summary>Microseconds since 0001-01-01T00:00 UTC (aware datetimes only; may be out of DateTime's range).</summary>
    internal long UtcMicroseconds => LocalMicroseconds - ((long)(OffsetMinutes ?? 0) * 60_000_000L);

    /// <summary>The form Python's <c>datetime.isoformat(' ')</c> writes.</summary>
    public override string ToString()
    {
        var text = $"{Year:D4}-{Month:D2}-{Day:D2} {Hour:D2}:{Minute:D2}:{Second:D2}";
        if (Microsecond != 0)
        {
            text += "." + Microsecond.ToString("D6", CultureInfo.InvariantCulture);
        }

        if (OffsetMinutes is int offset)
        {
            var sign = offset < 0 ? '-' : '+';
            var abs = Math.Abs(offset);
            text += $"{sign}{abs / 60:D2}:{abs % 60:D2}";
        }

        return text;
    }
}

/// <summary>Python <c>bytes</c> (from <c>!!binary</c>).</summary>
public sealed class PyBytes
{
    /// <summary>Wraps <paramref name="data"/>.</summary>
    public PyBytes(byte[] data) => Data = data;

    /// <summary>The bytes.</summary>
    public byte[] Data { get; }
}

/// <summary>A Python <c>list</c>.</summary>
public sealed class PyList : List<object?>
{
    /// <summary>Creates an empty list.</summary>
    public PyList()
    {
    }

    /// <summary>Creates a list holding <paramref name="items"/>.</summary>
    public PyList(IEnumerable<object?> items)
        : base(items)
    {
    }

    /// <summary>Where the list starts in its YAML source (1-based), or 0.</summary>
    public int SourceLine { get; set; }

    /// <summary>Column where the list starts in its YAML source (1-based), or 0.</summary>
    public int SourceColumn { get; set; }
}

/// <summary>A Python <c>tuple</c> (from <c>!!omap</c> and <c>!!pairs</c>).</summary>
public sealed class PyTuple
{
    /// <summary>Wraps <paramref name="items"/>.</summary>
    public PyTuple(params object?[] items) => Items = items;

    /// <summary>The items.</summary>
    public IReadOnlyList<object?> Items { get; }
}

/// <summary>
/// A Python <c>dict</c>: insertion-ordered, with Python's key equality (<c>1 == 1.0 == True</c>, aware
/// datetimes equal by instant). A repeated key keeps its first position and first key object and takes the
/// new value, as <c>d[k] = v</c> does.
/// </summary>
public sealed class PyDict : IEnumerable<KeyValuePair<object?, object?>>
{
    private readonly List<KeyValuePair<object?, object?>> _entries;
    // Most config mappings are small: a linear scan beats hashing until there are a dozen keys.
    private const int IndexThreshold = 12;
    private Dictionary<object, int>? _index;

    /// <summary>Creates an empty dict.</summary>
    public PyDict() => _entries = new();

    /// <summary>Creates an empty dict with room for <paramref name="capacity"/> entries.</summary>
    internal PyDict(int capacity) => _entries = new(capacity);

    /// <summary>Where the mapping starts in its YAML source (1-based), or 0.</summary>
    public int SourceLine { get; set; }

    /// <summary>Column where the mapping starts in its YAML source (1-based), or 0.</summary>
    public int SourceColumn { get; set; }

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object?, object?>> Entries => _entries;

    /// <summary>Gets the value for <paramref name="key"/>, or sets it keeping the existing key and position.</summary>
    public object? this[object? key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(Convert.ToString(key, CultureInfo.InvariantCulture));
        set => Set(key, value);
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (Python <c>d[key] = value</c>).</summary>
    public void Set(object? key, object? value)
    {
        var wrapped = Wrap(key);
        var position = Find(wrapped);
        if (position >= 0)
        {
            _entries[position] = new KeyValuePair<object?, object?>(_entries[position].Key, value);
            return;
        }

        _entries.Add(new KeyValuePair<object?, object?>(key, value));
        if (_index is not null)
        {
            _index.Add(wrapped, _entries.Count - 1);
        }
        else if (_entries.Count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    /// <summary>Whether the dict has <paramref name="key"/>.</summary>
    public bool ContainsKey(object? key) => Find(Wrap(key)) >= 0;

    /// <summary>Looks <paramref name="key"/> up.</summary>
    public bool TryGetValue(object? key, out object? value)
    {
        var position = Find(Wrap(key));
        if (position >= 0)
        {
            value = _entries[position].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Removes <paramref name="key"/> (Python <c>d.pop(key, None)</c>); returns whether it was there.</summary>
    public bool Remove(object? key)
    {
        var position = Find(Wrap(key));
        if (position < 0)
        {
            return false;
        }

        _entries.RemoveAt(position);
        _index = null;
        if (_entries.Count > IndexThreshold)
        {
            RebuildIndex();
        }

        return true;
    }

    private int Find(object wrapped)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(wrapped, out var position) ? position : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (PyKeyComparer.Instance.Equals(Wrap(_entries[i].Key), wrapped))
            {
                return i;
            }
        }

        return -1;
    }

    private void RebuildIndex()
    {
        _index = new Dictionary<object, int>(_entries.Count * 2, PyKeyComparer.Instance);
        for (var i = 0; i < _entries.Count; i++)
        {
            _index.Add(Wrap(_entries[i].Key), i);
        }
    }

    /// <summary>A shallow copy (Python <c>dict.copy()</c>): a new dict object with the same keys and values.</summary>
    public PyDict Copy()
    {
        // The keys are distinct already: copy the entries as they are; lookups scan them until the next Set
        // makes the copy large enough for an index.
        var copy = new PyDict(_entries.Count) { SourceLine = SourceLine, SourceColumn = SourceColumn };
        copy._entries.AddRange(_entries);
        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<object?, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static object Wrap(object? key) => key ?? PyKeyComparer.NoneKey;
}

/// <summary>A Python <c>set</c> (from <c>!!set</c>), insertion-ordered here; the dump sorts it.</summary>
public sealed class PySet : IEnumerable<object?>
{
    private readonly PyDict _items = new();

    /// <summary>Adds <paramref name="item"/> unless an equal item is present.</summary>
    public void Add(object? item)
    {
        if (!_items.ContainsKey(item))
        {
            _items.Set(item, null);
        }
    }

    /// <summary>The number of items.</summary>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator()
    {
        foreach (var entry in _items.Entries)
        {
            yield return entry.Key;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
