using System;
using System.Collections.Generic;
using System.Globalization;
using Lineage.Core.Diagnostics;
using NuGet.Versioning;

namespace Lineage.Registry;

/// <summary>
/// The rules that keep user input inside the registry directory: every model name, version, tag and artifact name is
/// checked here before it reaches a path. Names are an allowlist (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>), so
/// separators, <c>..</c>, drive letters, control characters and Windows device names can never form a path.
/// </summary>
public static class RegistryNames
{
    /// <summary>The longest model name accepted; leaves room for <c>_v</c> and a version within 255-byte file names.</summary>
    public const int MaxModelNameLength = 128;

    /// <summary>The longest tag key accepted.</summary>
    public const int MaxTagKeyLength = 128;

    /// <summary>The longest tag value accepted.</summary>
    public const int MaxTagValueLength = 4096;

    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Throws <see cref="DiagnosticCodes.InvalidModelName"/> unless <paramref name="name"/> is a safe model name.</summary>
    public static void ValidateModelName(string? name)
    {
        var problem = ModelNameProblem(name);
        if (problem is not null)
        {
            throw new LineageException(DiagnosticCodes.InvalidModelName, $"invalid model name '{Printable(name)}': {problem}");
        }
    }

    /// <summary>Whether <paramref name="name"/> is a safe model name.</summary>
    public static bool IsValidModelName(string? name) => ModelNameProblem(name) is null;

