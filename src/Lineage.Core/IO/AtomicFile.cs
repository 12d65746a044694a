using System;
using System.IO;

namespace Lineage.Core.IO;

/// <summary>
/// File writes that never leave a half-written file behind: the content goes to a temporary file in the same folder,
/// which then replaces the target in one rename. A reader (or a killed process) sees the old file or the new one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically, creating the folder when missing.</summary>
    public static void Write(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        Directory.CreateDirectory(directory);

        // Short and fixed-length, so a 255-byte target name still has a temp name that fits.
        var temp = Path.Combine(directory, ".lineage-" + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(path))
            {
                File.Replace(temp, path, destinationBackupFileName: null);
            }
            else
            {
                try
                {
                    File.Move(temp, path);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another writer (a parallel inner build of a multi-targeted project) created it meanwhile.
                    File.Replace(temp, path, destinationBackupFileName: null);
                }
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> atomically unless the file already holds exactly these bytes, so unchanged
    /// outputs keep their timestamps and do not wake up incremental builds. Returns whether the file was written.
    /// </summary>
    public static bool WriteIfChanged(string path, byte[] content)
    {
        if (HasContent(path, content))
        {
            return false;
        }

        Write(path, content);
        return true;
    }

    /// <summary>Whether the file at <paramref name="path"/> exists and holds exactly <paramref name="content"/>.</summary>
    public static bool HasContent(string path, byte[] content)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var info = new FileInfo(path);
        return info.Length == content.Length && Yaml.ByteArrayExtensions.ContentEquals(File.ReadAllBytes(path), content);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Leave the stray temp file; the original error is the one to report.
        }
    }
}
