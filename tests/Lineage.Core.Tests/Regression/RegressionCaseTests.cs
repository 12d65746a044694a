using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Lineage.Core.Tests.Differential;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Regression;

/// <summary>
/// Every <c>Regression/Cases/*.yaml</c> file (the [Fn] examples of pyyaml-dump.md, edge cases, and one minimal
/// input per mismatch the differential tests found) is hashed by Python's reference and by Lineage, with the
/// same rules as the generated cases. Files are read as bytes and decoded as UTF-8 so CRLF, BOM and raw
/// control characters reach both sides unchanged. Python runs once for all files.
/// </summary>
[TestClass]
public sealed class RegressionCaseTests
{
    private static readonly object Gate = new();
    private static Dictionary<string, PyResult>? _python;

    public TestContext TestContext { get; set; } = null!;

    public static string CasesDirectory => Path.Combine(AppContext.BaseDirectory, "Regression", "Cases");

    public static IEnumerable<object[]> Cases =>
        Directory.GetFiles(CasesDirectory, "*.yaml")
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    [TestMethod]
    public void CasesArePresent() =>
        Assert.IsGreaterThan(100, Cases.Count(), $"expected the case files in {CasesDirectory}");

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void CaseHashesLikePyYaml(string file)
    {
        var text = Read(file);
        var py = PythonResults()[file];
        var ours = OurResult.Run(text);
        var verdict = Comparison.Compare(py, ours);
        var description = Comparison.Describe(text, py, ours, verdict);
        TestContext.WriteLine(description);
        if (verdict.Kind == VerdictKind.Unsupported)
        {
            // Allowed, but said out loud: Python hashes this file and Lineage refuses it.
            TestContext.DisplayMessage(MessageLevel.Warning, $"{file}: Python succeeds, Lineage refuses with {ours.Code} (allowed, counted)");
        }

        if (verdict.IsMismatch)
        {
            Assert.Fail($"{file} differs from PyYAML:\n{description}");
        }

        // Refusals of valid YAML are known parser gaps, listed one by one; the list must stay exact both ways.
        var known = KnownRefusals.Contains(file);
        if (verdict.Kind == VerdictKind.Refused && !known)
        {
            Assert.Fail($"{file}: Python reads it, Lineage refuses it, and it is not in {KnownRefusalsFile}:\n{description}");
        }

        if (verdict.Kind != VerdictKind.Refused && known)
        {
            Assert.Fail($"{file} is listed in {KnownRefusalsFile} but is no longer refused ({verdict.Signature}): remove it from the list.");
        }
    }

    private const string KnownRefusalsFile = "Regression/known-refusals.txt";

    private static HashSet<string> KnownRefusals =>
        new(
            File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, KnownRefusalsFile))
                .Select(l => l.Split('#')[0].Trim())
                .Where(l => l.Length > 0),
            StringComparer.Ordinal);

    internal static string Read(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(CasesDirectory, file));
        return new UTF8Encoding(false, true).GetString(bytes); // keeps a leading BOM as U+FEFF, as Python's str does
    }

    private static Dictionary<string, PyResult> PythonResults()
    {
        lock (Gate)
        {
            if (_python is null)
            {
                var python = PythonRunner.Require();
                var files = Cases.Select(c => (string)c[0]).ToList();
                var results = python.Reference(files.Select(Read).ToList());
                _python = files.Zip(results).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            }

            return _python;
        }
    }
}