    private static string? ModelNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name!.Length > MaxModelNameLength)
        {
            return $"it is longer than {MaxModelNameLength} characters";
        }

        if (!IsAsciiLetterOrDigit(name[0]))
        {
            return "it must start with a letter or a digit";
        }

        foreach (var c in name)
        {
            if (!IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return "only letters, digits, '.', '_' and '-' are allowed (no path separators, spaces or control characters)";
            }
        }

        if (name.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return "it must not contain '..'";
        }

        if (name[name.Length - 1] == '.')
        {
            return "it must not end with '.'";
        }

        var stem = name.IndexOf('.') is var dot and >= 0 ? name.Substring(0, dot) : name;
        if (WindowsDeviceNames.Contains(stem))
        {
            return "it is a reserved device name on Windows";
        }

        return null;
    }

    /// <summary>The folder name of a version: <c>{model}_v{version}</c>.</summary>
    public static string VersionId(string modelName, RegistryVersion version) => modelName + "_v" + version.Text;

    /// <summary>
    /// Splits a folder name <c>{model}_v{version}</c>; the version is the part after the last <c>_v</c> and must parse
    /// with NuGet.Versioning (so <c>a_v1_v2</c> is model <c>a_v1</c>, version 2). Returns false for anything else.
    /// </summary>
    public static bool TryParseVersionId(string folderName, out string modelName, out RegistryVersion version)
    {
        modelName = string.Empty;
        version = default;
        var at = folderName.LastIndexOf("_v", StringComparison.Ordinal);
        if (at <= 0 || at + 2 >= folderName.Length)
        {
            return false;
        }

        var name = folderName.Substring(0, at);
        if (!IsValidModelName(name) || !RegistryVersion.TryParse(folderName.Substring(at + 2), out version))
        {
            return false;
        }

        modelName = name;
        return true;
    }

    /// <summary>
    /// Parses a version given by a user for <paramref name="modelName"/>: <c>7</c>, <c>v7</c> or <c>{model}_v7</c>
    /// (dotted versions such as <c>v1.2.0</c> of registries created by other tools too).
    /// </summary>
    public static RegistryVersion ParseUserVersion(string modelName, string? text)
    {
        var value = (text ?? string.Empty).Trim();
        if (value.StartsWith(modelName + "_v", StringComparison.Ordinal))
        {
            value = value.Substring(modelName.Length + 2);
        }
        else if (value.Length > 1 && (value[0] == 'v' || value[0] == 'V'))
        {
            value = value.Substring(1);
        }

        if (!RegistryVersion.TryParse(value, out var version))
        {
            throw new LineageException(DiagnosticCodes.InvalidVersion, $"'{Printable(text)}' is not a version of {modelName}: write 7, v7 or {modelName}_v7");
        }

        return version;
    }

    /// <summary>Throws <see cref="DiagnosticCodes.InvalidTag"/> unless the tag can be stored.</summary>
    public static void ValidateTag(string key, string value)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxTagKeyLength)
        {
            throw new LineageException(DiagnosticCodes.InvalidTag, $"invalid tag key '{Printable(key)}': 1 to {MaxTagKeyLength} characters");
        }

        foreach (var c in key)
        {
            if (!IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-' && c != ':' && c != '/')
            {
                throw new LineageException(DiagnosticCodes.InvalidTag, $"invalid tag key '{Printable(key)}': only letters, digits, '.', '_', '-', ':' and '/' are allowed");
            }
        }

        if (value is null || value.Length > MaxTagValueLength)
        {
            throw new LineageException(DiagnosticCodes.InvalidTag, $"invalid value of tag '{key}': at most {MaxTagValueLength} characters");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new LineageException(DiagnosticCodes.InvalidTag, $"invalid value of tag '{key}': control characters are not allowed");
            }
        }
    }

    /// <summary>
    /// Throws <see cref="DiagnosticCodes.InvalidArtifact"/> unless <paramref name="fileName"/> can be stored in a version
    /// folder: a plain file name (no folder part), not a dot file, not one of the registry's own file names.
    /// </summary>
    public static void ValidateArtifactName(string fileName)
    {
        if (string.IsNullOrEmpty(fileName) || fileName.Length > 200 || fileName[0] == '.' || fileName[fileName.Length - 1] == '.')
        {
            throw new LineageException(DiagnosticCodes.InvalidArtifact, $"artifact name '{Printable(fileName)}' cannot be stored: 1 to 200 characters, not starting or ending with '.'");
        }

        foreach (var c in fileName)
        {
            if (!IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                throw new LineageException(DiagnosticCodes.InvalidArtifact, $"artifact name '{Printable(fileName)}' cannot be stored: only letters, digits, '.', '_' and '-' are allowed");
            }
        }

        if (string.Equals(fileName, FileSystemRegistry.MetadataFileName, StringComparison.OrdinalIgnoreCase))
        {
            throw new LineageException(DiagnosticCodes.InvalidArtifact, $"an artifact cannot be named {FileSystemRegistry.MetadataFileName}: the registry writes that file");
        }

        var stem = fileName.IndexOf('.') is var dot and >= 0 ? fileName.Substring(0, dot) : fileName;
        if (WindowsDeviceNames.Contains(stem))
        {
            throw new LineageException(DiagnosticCodes.InvalidArtifact, $"artifact name '{fileName}' is a reserved device name on Windows");
        }
    }

    /// <summary>Input text as it may be shown in a message: control characters escaped, long text cut.</summary>
    public static string Printable(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var builder = new System.Text.StringBuilder(Math.Min(text.Length, 80));
        foreach (var c in text)
        {
            if (builder.Length >= 80)
            {
                builder.Append("...");
                break;
            }

            builder.Append(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return builder.ToString();
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}

/// <summary>
/// A version of a model in the registry. Lineage allocates whole numbers (1, 2, 3 ...); versions are parsed and
/// ordered with NuGet.Versioning, so folders written by other tools with dotted versions (<c>_v1.10.0</c>) sort
/// correctly too (1.10 after 1.9, 10 after 9, where text order would put <c>v10</c> before <c>v9</c>).
/// </summary>
public readonly struct RegistryVersion : IEquatable<RegistryVersion>, IComparable<RegistryVersion>
{
    private readonly NuGetVersion? _version;

    private RegistryVersion(string text, NuGetVersion version)
    {
        Text = text;
        _version = version;
    }

    /// <summary>The version as written in folder names and metadata, for example <c>7</c>.</summary>
    public string Text { get; }

    /// <summary>The major part: the number Lineage allocates.</summary>
    public int Major => _version?.Major ?? 0;

    /// <summary>A whole-number version, as Lineage allocates.</summary>
    public static RegistryVersion FromNumber(int number)
    {
        if (number < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(number));
        }

        var text = number.ToString(CultureInfo.InvariantCulture);
        return new RegistryVersion(text, NuGetVersion.Parse(text));
    }

    /// <summary>
    /// Parses <c>7</c> or a dotted version such as <c>1.2.0</c> or <c>2.0.0-rc.1</c>. Build metadata (<c>+...</c>) is not
    /// accepted: it does not take part in ordering, so two folders could not be told apart.
    /// </summary>
    public static bool TryParse(string? text, out RegistryVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text) || text!.Length > 64 || text.IndexOf('+') >= 0 || text.Trim() != text)
        {
            return false;
        }

        if (text.Length > 1 && text[0] == '0')
        {
            return false; // "07" and "7" would be two folders for one version.
        }

        // The versions Lineage allocates are whole numbers: build those directly (100,000 of them in a large index).
        if (text.Length <= 9 && IsDigits(text))
        {
            version = new RegistryVersion(text, new NuGetVersion(int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture), 0, 0));
            return true;
        }

        // NuGetVersion accepts one to four parts; a plain "7" parses as 7.0.0.
        if (!NuGetVersion.TryParse(text, out var parsed) || parsed is null)
        {
            return false;
        }

        version = new RegistryVersion(text, parsed);
        return true;
    }

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public int CompareTo(RegistryVersion other)
    {
        if (_version is null || other._version is null)
        {
            return _version is null ? (other._version is null ? 0 : -1) : 1;
        }

        var byVersion = VersionComparer.VersionRelease.Compare(_version, other._version);
        return byVersion != 0 ? byVersion : string.CompareOrdinal(Text, other.Text);
    }

    /// <inheritdoc/>
    public bool Equals(RegistryVersion other) => string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RegistryVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Text is null ? 0 : StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>The version as users write it: <c>v7</c>.</summary>
    public override string ToString() => "v" + Text;
}
