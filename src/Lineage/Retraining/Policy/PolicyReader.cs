using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Retraining.Policy;

/// <summary>
/// Typed reads from one mapping of the policy file, each error naming the file, the mapping's line and column, the
/// key's full path and what to write instead. Unknown keys are errors (a typo must not silently disable a trigger).
/// </summary>
internal sealed class PolicyReader
{
    private readonly PyDict _map;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public PolicyReader(PyDict map, string source, string path)
    {
        _map = map;
        Source = source;
        Path = path;
        foreach (var entry in map)
        {
            if (entry.Key is not string)
            {
                throw Error($"keys must be strings, not {Describe(entry.Key)}");
            }
        }
    }

    public string Source { get; }

    public string Path { get; }

    public int Line => _map.SourceLine;

    public bool Has(string key) => _map.ContainsKey(key);

    /// <summary>True when the key is present with an explicit <c>null</c> or <c>false</c> (a disabled section).</summary>
    public bool IsDisabled(string key) => _map.TryGetValue(key, out var value) && (value is null || value is false);

    public PolicyReader? Section(string key)
    {
        _read.Add(key);
        if (!_map.TryGetValue(key, out var value) || value is null || value is false)
        {
            return null;
        }

        if (value is true)
        {
            return new PolicyReader(new PyDict { SourceLine = _map.SourceLine, SourceColumn = _map.SourceColumn }, Source, Join(key));
        }

        return value is PyDict dict
            ? new PolicyReader(dict, Source, Join(key))
            : throw Error($"'{Join(key)}' must be a mapping, not {Describe(value)}");
    }

    public IEnumerable<KeyValuePair<string, object?>> Entries()
    {
        foreach (var entry in _map)
        {
            _read.Add((string)entry.Key!);
            yield return new KeyValuePair<string, object?>((string)entry.Key!, entry.Value);
        }
    }

    public string? String(string key, string? fallback = null)
    {
        _read.Add(key);
        if (!_map.TryGetValue(key, out var value) || value is null)
        {
            return fallback;
        }

        return value switch
        {
            string s when s.Length > 0 => s,
            string => throw Error($"'{Join(key)}' is empty"),
            _ => throw Error($"'{Join(key)}' must be a string, not {Describe(value)}; quote it"),
        };
    }

    public double Number(string key, double fallback, double min, double max, bool minExclusive = false)
    {
        _read.Add(key);
        if (!_map.TryGetValue(key, out var value) || value is null)
        {
            return fallback;
        }

        double number = value switch
        {
            BigInteger i => (double)i,
            double d => d,
            _ => throw Error($"'{Join(key)}' must be a number, not {Describe(value)}"),
        };
        if (double.IsNaN(number) || number < min || number > max || (minExclusive && number == min))
        {
            var range = minExclusive ? $"greater than {Format(min)} and at most {Format(max)}" : $"between {Format(min)} and {Format(max)}";
            throw Error($"'{Join(key)}' is {Format(number)}; it must be {range}");
        }

        return number;
    }

    public bool Bool(string key, bool fallback)
    {
        _read.Add(key);
        if (!_map.TryGetValue(key, out var value) || value is null)
        {
            return fallback;
        }

        return value is bool b ? b : throw Error($"'{Join(key)}' must be true or false, not {Describe(value)}");
    }

    public int Integer(string key, int fallback, int min, int max)
    {
        _read.Add(key);
        if (!_map.TryGetValue(key, out var value) || value is null)
        {
            return fallback;
        }

        if (value is not BigInteger i)
        {
            throw Error($"'{Join(key)}' must be a whole number, not {Describe(value)}");
        }

        if (i < min || i > max)
        {
            throw Error($"'{Join(key)}' is {i}; it must be between {min} and {max}");
        }

        return (int)i;
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        _read.Add(key);
        if (!_map.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        if (value is string single)
        {
            return new[] { single };
        }

        if (value is not PyList list)
        {
            throw Error($"'{Join(key)}' must be a list of strings, not {Describe(value)}");
        }

        var result = new List<string>(list.Count);
        foreach (var item in list)
        {
            result.Add(item switch
            {
                string s => s,
                BigInteger or double => Convert.ToString(item, CultureInfo.InvariantCulture)!,
                _ => throw Error($"'{Join(key)}' must hold strings, not {Describe(item)}"),
            });
        }

        return result;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var section = Section(key);
        if (section is null)
        {
            return result;
        }

        foreach (var entry in section.Entries())
        {
            result[entry.Key] = entry.Value switch
            {
                string s => s,
                BigInteger or double => Convert.ToString(entry.Value, CultureInfo.InvariantCulture)!,
                bool b => b ? "true" : "false",
                _ => throw section.Error($"'{section.Join(entry.Key)}' must be a string, not {Describe(entry.Value)}"),
            };
        }

        return result;
    }

    /// <summary>Fails on any key no read asked for, suggesting the closest known one.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var entry in _map)
        {
            var key = (string)entry.Key!;
            if (_read.Contains(key) || Array.IndexOf(known, key) >= 0)
            {
                continue;
            }

            var candidates = _read.Concat(known).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
            var near = candidates.OrderBy(k => Distance(k, key)).FirstOrDefault(k => Distance(k, key) <= Math.Max(2, key.Length / 3));
            var hint = near is null ? $"expected one of: {string.Join(", ", candidates)}" : $"did you mean '{near}'?";
            throw Error($"unknown key '{Join(key)}'; {hint}");
        }
    }

    public LineageException Error(string message) =>
        new(DiagnosticCodes.InvalidRetrainPolicy, message, Source, _map.SourceLine, _map.SourceColumn);

    public string Join(string key) => Path.Length == 0 ? key : Path + "." + key;

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the string '{s}'",
        bool b => b ? "true" : "false",
        BigInteger i => $"the number {i}",
        double d => $"the number {Format(d)}",
        PyList => "a list",
        PyDict => "a mapping",
        _ => $"a {value.GetType().Name.Replace("Py", string.Empty).ToLowerInvariant()}",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
