using System.Numerics;
using Lineage.Core.Diagnostics;
using Lineage.Core.Python;
using Lineage.Core.Study;
using Lineage.Core.Yaml;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Study;

/// <summary>
/// The corners of hpo-keys.md with outputs written down; every expected value was computed by Python 3.11
/// (tests/Lineage.Core.Tests/Differential/hpo_keys_reference.py), so these need no interpreter.
/// </summary>
[TestClass]
public sealed class StudyKeyKnownOutputTests
{
    [TestMethod]
    [DataRow("ΣΑΣ-base", "σας-base")]
    [DataRow("ΟΔΟΣ.V2", "οδοσ.v2")]
    [DataRow("Σ", "σ")]
    [DataRow("AΣ", "aς")]
    [DataRow("ΣA", "σa")]
    [DataRow("A Σ", "a σ")]
    [DataRow("Α\u0301Σ", "α\u0301ς")] // a combining accent is case-ignorable: still the end of the word
    [DataRow("ΑΣ\u00AD", "ας\u00AD")] // so is a soft hyphen after it
    [DataRow("İ", "i\u0307")]
    [DataRow(" \u3000X\u0085", "x")]
    [DataRow("\u001CA\u001F", "a")]
    [DataRow("\u200BX\uFEFF", "\u200Bx\uFEFF")] // zero-width space and BOM are not white space to Python
    [DataRow("\u180EA", "\u180Ea")]
    [DataRow("\U00010400", "\U00010428")] // astral: Deseret capital long I
    [DataRow("ẞ", "ß")]
    [DataRow("\u212A", "k")] // Kelvin sign
    [DataRow("ǅ", "ǆ")]
    public void Model_names_are_lowered_and_stripped_as_python_does(string model, string expected)
    {
        Assert.AreEqual(expected, HpoKeys.NormalizeModel(model));
    }

    [TestMethod]
    public void Keys_sort_as_python_values_before_they_become_text()
    {
        var dict = new PyDict
        {
            [false] = I(1),
            [0.5] = I(2),
            [true] = I(3),
            [I(2)] = I(4),
            [double.PositiveInfinity] = I(5),
            [-1.5] = I(6),
        };

        Assert.AreEqual("{\"-1.5\":6,\"false\":1,\"0.5\":2,\"true\":3,\"2\":4,\"Infinity\":5}", CanonicalJson.Serialize(dict));
        Assert.AreEqual("{\"null\":1}", CanonicalJson.Serialize(new PyDict { [null] = I(1) }));
    }

    [TestMethod]
    public void Strings_are_escaped_to_ascii_and_ordered_by_code_point()
    {
        var dict = new PyDict
        {
            ["\uFFFF"] = I(1),
            ["\U0001F600"] = I(2), // U+1F600 sorts after U+FFFF, though its UTF-16 units (D83D) sort before
            ["/"] = I(3),
            ["\u007F\b\f\n\r\t\"\\é"] = I(4),
        };

        Assert.AreEqual(
            "{\"/\":3,\"\\u007f\\b\\f\\n\\r\\t\\\"\\\\\\u00e9\":4,\"\\uffff\":1,\"\\ud83d\\ude00\":2}",
            CanonicalJson.Serialize(dict));
    }

    [TestMethod]
    public void Numbers_are_written_as_python_writes_them()
    {
        var list = new PyList
        {
            1e16, 1e-5, 0.0001, 2.0, double.NaN, double.NegativeInfinity, -0.0, BigInteger.Pow(2, 70), null, true, 1.5e16, 0.1 + 0.2,
        };

        Assert.AreEqual(
            "[1e+16,1e-05,0.0001,2.0,NaN,-Infinity,-0.0,1180591620717411303424,null,true,1.5e+16,0.30000000000000004]",
            CanonicalJson.Serialize(list));
    }

    [TestMethod]
    public void A_shared_list_is_written_twice_but_a_list_inside_itself_is_an_error()
    {
        var shared = new PyList { I(1) };
        var recursive = new PyList();
        recursive.Add(recursive);

        Assert.AreEqual("[[1],[1]]", CanonicalJson.Serialize(new PyList { shared, shared }));
        AssertCode(DiagnosticCodes.CircularReference, () => CanonicalJson.Serialize(recursive));
        AssertCode(DiagnosticCodes.CircularReference, () => HpoKeys.DataFingerprint(PyYaml.Load("name: x\nschema: &s {self: *s}\n")));
    }

