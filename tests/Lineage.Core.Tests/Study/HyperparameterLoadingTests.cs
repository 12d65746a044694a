using System.Numerics;
using Lineage.Core.Diagnostics;
using Lineage.Core.Python;
using Lineage.Core.Study;
using Lineage.Core.Yaml;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Study;

/// <summary>Hyperparameter files: JSON read as <c>json.loads</c> reads it, anything else as <c>yaml.safe_load</c>.</summary>
[TestClass]
public sealed class HyperparameterLoadingTests
{
    [TestMethod]
    public void Json_numbers_are_python_floats_and_ints_where_yaml_11_would_read_text()
    {
        var json = (PyDict)HpoKeys.LoadHyperparameters("{\"lr\": 3e-05, \"n\": 16, \"big\": 123456789012345678901234567890, \"x\": NaN, \"y\": -Infinity}")!;
        var yaml = (PyDict)HpoKeys.LoadHyperparameters("lr: 3e-05\nn: 16\n")!;

        Assert.AreEqual(3e-05, json["lr"]);
        Assert.AreEqual(new BigInteger(16), json["n"]);
        Assert.AreEqual(BigInteger.Parse("123456789012345678901234567890"), json["big"]);
        Assert.IsTrue(double.IsNaN((double)json["x"]!));
        Assert.AreEqual(double.NegativeInfinity, json["y"]);
        Assert.AreEqual("3e-05", yaml["lr"], "YAML 1.1 needs a dot in a float; PyYAML reads 3e-05 as text");

        // Python: trial_key(..., json.loads('{"lr": 3e-05}')) vs the same text through yaml.safe_load
        StringAssert.Contains(HpoKeys.TrialKey(new string('0', 64), json), "\"lr\":3e-05");
        StringAssert.Contains(HpoKeys.TrialKey(new string('0', 64), yaml), "\"lr\":\"3e-05\"");
    }

    [TestMethod]
    public void A_repeated_json_key_keeps_its_first_place_and_its_last_value()
    {
        var dict = (PyDict)HpoKeys.LoadHyperparameters("{\"b\": 1, \"a\": 2, \"b\": 3}")!;

        Assert.AreEqual("b", dict.Entries[0].Key);
        Assert.AreEqual(new BigInteger(3), dict["b"]);
    }

    [TestMethod]
    [DataRow("{\"a\": 1} x")]
    [DataRow("{\"a\": 1,}")]
    [DataRow("[1,]")]
    [DataRow("01")]
    [DataRow("{'a': 1}")]
    [DataRow("\"tab\there\"")]
    [DataRow("\uFEFF{}")]
    [DataRow("")]
    [DataRow("-NaN")]
    [DataRow("1.")]
    [DataRow("\"\\x41\"")]
    public void Text_json_loads_rejects_is_not_json(string text)
    {
        Assert.IsFalse(PyJsonReader.TryParse(text, out _));
    }

    [TestMethod]
    public void Json_accepts_what_json_loads_accepts()
    {
        Assert.IsTrue(PyJsonReader.TryParse(" \t\r\n[1e5, 1E+2, -0, 0.5e-3, \"\\ud83d\\ude00\\/\\u00e9\", \"\\udc00\", true, false, null] ", out var value));
        var list = (PyList)value!;
        Assert.AreEqual(1e5, list[0]);
        Assert.AreEqual(100.0, list[1]);
        Assert.AreEqual(BigInteger.Zero, list[2]);
        Assert.AreEqual(0.5e-3, list[3]);
        Assert.AreEqual("\U0001F600/é", list[4]);
        Assert.AreEqual("\uDC00", list[5]);
        Assert.IsTrue(PyJsonReader.TryParse("1e", out _) is false);
    }

    [TestMethod]
    public void An_int_over_4300_digits_is_not_json_and_falls_back_to_yaml_which_refuses_it_too()
    {
        var text = "{\"a\": " + new string('7', 4301) + "}";

        Assert.IsFalse(PyJsonReader.TryParse(text, out _));
        var ex = Assert.ThrowsExactly<LineageException>(() => HpoKeys.LoadHyperparameters(text));
        Assert.AreEqual(DiagnosticCodes.InvalidValue, ex.Code);
        Assert.IsTrue(PyJsonReader.TryParse("{\"a\": -" + new string('7', 4300) + "}", out _));
    }
}
