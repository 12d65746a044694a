using System;
using System.Collections.Generic;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Unit;

/// <summary>
/// Large catalogs are composed in parallel chunks; the result must be exactly what one pass gives, for valid
/// documents and for every error, and the split must really be taken for ordinary catalogs.
/// </summary>
[TestClass]
public sealed class SequenceSplitterTests
{
    private static readonly string[] Items =
    {
        "- a: 1\n  b: [1, 2]\n",
        "- a: &x 1\n  b: *x\n",
        "- <<: *d\n  c: 3\n",
        "- a: 2025-02-30\n",
        "- a: \"multi\n- line\"\n",
        "- a: |\n    text\n\n    more\n",
        "- a: |+\n    keep\n\n",
        "-\n  a: 1\n",
        "- - 1\n  - 2\n",
        "- x\n",
        "- a: [1,\n- 2]\n",
        "# comment\n- a: 1 # c\n",
        "- a: *undefined\n",
        "- a: 1\n  a: 2\n",
        "- ? complex\n  : v\n",
        "- a: plain\n    continued\n",
        "- a: *d\n",
        "- {a: 1, b: 2}\n",
        "- 'q'\n",
        "- a: 1\n...\n",
        "- a: 1\n---\n- b\n",
        "- plant_id: P1\n  circuit_id: C1\n  cutoff_date: 2025-12-11\n",
        "- a: !!binary aGVsbG8=\n",
        "- b: *t\n",
        "- k: 0x1F\n  f: 1.5e+3\n",
    };

    // Indexes of Items that parse and construct on their own under every head.
    private static readonly int[] StandaloneItems = { 0, 5, 6, 7, 8, 9, 11, 13, 14, 15, 17, 18, 21, 22, 24 };

    private static readonly string[] Heads =
    {
        "defaults: &d {k: v, n: 1}\ncircuits:\n",
        "circuits:\n",
        "x: 1\ncircuits:   # the list\n",
        "defaults: &d\n  k: v\ncircuits:\n",
        "circuits: &c\n",
        "yes:\n",
        "a: \"str\ncircuits:\n",
        "%YAML 1.1\n---\ndefaults: &d {k: v}\ncircuits:\n",
    };

    private static readonly string[] Tails =
    {
        string.Empty,
        "other: 2\n",
        "other: *d\n",
        "circuits: again\n",
        "  - indented\n",
        "z: [1,\n2]\n",
        "t: &t 1\n",
    };

    [TestMethod]
    public void Split_composition_equals_one_pass_for_valid_and_invalid_documents()
    {
        var random = new Random(20261123);
        var splitsBefore = SequenceSplitter.Splits;
        for (var n = 0; n < 1000; n++)
        {
            var text = new StringBuilder(Heads[random.Next(Heads.Length)]);
            var indent = random.Next(2) == 0 ? string.Empty : "  ";
            // Items are composed in groups of 8: the later documents are longer and mostly made of items that stand
            // alone, so that several groups are composed and the split is kept.
            var longDocument = n >= 600;
            var count = longDocument ? random.Next(9, 30) : random.Next(2, 7);
            for (var i = 0; i < count; i++)
            {
                var item = longDocument && random.Next(20) > 0 ? Items[StandaloneItems[random.Next(StandaloneItems.Length)]] : Items[random.Next(Items.Length)];
                foreach (var line in item.Split('\n'))
                {
                    if (line.Length > 0)
                    {
                        text.Append(indent).Append(line);
                    }

                    text.Append('\n');
                }

                text.Length--; // the split above adds one line break too many
            }

            text.Append(Tails[random.Next(Tails.Length)]);
            var yaml = text.ToString();
            Assert.AreEqual(Describe(yaml, int.MaxValue), Describe(yaml, 0), $"document {n}:\n{yaml}");
        }

        Assert.IsGreaterThan(80, SequenceSplitter.Splits - splitsBefore, "the split path must be exercised");
    }

    [TestMethod]
    public void A_large_catalog_is_split_and_hashes_like_one_pass()
    {
        var text = new StringBuilder("defaults: &defaults\n  framework: lightgbm\ncircuits:\n");
        for (var i = 0; i < 2000; i++)
        {
            text.Append($"- plant_id: PLANT{i / 10:D3}\n  circuit_id: CIRCUIT{i % 10:D2}\n  <<: *defaults\n  lr: 0.0{i % 7 + 1}\n  when: 2025-12-{i % 28 + 1:D2}\n  features: [a, b, c]\n");
        }

        var yaml = text.ToString();
        var splitsBefore = SequenceSplitter.Splits;
        var parallel = PyYaml.Dump(PyYaml.Load(yaml, null, new YamlLoadOptions { ParallelLoadThreshold = 0 }), sortKeys: false);
        Assert.AreEqual(splitsBefore + 1, SequenceSplitter.Splits);
        var single = PyYaml.Dump(PyYaml.Load(yaml, null, new YamlLoadOptions { ParallelLoadThreshold = int.MaxValue }), sortKeys: false);
        Assert.AreEqual(single, parallel);
    }

