using Lineage.Core.Hashing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Unit;

/// <summary>
/// The most important rules of pyyaml-dump.md with their expected output written down (produced once by PyYAML
/// 6.0.3 under CPython 3.11), so they run even where the Python side of the differential tests is missing.
/// </summary>
[TestClass]
public sealed class KnownOutputTests
{
    [TestMethod]
    [DataRow("BoolSpellings", "a: [yes, Yes, YES, On, off, y, n, tRUE]\n", "a:\n- true\n- true\n- true\n- true\n- false\n- y\n- n\n- tRUE\n", "1866ffd9e0fb")]
    [DataRow("IntForms", "oct: 012\nbin: 0b1010\nhex: 0x1F\nsexa: 1:30\nbig: 123456789012345678901234567890\nnot_oct: 0o12\nnot_sexa: 1:60\n", "big: 123456789012345678901234567890\nbin: 10\nhex: 31\nnot_oct: 0o12\nnot_sexa: 1:60\noct: 10\nsexa: 90\n", "9b5ef965cdf4")]
    [DataRow("FloatForms", "a: 1.0e+3\nb: 1e3\nc: 1.\nd: -.5\ne: .NaN\nf: -.Inf\ng: 1e16\nh: 1.0e16\ni: 0.00001\nj: -0.0\n", "a: 1000.0\nb: 1e3\nc: 1.0\nd: -.5\ne: .nan\nf: -.inf\ng: 1e16\nh: 1.0e16\ni: 1.0e-05\nj: -0.0\n", "4ca417ac615d")]
    [DataRow("NullSpellings", "a: ~\nb: Null\nc:\nd: nULL\n", "a: null\nb: null\nc: null\nd: nULL\n", "e6113a6af92a")]
    [DataRow("Timestamps", "d: 2025-12-11\nt: 2025-12-11t10:00:00.1234567+5:30\nz: 2025-12-11 10:00:00Z\nnaive: 2025-1-5 1:02:03\nnot: 2025-1-5\n", "d: 2025-12-11\nnaive: 2025-01-05 01:02:03\nnot: 2025-1-5\nt: 2025-12-11 10:00:00.123456+05:30\nz: 2025-12-11 10:00:00+00:00\n", "22d7f44031f3")]
    [DataRow("MetadataDropped", "metadata:\n  created: 2025-01-01\n  shared: &s [1]\nb: *s\na: 1\n", "a: 1\nb:\n- 1\n", "63fd32914b68")]
    [DataRow("KeyOrderByCodePoint", "'10': a\n'9': b\nB: c\na: d\n\u00E9: e\n\uFF5E: f\n\U0001F600: g\n", "'10': a\n'9': b\nB: c\na: d\n\"\\xE9\": e\n\"\\uFF5E\": f\n\"\\U0001F600\": g\n", "dd5d815a397b")]
    [DataRow("MixedKeysKeepInsertionOrder", "b: 1\n1: 2\na: 3\n", "b: 1\n1: 2\na: 3\n", "423f62769783")]
    [DataRow("CollapsingKeys", "1: int\n1.0: float\ntrue: bool\n", "1: bool\n", "9b7604b7094f")]
    [DataRow("MergeOrder", "a: &a {k: a, p: 1}\nb: &b {k: b, q: 2}\nm:\n  own: 0\n  <<: [*a, *b]\n  k: own\n", "a:\n  k: a\n  p: 1\nb:\n  k: b\n  q: 2\nm:\n  k: own\n  own: 0\n  p: 1\n  q: 2\n", "f8152c62f085")]
    [DataRow("AnchorsBySecondSighting", "a: &p [1]\nb: &q [2]\nc: *q\nd: *p\ne: &d 2025-01-01\nf: *d\ng: &s str\nh: *s\n", "a: &id002\n- 1\nb: &id001\n- 2\nc: *id001\nd: *id002\ne: &id003 2025-01-01\nf: *id003\ng: str\nh: str\n", "8b1229590f8c")]
    [DataRow("QuotingLookalikes", "a: 'yes'\nb: '1.0'\nc: ''\nd: '<<'\ne: '2025-12-11'\nf: a:b\ng: 'a: b'\nh: ' lead'\n", "a: 'yes'\nb: '1.0'\nc: ''\nd: '<<'\ne: '2025-12-11'\nf: a:b\ng: 'a: b'\nh: ' lead'\n", "f6622282a56c")]
    [DataRow("DoubleQuotedEscapes", "a: \"caf\\u00e9 \\t \\x7f \\U0001F600 \\ufeff \\N \\_ \\L\"\n", "a: \"caf\\xE9 \\t \\x7F \\U0001F600 \\uFEFF \\N \\_ \\L\"\n", "8c12a8156574")]
    [DataRow("MultilineStrings", "a: \"l1\\nl2\"\nb: \"l1 \\nl2\"\nc: \"a\\n\"\n", "a: 'l1\n\n  l2'\nb: \"l1 \\nl2\"\nc: 'a\n\n  '\n", "e1c9ca4408d8")]
    [DataRow("PlainFolding", "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z\n", "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n  z\n", "0d2e0eb94c8d")]
    [DataRow("DoubleQuotedFolding", "k: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\xE9\\xE9 yy\"\n", "k: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\xE9\\\n  \\xE9 yy\"\n", "e5c95bcfad0a")]
    [DataRow(
        "LongKeyBoundary",
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: a\njjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj: b\n",
        "? jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj\n: b\nkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: a\n",
        "0cbe9a79f82c")]
    [DataRow("NestedSequences", "a:\n- - 1\n  - 2\n- x: 1\n  y: 2\n", "a:\n- - 1\n  - 2\n- x: 1\n  y: 2\n", "edbec87b6ed8")]
    [DataRow("BinaryOmapSet", "b: !!binary aGVsbG8=\ne: !!binary \"\"\no: !!omap [x: 1]\ns: !!set {b, a}\n", "b: !!binary |\n  aGVsbG8=\ne: !!binary \"\"\no:\n- !!python/tuple\n  - x\n  - 1\ns: !!set\n  a: null\n  b: null\n", "6f37182ced19")]
    [DataRow("RecursiveList", "a: &r [1, *r]\n", "a: &id001\n- 1\n- *id001\n", "836e0740f978")]
    [DataRow("EmptyCollections", "a: {}\nb: []\n", "a: {}\nb: []\n", "7cf2f75c110d")]
    public void CanonicalYamlAndHashMatchPyYaml(string name, string input, string canonical, string hash)
    {
        var result = ConfigHash.Compute(input);
        Assert.AreEqual(canonical, result.CanonicalYaml, $"{name}: canonical text");
        Assert.AreEqual(hash, result.Hash, $"{name}: hash");
    }

    [TestMethod]
    public void HashIsFirst12HexOfMd5() =>
        Assert.AreEqual("e0ccdaf42c59", ConfigHash.Md5Prefix("a: 1\n"));
}
