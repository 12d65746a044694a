using System;
using System.Text;

namespace Lineage.Core.Circuits;

/// <summary>
/// Names of generated circuit files, and the rules that keep an id from escaping the output folder or producing
/// a name that some operating system cannot store. Checked on every platform, because a catalog that works on a
/// Linux build agent must still check out and generate on a Windows or macOS laptop.
/// </summary>
public static class CircuitFileNames
{
    /// <summary>Longest file name (in UTF-16 units) accepted; 255 is the limit of NTFS, ext4 and APFS.</summary>
    public const int MaxFileNameLength = 255;

    private const string InvalidWindowsCharacters = "<>:\"|?*";

    // The device names Windows reserves, with or without an extension; the superscript digits count too.
    private static readonly string[] ReservedWindowsNames =
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    };

    /// <summary>The file name the seed's script writes for a circuit: <c>f"{plant_id}_{circuit_id}.yaml"</c>.</summary>
    public static string FileName(string plantId, string circuitId) => plantId + "_" + circuitId + ".yaml";

    /// <summary>
    /// Why <paramref name="id"/> cannot be part of a file name, or <c>null</c> when it can. Rejects the empty id,
    /// path separators, <c>..</c>, control characters, characters Windows forbids, a trailing dot or space and
    /// the reserved Windows device names.
    /// </summary>
    public static string? UnsafeReason(string id)
    {
        if (id.Length == 0)
        {
            return "it is empty";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"it contains the unpaired surrogate U+{(int)c:X4}, which no file system encoding can store";
            }

            if (c == '/' || c == '\\')
            {
                return $"it contains the path separator '{c}'";
            }

            if (char.IsControl(c))
            {
                return $"it contains the control character U+{(int)c:X4}";
            }

            if (InvalidWindowsCharacters.IndexOf(c) >= 0)
            {
                return $"it contains '{c}', which Windows does not allow in file names";
            }
        }

        if (id.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return "it contains '..'";
        }

        var last = id[id.Length - 1];
        if (last == '.' || last == ' ')
        {
            return last == '.' ? "it ends with a dot, which Windows drops from names" : "it ends with a space, which Windows drops from names";
        }

        // Windows reserves the device name whatever follows its first dot, so "NUL.x" is as bad as "NUL".
        var dot = id.IndexOf('.');
        var stem = (dot >= 0 ? id.Substring(0, dot) : id).TrimEnd(' ');
        foreach (var reserved in ReservedWindowsNames)
        {
            if (string.Equals(stem, reserved, StringComparison.OrdinalIgnoreCase))
            {
                return $"'{reserved}' is a reserved device name on Windows";
            }
        }

        return null;
    }

    /// <summary>Why the whole file name cannot be stored, or <c>null</c> when it can (its ids are checked separately).</summary>
    public static string? UnsafeFileNameReason(string fileName)
    {
        // NTFS counts UTF-16 units, ext4 and APFS count UTF-8 bytes; both stop at 255.
        var bytes = Encoding.UTF8.GetByteCount(fileName);
        if (fileName.Length > MaxFileNameLength || bytes > MaxFileNameLength)
        {
            return $"is {bytes} bytes long; file systems allow at most {MaxFileNameLength}";
        }

        return null;
    }

    /// <summary>
    /// A key under which two names collide on a case-insensitive (Windows, default macOS) or normalizing (macOS)
    /// file system.
    /// </summary>
    public static string CollisionKey(string fileName)
    {
        // Where the runtime has no Unicode data (.NET's invariant globalization mode) Normalize returns the text
        // unchanged and only letter case is folded.
        string normalized;
        try
        {
            normalized = fileName.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalized; compare them as they are.
            normalized = fileName;
        }

        return normalized.ToUpperInvariant();
    }
}
