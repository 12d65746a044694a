using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Lineage.Core.DiffWorker;
using Lineage.Core.Python;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Differential;

/// <summary>
/// <see cref="PyUnicode"/> against the Python on the machine for every code point (lower, isspace, isprintable)
/// and for random strings around capital sigma, whose lower case depends on its neighbours. A failure on a
/// machine whose Python has another Unicode version means the tables need regenerating
/// (<c>build/unicode/gen_python_unicode.py</c>).
/// </summary>
[TestClass]
public sealed class PyUnicodeDifferentialTests
{
    [TestMethod]
    public void Lower_strip_and_isprintable_equal_python_for_every_code_point()
    {
        var python = PythonRunner.Require();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LINEAGE_DIFF_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s
            : Random.Shared.Next(1, int.MaxValue);
        var output = python.RunScript("python_unicode.py", new[] { "--seed", seed.ToString(CultureInfo.InvariantCulture), "--count", "20000" }, null, TimeSpan.FromMinutes(5));
        var data = (Dictionary<string, object?>)MiniJson.Parse(output)!;
        var version = (string)data["unicode"]!;
        var problems = new List<string>();

        var expectedLower = new Dictionary<int, string>();
        foreach (var pair in ((List<object?>)data["lower"]!).Cast<List<object?>>())
        {
            expectedLower[ToInt(pair[0])] = (string)pair[1]!;
        }

        var space = new HashSet<int>(((List<object?>)data["space"]!).Select(ToInt));
        var printable = new HashSet<int>(((List<object?>)data["printable"]!).Select(ToInt));
        var sb = new StringBuilder(2);
        for (var c = 0; c < 0x110000; c++)
        {
            sb.Clear();
            PyUnicode.Append(sb, c);
            var text = sb.ToString();
            var expected = expectedLower.TryGetValue(c, out var l) ? l : text;
            var ours = PyUnicode.Lower(text);
            if (ours != expected)
            {
                problems.Add($"lower(U+{c:X4}): python {Comparison.Repr(expected)}, lineage {Comparison.Repr(ours)}");
            }

            if (c < 0x10000 && PyUnicode.IsSpace((char)c) != space.Contains(c))
            {
                problems.Add($"isspace(U+{c:X4}): python {space.Contains(c)}");
            }

            if (PyUnicode.IsPrintable(c) != printable.Contains(c))
            {
                problems.Add($"isprintable(U+{c:X4}): python {printable.Contains(c)}");
            }
        }

        var sigma = (List<object?>)data["sigma"]!;
        foreach (var row in sigma.Cast<List<object?>>())
        {
            var text = (string)row[0]!;
            if (PyUnicode.Lower(text) != (string)row[1]!)
            {
                problems.Add($"{Comparison.Repr(text)}.lower(): python {Comparison.Repr((string)row[1]!)}, lineage {Comparison.Repr(PyUnicode.Lower(text))}");
            }

            var padded = " \t" + text + "\u3000";
            if (PyUnicode.Strip(padded) != (string)row[2]!)
            {
                problems.Add($"{Comparison.Repr(padded)}.strip(): python {Comparison.Repr((string)row[2]!)}, lineage {Comparison.Repr(PyUnicode.Strip(padded))}");
            }
        }

        Assert.IsEmpty(
            problems,
            $"seed {seed}; Python's Unicode {version}, Lineage's tables {PyUnicodeData.UnicodeVersion}; {problems.Count} differences:\n" +
            string.Join("\n", problems.Take(20)));
        Assert.IsGreaterThan(1400, expectedLower.Count, "the reference listed too few lower-case mappings to be a real check");
        Assert.HasCount(20000, sigma);
    }

    private static int ToInt(object? value) => value switch
    {
        int i => i,
        long l => (int)l,
        double d => (int)d,
        System.Numerics.BigInteger b => (int)b,
        _ => throw new FormatException($"not a number: {value}"),
    };
}
