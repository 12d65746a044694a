using System;
using System.IO;

namespace Lineage.Core.Manifest;

/// <summary>
/// Reads the commit a working tree is at straight from the <c>.git</c> files (no <c>git</c> process, no library):
/// normal repositories, worktrees and submodules (<c>.git</c> as a <c>gitdir:</c> file), loose and packed refs, and
/// detached heads. An unborn branch or an unknown ref storage (reftable) gives <c>null</c> rather than a guess.
/// </summary>
public static class GitHead
{
    /// <summary>The full commit id of HEAD for the working tree containing <paramref name="directory"/>, or <c>null</c>.</summary>
    public static string? TryResolve(string directory)
    {
        try
        {
            var gitDir = FindGitDirectory(directory);
            return gitDir is null ? null : ResolveHead(gitDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The git directory (the <c>.git</c> folder, or where a <c>.git</c> file points) above <paramref name="directory"/>.</summary>
    public static string? FindGitDirectory(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(candidate))
            {
                var text = File.ReadAllText(candidate).Trim();
                const string Prefix = "gitdir:";
                if (text.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    var target = text.Substring(Prefix.Length).Trim();
                    return Path.GetFullPath(Path.Combine(dir.FullName, target));
                }

                return null;
            }
        }

        return null;
    }

    private static string? ResolveHead(string gitDir)
    {
        var headPath = Path.Combine(gitDir, "HEAD");
        if (!File.Exists(headPath))
        {
            return null;
        }

        var head = File.ReadAllText(headPath).Trim();
        if (IsObjectId(head))
        {
            return head.ToLowerInvariant();
        }

        const string RefPrefix = "ref:";
        if (!head.StartsWith(RefPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var refName = head.Substring(RefPrefix.Length).Trim();

        // A worktree keeps HEAD to itself but shares branches with the main repository (its "commondir").
        var commonDir = gitDir;
        var commonDirFile = Path.Combine(gitDir, "commondir");
        if (File.Exists(commonDirFile))
        {
            commonDir = Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonDirFile).Trim()));
        }

        foreach (var dir in new[] { gitDir, commonDir })
        {
            var loose = Path.Combine(dir, refName.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose))
            {
                var value = File.ReadAllText(loose).Trim();
                return IsObjectId(value) ? value.ToLowerInvariant() : null;
            }
        }

        var packed = Path.Combine(commonDir, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in File.ReadAllLines(packed))
            {
                // "<id> <ref>"; comments start with '#', peeled tags with '^'.
                var space = line.IndexOf(' ');
                if (space > 0 && line.Substring(space + 1) == refName && IsObjectId(line.Substring(0, space)))
                {
                    return line.Substring(0, space).ToLowerInvariant();
                }
            }
        }

        return null;
    }

    // SHA-1 (40) or SHA-256 (64) object ids.
    private static bool IsObjectId(string text)
    {
        if (text.Length != 40 && text.Length != 64)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }
}
