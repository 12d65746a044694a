using System;
using System.Collections.Generic;

namespace Lineage.Core.Yaml;

/// <summary>
/// Per-thread pool of short scalar texts. A catalog repeats the same keys and values in every circuit; pooling them
/// keeps one string per distinct text alive for the rest of the run instead of one per occurrence, which is most of
/// what the garbage collector would otherwise copy around. Python strings are values, never identities (yaml.dump
/// never anchors a str), so sharing an instance changes nothing that is observable.
/// </summary>
internal static class StringPool
{
    private const int MaxLength = 64;
    private const int MaxEntries = 64 * 1024;

    [ThreadStatic]
    private static Dictionary<string, string>? _pool;

    public static string Intern(string text)
    {
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (text.Length > MaxLength)
        {
            return text;
        }

        var pool = _pool ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (pool.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        if (pool.Count >= MaxEntries)
        {
            pool.Clear();
        }

        pool.Add(text, text);
        return text;
    }
}
