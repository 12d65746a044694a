using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Generators.Tests;

/// <summary>
/// Snapshot testing without Verify (not served here), with its habits: the expected text is
/// <c>Snapshots/&lt;name&gt;.verified.cs</c> beside this file; on a mismatch the actual text is written to
/// <c>&lt;name&gt;.received.cs</c> (gitignored) for a diff, and <c>LINEAGE_ACCEPT_SNAPSHOTS=1</c> accepts it instead.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verified = Path.Combine(dir, name + ".verified.cs");
        var received = Path.Combine(dir, name + ".received.cs");
        var text = Scrub(actual);
        var expected = File.Exists(verified) ? Scrub(File.ReadAllText(verified)) : null;
        if (text == expected)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(dir);
        if (Environment.GetEnvironmentVariable("LINEAGE_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, text);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, text);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet; the generated text is in {received} (LINEAGE_ACCEPT_SNAPSHOTS=1 accepts it)."
            : $"Generated text differs from {verified}; see {received} (LINEAGE_ACCEPT_SNAPSHOTS=1 accepts it).");
    }

    // The generator's version changes with every release and says nothing about the text; line endings depend on checkout.
    private static string Scrub(string text) =>
        Regex.Replace(text.Replace("\r\n", "\n"), "(GeneratedCode\\(\"Lineage.Generators\", \")[^\"]*\"", "$1VERSION\"");
}