    [TestMethod]
    public void Json_raises_where_python_raises()
    {
        AssertCode(DiagnosticCodes.NotJsonSerializable, () => CanonicalJson.Serialize(new PyList { new PyDate(2025, 1, 1) }));
        AssertCode(DiagnosticCodes.NotJsonSerializable, () => CanonicalJson.Serialize(new PyDict { [new PyDate(2025, 1, 1)] = I(1) }));
        AssertCode(DiagnosticCodes.NotJsonSerializable, () => CanonicalJson.Serialize(new PySet()));
        AssertCode(DiagnosticCodes.NotJsonSerializable, () => CanonicalJson.Serialize(new PyBytes(new byte[] { 1 })));
        AssertCode(DiagnosticCodes.UnsortableKeys, () => CanonicalJson.Serialize(new PyDict { ["a"] = I(1), [I(1)] = I(2) }));
        AssertCode(DiagnosticCodes.UnsortableKeys, () => CanonicalJson.Serialize(new PyDict { [null] = I(1), ["a"] = I(2) }));
        AssertCode(DiagnosticCodes.IntegerTooLong, () => CanonicalJson.Serialize(BigInteger.Pow(10, 4300)));
        Assert.HasCount(4300, CanonicalJson.Serialize(BigInteger.Pow(10, 4300) - 1));
        Assert.AreEqual("-" + new string('9', 4300), CanonicalJson.Serialize(1 - BigInteger.Pow(10, 4300)));
    }

    [TestMethod]
    public void Trial_key_normalizes_hyperparameters_as_python_does()
    {
        var hp = PyYaml.Load(
            "lr: 0.30000000000000004\nsmall: 2.33000001e-05\nneg0: -0.0\ntie_even: 12345678901225.0\ntie_odd: 12345678901235.0\n" +
            "nan: .nan\ntiny: 5.0e-324\nOpt: \" AdamW \"\nn: null\nl: [A, 1.5, null, true]\nd: 2025-01-01\n" +
            "dt: 2025-01-01 10:00:00.5-03:00\nb: !!binary ACc=\nflag: true\nnested: {K: [1, {x: Σ}]}\n");

        var key = HpoKeys.TrialKey(new string('0', 64), hp);

        Assert.AreEqual(
            "{\"hyperparameters\":{\"Opt\":\"adamw\",\"b\":\"b\\\"\\\\x00'\\\"\",\"d\":\"2025-01-01\",\"dt\":\"2025-01-01 10:00:00.500000-03:00\"," +
            "\"flag\":true,\"l\":\"['a', 1.5, none, true]\",\"lr\":0.3,\"n\":\"none\",\"nan\":NaN,\"neg0\":0.0," +
            "\"nested\":\"{'k': [1, {'x': '\\u03c3'}]}\",\"small\":2.33000001e-05,\"tie_even\":12345678901220.0," +
            "\"tie_odd\":12345678901240.0,\"tiny\":5e-324},\"schema_version\":\"1.0\"," +
            "\"study_key_hash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}",
            key);
        Assert.AreEqual("1067ec23fb643b690c94808eb00e3ab8b8009b48be81e2bb8a3dbe7c67df26ed", HpoKeys.Hash64(key));
    }

    [TestMethod]
    [DataRow(0.1 + 0.2, 0.3)]
    [DataRow(12345678901225.0, 12345678901220.0)] // a tie rounds to even, not away from zero as .NET's "E12"
    [DataRow(12345678901235.0, 12345678901240.0)]
    [DataRow(-12345678901225.0, -12345678901220.0)]
    [DataRow(99999999999995.0, 100000000000000.0)]
    [DataRow(9999999999999.5, 10000000000000.0)]
    [DataRow(99999999999999.9, 100000000000000.0)]
    [DataRow(2.33000001e-05, 2.33000001e-05)]
    [DataRow(5e-324, 5e-324)]
    [DataRow(1.7976931348623157e308, 1.797693134862e308)]
    public void Floats_round_to_13_significant_digits_half_to_even(double value, double expected)
    {
        Assert.AreEqual(expected, HpoKeys.RoundTo13SignificantDigits(value));
    }

    [TestMethod]
    public void Trial_key_sorts_names_first_so_mixed_names_raise()
    {
        AssertCode(DiagnosticCodes.UnsortableKeys, () => HpoKeys.TrialKey(new string('0', 64), PyYaml.Load("3: 7\nlr: 0.1\n")));
        AssertCode(DiagnosticCodes.StudyConfigNotAMapping, () => HpoKeys.TrialKey(new string('0', 64), PyYaml.Load("[1]")));
        AssertCode(DiagnosticCodes.Unsupported, () => HpoKeys.TrialKey(new string('0', 64), PyYaml.Load("tags: !!set {a, b}\n")));
    }

