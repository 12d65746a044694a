using System.Security.Cryptography;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Core.Hashing;

/// <summary>The config hash and the canonical text it was computed from.</summary>
public sealed class ConfigHashResult
{
    internal ConfigHashResult(string hash, string canonicalYaml)
    {
        Hash = hash;
        CanonicalYaml = canonicalYaml;
    }

    /// <summary>The first 12 hex digits of the MD5 of <see cref="CanonicalYaml"/>.</summary>
    public string Hash { get; }

    /// <summary><c>yaml.dump(config_without_metadata, sort_keys=True, default_flow_style=False)</c>.</summary>
    public string CanonicalYaml { get; }
}

/// <summary>
/// The config hash of seed 000:
/// <c>md5(yaml.dump(cfg_without_metadata, sort_keys=True, default_flow_style=False).encode()).hexdigest()[:12]</c>.
/// </summary>
public static class ConfigHash
{
    /// <summary>Number of hex characters kept from the MD5 digest.</summary>
    public const int Length = 12;

    /// <summary>The top-level key that holds generated metadata and is left out of the hash.</summary>
    public const string MetadataKey = "metadata";

    /// <summary>Hashes the YAML config in <paramref name="yamlText"/>; its top level must be a mapping.</summary>
    public static ConfigHashResult Compute(string yamlText, string? sourceName = null, YamlLoadOptions? options = null)
    {
        var value = PyYaml.Load(yamlText, sourceName, options);
        if (value is not PyDict config)
        {
            throw new LineageException(
                DiagnosticCodes.NotAMapping,
                $"the top level of a config must be a mapping, but this file holds {Describe(value)}",
                sourceName,
                1,
                1);
        }

        return Compute(config, sourceName);
    }

    /// <summary>Hashes a loaded config: a copy without its <c>metadata</c> key, dumped with sorted keys.</summary>
    public static ConfigHashResult Compute(PyDict config, string? sourceName = null)
    {
        var copy = config.Copy();
        copy.Remove(MetadataKey);
        string canonical;
        try
        {
            canonical = PyYaml.Dump(copy, sortKeys: true);
        }
        catch (LineageException ex)
        {
            throw ex.WithFile(sourceName);
        }

        return new ConfigHashResult(Md5Prefix(canonical), canonical);
    }

    /// <summary>The first 12 hex digits of the MD5 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Md5Prefix(string text)
    {
        // One MD5 object per thread: a catalog hashes thousands of circuits, and creating one is most of the cost
        // of hashing a short text. ComputeHash starts from a fresh state every time.
        var md5 = _md5 ??= MD5.Create();
        var digest = md5.ComputeHash(Encoding.UTF8.GetBytes(text));
        var hex = new char[Length];
        for (var i = 0; i < Length / 2; i++)
        {
            hex[2 * i] = HexDigits[digest[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[digest[i] & 0xF];
        }

        return new string(hex);
    }

    private const string HexDigits = "0123456789abcdef";

    [System.ThreadStatic]
    private static MD5? _md5;

    internal static string Describe(object? value) => value switch
    {
        null => "nothing (an empty document)",
        PyList => "a list",
        string => "a string",
        _ => "a single " + PyTypeName(value),
    };

    internal static string PyTypeName(object? value) => value switch
    {
        null => "null",
        bool => "boolean",
        System.Numerics.BigInteger => "integer",
        double => "float",
        string => "string",
        PyDate => "date",
        PyDateTime => "datetime",
        PyBytes => "binary value",
        PyList => "list",
        PyDict => "mapping",
        PySet => "set",
        _ => value.GetType().Name,
    };
}
