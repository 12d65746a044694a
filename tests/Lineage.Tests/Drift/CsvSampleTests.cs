using System.IO;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Drift;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Drift;

[TestClass]
public sealed class CsvSampleTests
{
    private static CsvSample Read(string text) => CsvSample.Read(new StringReader(text), "data.csv");

    [TestMethod]
    public void Quoted_fields_crlf_and_missing_cells()
    {
        var sample = Read("a,\"b, with comma\",c\r\n1,\"2\",x\r\n,\"3.5\",\"he said \"\"hi\"\"\"\r\n4,,\"multi\nline\"\r\n\r\n5,nan,z");
        Assert.AreEqual(4, sample.Rows);
        var a = sample.Find("a")!;
        CollectionAssert.AreEqual(new double[] { 1, 4, 5 }, a.ToArray());
        Assert.AreEqual(1, a.Missing);
        var b = sample.Find("b, with comma")!;
        CollectionAssert.AreEqual(new[] { 2, 3.5 }, b.ToArray());
        Assert.AreEqual(2, b.Missing);
        var c = sample.Find("c")!;
        Assert.IsFalse(c.IsNumeric);
        Assert.AreEqual("line 2: 'x'", c.FirstNonNumeric);
    }

    [TestMethod]
    public void Numbers_parse_exactly()
    {
        var sample = Read("v\n0.1\n-2.5e-3\n1e22\n123456789012345678\n 7 \n-0\n1.7976931348623157e308\n");
        CollectionAssert.AreEqual(
            new[] { 0.1, -2.5e-3, 1e22, 123456789012345678.0, 7, -0.0, double.MaxValue },
            sample.Find("v")!.ToArray());
    }

    [TestMethod]
    public void Infinity_makes_a_column_non_numeric()
    {
        var v = Read("v\n1\ninf\n").Find("v")!;
        Assert.IsFalse(v.IsNumeric);
        Assert.AreEqual("line 3: 'inf'", v.FirstNonNumeric);
    }

    [TestMethod]
    public void Ragged_row_is_an_error_with_its_line()
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => Read("a,b\n1,2\n\"x\ny\",3\n4\n"));
        Assert.AreEqual(DiagnosticCodes.InvalidDriftCsv, ex.Code);
        Assert.AreEqual(5, ex.Line);
        StringAssert.Contains(ex.ToDisplayString(), "data.csv(5): error LIN0500: this row has 1 field, the header has 2");
    }

    [TestMethod]
    public void Malformed_quotes_and_headers_are_errors()
    {
        Assert.AreEqual(2, Assert.ThrowsExactly<LineageException>(() => Read("a\n\"open\n1\n")).Line);
        Assert.AreEqual(2, Assert.ThrowsExactly<LineageException>(() => Read("a\n1\"2\n")).Line);
        Assert.AreEqual(2, Assert.ThrowsExactly<LineageException>(() => Read("a\n\"1\"2\n")).Line);
        Assert.AreEqual(1, Assert.ThrowsExactly<LineageException>(() => Read("a,a\n1,2\n")).Line);
        Assert.AreEqual(DiagnosticCodes.InvalidDriftCsv, Assert.ThrowsExactly<LineageException>(() => Read(string.Empty)).Code);
    }

    [TestMethod]
    public void Detector_skips_unusable_features_unless_named()
    {
        using var temp = new TempDirectory();
        var reference = temp.Write("ref.csv", "\uFEFFid,x,label,only_ref,empty\n1,0.5,a,1,\n2,0.7,b,2,\n3,0.9,c,3,\n");
        var current = temp.Write("cur.csv", "id,x,label,empty\n1,0.6,a,\n2,0.8,b,\n");
        var report = DriftDetector.CompareFiles(reference, current, new DriftOptions());
        Assert.AreEqual(5, report.Features.Count);
        Assert.IsTrue(report.Features[0].Compared);
        Assert.AreEqual(3, report.Features[1].ReferenceCount);
        Assert.AreEqual(2, report.Features[1].CurrentCount);
        StringAssert.Contains(report.Features[2].SkipReason, "is not numeric");
        StringAssert.Contains(report.Features[3].SkipReason, "is not a column of");
        StringAssert.Contains(report.Features[4].SkipReason, "has no values");
        Assert.AreEqual(3, report.Features[4].ReferenceMissing);

        Assert.AreEqual(DiagnosticCodes.DriftFeatureNotNumeric, Assert.ThrowsExactly<LineageException>(() => DriftDetector.CompareFiles(reference, current, new DriftOptions { Features = new[] { "label" } })).Code);
        Assert.AreEqual(DiagnosticCodes.DriftFeatureNotFound, Assert.ThrowsExactly<LineageException>(() => DriftDetector.CompareFiles(reference, current, new DriftOptions { Features = new[] { "nope" } })).Code);
        Assert.AreEqual(DiagnosticCodes.EmptyDriftSample, Assert.ThrowsExactly<LineageException>(() => DriftDetector.CompareFiles(reference, current, new DriftOptions { Features = new[] { "empty" } })).Code);
        var named = DriftDetector.CompareFiles(reference, current, new DriftOptions { Features = new[] { "x" } });
        Assert.AreEqual("x", named.Features[0].Name);
        Assert.AreEqual(1, named.Features.Count);
    }
}