    [TestMethod]
    public void Data_fingerprint_prefers_the_content_hash_as_python_text()
    {
        Assert.AreEqual("ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d", HpoKeys.DataFingerprint(PyYaml.Load("content_hash: 5\n")));
        Assert.AreEqual("3cbc87c7681f34db4617feaa2c8801931bc5e42d8d0f560e756dd4cd92885f18", HpoKeys.DataFingerprint(PyYaml.Load("content_hash: yes\n")));
        Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HpoKeys.DataFingerprint(PyYaml.Load("content_hash: ''\nmanifest_hash: abc\n")));

        // A falsy content hash falls through to the semantic fields; an empty or missing config is {}.
        const string Empty = "b8336030e31473ac520bc45fc9de1f6ef3543379a569f888e3c263ec971fe46c";
        Assert.AreEqual(Empty, HpoKeys.DataFingerprint(PyYaml.Load("content_hash: 0\n")));
        Assert.AreEqual(Empty, HpoKeys.DataFingerprint(null));
        Assert.AreEqual(Empty, HpoKeys.DataFingerprint(new PyList()));
        Assert.AreEqual("93d21d2b2d9d7bbdb5bfd4aeb93a4e7d510c21d9837ce2025d0938ee5e72518c", HpoKeys.EvalFingerprint(null));
    }

    [TestMethod]
    public void Hashing_text_with_a_lone_surrogate_raises_as_strict_utf8_does()
    {
        AssertCode(DiagnosticCodes.NotUtf8Encodable, () => HpoKeys.Hash64("x\uD800"));
        AssertCode(DiagnosticCodes.NotUtf8Encodable, () => HpoKeys.DataFingerprint(new PyDict { ["content_hash"] = "\uDE00" }));

        // canonical JSON escapes surrogates, so a key never hits it
        Assert.AreEqual("\"\\ud800\"", CanonicalJson.Quote("\uD800"));
    }

    [TestMethod]
    public void Str_of_containers_is_their_python_repr()
    {
        var value = new PyList
        {
            new PyDateTime(2025, 1, 1, 10, 0, 0, 0, 0),
            new PyDateTime(2025, 1, 1, 10, 0, 5, 0, null),
            new PyDict { ["a'"] = "b\"", ["c'\""] = "\u0085\u3000é\U0001F600\uE000" },
            new PyTuple("x"),
            new PySet(),
            new PyBytes(new[] { (byte)'a', (byte)'"', (byte)'\'', (byte)'b' }),
        };

        Assert.AreEqual(
            "[datetime.datetime(2025, 1, 1, 10, 0, tzinfo=datetime.timezone.utc), datetime.datetime(2025, 1, 1, 10, 0, 5), " +
            "{\"a'\": 'b\"', 'c\\'\"': '\\x85\\u3000é\U0001F600\\ue000'}, ('x',), set(), b'a\"\\'b']",
            PyRepr.Str(value));
    }

    [TestMethod]
    public void Study_key_sections_that_are_not_mappings_raise_as_attribute_errors()
    {
        var data = PyYaml.Load("name: x\n");
        var train = PyYaml.Load("max_steps: 1\n");
        AssertCode(DiagnosticCodes.StudyConfigNotAMapping, () => HpoKeys.StudyKeyV2(data, PyYaml.Load("objective: f1\n"), train, "m"));
        AssertCode(DiagnosticCodes.StudyConfigNotAMapping, () => HpoKeys.StudyKeyV2(data, PyYaml.Load("sampling:\n"), train, "m"));
        AssertCode(DiagnosticCodes.StudyConfigNotAMapping, () => HpoKeys.StudyKeyV2(null, PyYaml.Load("{}"), train, "m"));
        AssertCode(DiagnosticCodes.StudyConfigNotAMapping, () => HpoKeys.StudyKeyV1(data, PyYaml.Load("{}"), "m", PyYaml.Load("benchmarking:\n")));

        // dict.get returns a stored null: 'objective: {metric: null}' keeps the null, it does not take the default
        StringAssert.Contains(HpoKeys.StudyKeyV2(data, PyYaml.Load("objective: {metric: null}\n"), train, "m"), "\"metric\":null");
    }

    private static BigInteger I(int value) => new(value);

    private static void AssertCode(string code, System.Action action)
    {
        var ex = Assert.ThrowsExactly<LineageException>(action);
        Assert.AreEqual(code, ex.Code, ex.Message);
    }
}
