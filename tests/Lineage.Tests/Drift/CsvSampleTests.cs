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
    public void Fast_number_parsing_agrees_with_double_parse_to_the_bit()
    {
        var rng = new System.Random(20261123);
        var texts = new System.Collections.Generic.List<string>
        {
            "9007199254740993", "9007199254740992", "9007199254740995", "1.7976931348623157e308", "1.7976931348623159e308",
            "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "5e-324", "1e23", "8.988465674311579e307",
            "0.1", "0.30000000000000004", "123456789012345678", "12345678901234567890", "1e-400", "1e400",
            "7.2057594037927933e16", "9.5e-4", "1.0000000000000002", "0.9999999999999999", "2.5e-324",
        };
        for (var i = 0; i < 200000; i++)
        {
            var digits = rng.Next(1, 20);
            var sb = new System.Text.StringBuilder();
            if (rng.Next(4) == 0)
            {
                sb.Append('-');
            }

            var point = rng.Next(-1, digits);
            for (var d = 0; d < digits; d++)
            {
                sb.Append((char)('0' + (d == 0 ? rng.Next(1, 10) : rng.Next(10))));
                if (d == point)
                {
                    sb.Append('.');
                }
            }

            if (rng.Next(3) > 0)
            {
                sb.Append('e').Append(rng.Next(-330, 310));
            }

            texts.Add(sb.ToString());
        }

        var fast = 0;
        foreach (var text in texts)
        {
            var chars = text.ToCharArray();
            if (FastDouble.TryParse(chars, 0, chars.Length, out var value))
            {
                fast++;
                var expected = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
                Assert.AreEqual(System.BitConverter.DoubleToInt64Bits(expected), System.BitConverter.DoubleToInt64Bits(value), text);
            }
        }

        Assert.IsGreaterThan(texts.Count * 9 / 10, fast);
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