    [TestMethod]
    public void A_catalog_loaded_without_configs_gives_the_same_circuits_and_errors()
    {
        // Large enough to be split; with bad entries of every kind, so the errors' order is compared too.
        var text = new StringBuilder("defaults: &defaults\n  framework: lightgbm\n  gpu: {count: 1}\ncircuits:\n");
        for (var i = 0; i < 3000; i++)
        {
            var plant = i % 97 == 5 ? string.Empty : $"  plant_id: PLANT{i / 10:D3}\n";
            var circuit = i % 89 == 7 ? "  circuit_id: CIRCUIT00\n" : $"  circuit_id: CIRCUIT{i % 10:D2}\n";
            var odd = i % 83 == 3 ? "  s: !!set {1, a}\n" : i % 71 == 2 ? "  plant_id: a/b\n" : string.Empty;
            text.Append($"- <<: *defaults\n{plant}{circuit}{odd}  lr: 0.0{i % 7 + 1}\n  when: 2025-12-{i % 28 + 1:D2}\n  metadata: {{config_hash: x}}\n");
            if (i % 500 == 9)
            {
                text.Append("- just a string\n");
            }
        }

        var yaml = text.ToString();
        var options = new YamlLoadOptions { ParallelLoadThreshold = 0 };
        foreach (var splitOptions in new[] { options, new YamlLoadOptions { ParallelLoadThreshold = int.MaxValue } })
        {
            var kept = Lineage.Core.Circuits.CircuitCatalog.Parse(yaml, "c.yaml", splitOptions, keepConfigs: true);
            var splitsBefore = SequenceSplitter.Splits;
            var hashesOnly = Lineage.Core.Circuits.CircuitCatalog.Parse(yaml, "c.yaml", splitOptions, keepConfigs: false);
            Assert.AreEqual(splitOptions == options ? splitsBefore + 1 : splitsBefore, SequenceSplitter.Splits, "the split path (with the item sink) must be taken");
            Assert.IsGreaterThan(2000, kept.Circuits.Count);
            Assert.IsGreaterThan(10, kept.Errors.Count);
            CollectionAssert.AreEqual(Lines(kept), Lines(hashesOnly));
            Assert.IsTrue(kept.Circuits[0].HasConfig);
            Assert.IsFalse(hashesOnly.Circuits[0].HasConfig);
        }

        static List<string> Lines(Lineage.Core.Circuits.CircuitCatalog catalog)
        {
            var lines = new List<string>();
            foreach (var c in catalog.Circuits)
            {
                lines.Add($"{c.Index} {c.PlantId} {c.CircuitId} {c.ModelName} {c.FileName} {c.ConfigHash} {c.CutoffDate} {c.Line}:{c.Column} {c.CanonicalYaml.Length}");
            }

            foreach (var e in catalog.Errors)
            {
                lines.Add("error " + e.ToDisplayString());
            }

            return lines;
        }
    }

    [TestMethod]
    public void Items_hashed_while_loading_see_shared_values_only_complete()
    {
        // x is merged into the top level but never constructed there as a value, so the first item to reach it
        // builds it while other items wait: none may hash it half built.
        for (var round = 0; round < 20; round++)
        {
            var text = new StringBuilder("<<: &x {k: 1, m: [1, 2, 3], n: {o: p}, q: r, s: t, u: v}\ncircuits:\n");
            for (var i = 0; i < 400; i++)
            {
                text.Append($"- plant_id: P{i}\n  circuit_id: C{i}\n  x: *x\n");
            }

            var yaml = text.ToString();
            var options = new YamlLoadOptions { ParallelLoadThreshold = 0 };
            var expected = Lineage.Core.Circuits.CircuitCatalog.Parse(yaml, "c.yaml", new YamlLoadOptions { ParallelLoadThreshold = int.MaxValue });
            var actual = Lineage.Core.Circuits.CircuitCatalog.Parse(yaml, "c.yaml", options, keepConfigs: false);
            Assert.HasCount(400, actual.Circuits);
            for (var i = 0; i < 400; i++)
            {
                Assert.AreEqual(expected.Circuits[i].CanonicalYaml, actual.Circuits[i].CanonicalYaml, $"round {round}, circuit {i}");
            }
        }
    }

    private static string Describe(string yaml, int threshold)
    {
        try
        {
            var value = PyYaml.Load(yaml, "f.yaml", new YamlLoadOptions { ParallelLoadThreshold = threshold });
            return PyYaml.Dump(value, sortKeys: true) + "\n#\n" + PyYaml.Dump(value, sortKeys: false);
        }
        catch (LineageException ex)
        {
            return "error " + ex.ToDisplayString();
        }
    }
}
