using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Cli.Tests;

[TestClass]
public sealed class UsageTests
{
    public static IEnumerable<object[]> UsageErrors => new[]
    {
        new object[] { new string[0], "Required command was not provided", "lineage --help" },
        new object[] { new[] { "frobnicate" }, "frobnicate", "lineage --help" },
        new object[] { new[] { "hash" }, "Required argument missing", "lineage hash --help" },
        new object[] { new[] { "hash", "--bogus", "a.yaml" }, "Unrecognized option '--bogus'", "lineage hash --help" },
        new object[] { new[] { "circuits" }, "Required command was not provided", "lineage circuits --help" },
        new object[] { new[] { "circuits", "hash" }, "Required argument missing", "lineage circuits hash --help" },
        new object[] { new[] { "circuits", "hash", "a.yaml", "b.yaml" }, "Unrecognized command or argument 'b.yaml'", "lineage circuits hash --help" },
        new object[] { new[] { "circuits", "generate", "a.yaml" }, "Option '--out' is required", "lineage circuits generate --help" },
        new object[] { new[] { "circuits", "generate", "a.yaml", "--out" }, "--out", "lineage circuits generate --help" },
    };

    [TestMethod]
    [DynamicData(nameof(UsageErrors))]
    public void Usage_errors_exit_2_with_a_hint(string[] args, string message, string hint)
    {
        using var dir = new TempDirectory();

        var result = ProcessRunner.Lineage(dir.Path, args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual(string.Empty, result.StdOut, result.ToString());
        Assert.Contains(message, result.StdErr, result.ToString());
        Assert.Contains($"Run '{hint}' for usage.", result.StdErr, result.ToString());
        Assert.IsEmpty(Directory.GetFileSystemEntries(dir.Path), "a usage error must not write anything");
    }

    public static IEnumerable<object[]> HelpPages => new[]
    {
        new object[] { new[] { "--help" }, new[] { "Usage:", "lineage [command] [options]", "hash <file.yaml>", "circuits", "--version", "Examples:", "Exit codes:", "2  usage error" } },
        new object[] { new[] { "hash", "-h" }, new[] { "lineage hash <file.yaml>... [options]", "--json", "canonical", "'-' reads standard input", "Examples:", "md5sum" } },
        new object[] { new[] { "circuits", "--help" }, new[] { "hash", "generate", "Examples:" } },
        new object[] { new[] { "circuits", "hash", "--help" }, new[] { "<circuits.yaml>", "The master circuit catalog.", "--json", "model_name", "Examples:" } },
        new object[] { new[] { "circuits", "generate", "--help" }, new[] { "<circuits.yaml>", "-o, --out <dir> (REQUIRED)", "SOURCE_DATE_EPOCH", "generated_at", "nothing is written", "Examples:" } },
        new object[] { new[] { "circuits", "generate", "--help", "--bogus" }, new[] { "lineage circuits generate" } },
    };

    [TestMethod]
    [DynamicData(nameof(HelpPages))]
    public void Help_describes_every_command_option_and_argument(string[] args, string[] expected)
    {
        var result = ProcessRunner.Lineage(TestEnvironment.RepoRoot, args);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(string.Empty, result.StdErr, result.ToString());
        foreach (var text in expected)
        {
            Assert.Contains(text, result.StdOut, result.ToString());
        }

        // Every option and argument line has a description after its name.
        var section = string.Empty;
        foreach (var line in result.StdOut.Split('\n'))
        {
            if (line.EndsWith(':') && !line.StartsWith(' '))
            {
                section = line;
            }
            else if (section is "Options:" or "Arguments:" or "Commands:" && line.StartsWith("  ", System.StringComparison.Ordinal))
            {
                Assert.MatchesRegex(new System.Text.RegularExpressions.Regex(@"^  \S.*\S {2,}\S"), line, "no description: " + line);
            }
        }
    }

    [TestMethod]
    public void Version_prints_the_version()
    {
        var result = ProcessRunner.Lineage(TestEnvironment.RepoRoot, "--version");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.StdOut, "0.1.0");
    }
}
