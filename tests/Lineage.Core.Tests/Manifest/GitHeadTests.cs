using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Lineage.Core.Manifest;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Manifest;

/// <summary>GitHead against repositories made by the real git.</summary>
[TestClass]
public sealed class GitHeadTests
{
    [TestMethod]
    public void Branch_packed_refs_detached_head_and_worktree()
    {
        using var dir = new TempFolder();
        var repo = Path.Combine(dir.Path, "repo");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "src", "a.txt"), "a");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "one");
        var first = Git(repo, "rev-parse", "HEAD");

        // A loose ref, found from a subfolder.
        Assert.AreEqual(first, GitHead.TryResolve(Path.Combine(repo, "src")));

        // Packed refs only.
        Git(repo, "pack-refs", "--all");
        Assert.IsFalse(File.Exists(Path.Combine(repo, ".git", "refs", "heads", "main")));
        Assert.AreEqual(first, GitHead.TryResolve(repo));

        // Detached HEAD.
        File.WriteAllText(Path.Combine(repo, "src", "a.txt"), "b");
        Git(repo, "commit", "-q", "-am", "two");
        var second = Git(repo, "rev-parse", "HEAD");
        Git(repo, "checkout", "-q", "--detach", first);
        Assert.AreEqual(first, GitHead.TryResolve(repo));

        // A worktree: .git is a file, HEAD is its own, branches are shared.
        var worktree = Path.Combine(dir.Path, "wt");
        Git(repo, "worktree", "add", "-q", worktree, "main");
        Assert.AreEqual(second, GitHead.TryResolve(worktree));
    }

    [TestMethod]
    public void Unborn_branch_and_no_repository_give_null()
    {
        using var dir = new TempFolder();
        if (GitHead.FindGitDirectory(dir.Path) is null)
        {
            // (Unless the temp folder itself sits inside a repository.)
            Assert.IsNull(GitHead.TryResolve(dir.Path));
        }

        var repo = Path.Combine(dir.Path, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        Assert.IsNull(GitHead.TryResolve(repo));
    }

    private static string Git(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new List<string> { "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Inconclusive("git is not installed");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"git {string.Join(" ", args)}: {error}");
            return output.Trim();
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lineage-git-" + Guid.NewGuid().ToString("N"));

        public TempFolder() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
