namespace Lineage.Core.Yaml;

/// <summary>Limits that keep hostile input from exhausting memory or time.</summary>
public sealed class YamlLoadOptions
{
    /// <summary>The defaults: 64 MiB per file, 10 million nodes after alias expansion, nesting depth 300.</summary>
    public static YamlLoadOptions Default => new();

    /// <summary>Largest file accepted, in bytes. Real configs are kilobytes; the default is 64 MiB.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most nodes the document may hold with every alias expanded (counting what a naive consumer would see).
    /// Aliases that multiply beyond this are a "YAML bomb" and are refused.
    /// </summary>
    public long MaxExpandedNodes { get; set; } = 10_000_000;

    /// <summary>
    /// Deepest nesting of collections accepted. PyYAML hits Python's recursion limit at about 330 levels, so
    /// refusing above 300 never turns a Python error into a hash.
    /// </summary>
    public int MaxDepth { get; set; } = 300;

    /// <summary>
    /// Documents of at least this many characters have their largest top-level block sequence (a catalog's
    /// <c>circuits:</c> list) parsed in parallel chunks. Anything unusual falls back to one sequential pass, and the
    /// result is the same either way. <see cref="int.MaxValue"/> turns it off.
    /// </summary>
    public int ParallelLoadThreshold { get; set; } = 512 * 1024;
}
