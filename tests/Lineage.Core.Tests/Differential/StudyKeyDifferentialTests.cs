using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Lineage.Core.DiffWorker;
using Lineage.Core.Diagnostics;
using Lineage.Core.Study;
using Lineage.Core.Yaml;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Differential;

/// <summary>
/// Generated study configs and hyperparameter sets by the thousand (<c>gen_study_cases.py</c>), each keyed by the
/// Python reference written from <c>hpo-keys.md</c> (<c>hpo_keys_reference.py</c>, one process for the batch) and by
/// <see cref="HpoKeys"/>: every fingerprint, key text and hash must be equal, and Lineage must throw a
/// <see cref="LineageException"/> exactly where Python raises.
/// <para>Environment: <c>LINEAGE_DIFF_SEED</c> (default random, printed), <c>LINEAGE_DIFF_COUNT</c> (default 5000, at
/// least 5000 when <c>CI</c> is set), <c>LINEAGE_PYTHON</c>.</para>
/// </summary>
[TestClass]
public sealed class StudyKeyDifferentialTests
{
    private const int DefaultCount = 5000;
    private const int MaxDetailed = 10;

    // Valid YAML the loader refuses (LIN0007 and parser gaps) is not a key mismatch, but it must stay rare here:
    // the generator writes YAML with yaml.dump.
    private const double MaxRefusedPercent = 2;

    private static readonly string[] Items =
    {
        "data_fp", "eval_fp", "v2", "v2_hash", "v1", "v1_hash", "family", "family_hash", "trial", "trial_hash", "model",
    };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void GeneratedStudiesKeyLikePython()
    {
        var python = PythonRunner.Require();
        var seed = Env("LINEAGE_DIFF_SEED") ?? Random.Shared.Next(1, int.MaxValue);
        var count = Env("LINEAGE_DIFF_COUNT") ?? DefaultCount;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && count < DefaultCount)
        {
            Assert.Fail($"LINEAGE_DIFF_COUNT={count}: CI must run at least {DefaultCount} generated cases.");
        }

        var clock = Stopwatch.StartNew();
        var casesJson = python.RunScript(
            "gen_study_cases.py",
            new[] { "--seed", seed.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture) },
            null,
            TimeSpan.FromMinutes(5));
        var genTime = clock.Elapsed;
        var pyTask = Task.Run(() => python.RunScript("hpo_keys_reference.py", Array.Empty<string>(), casesJson, TimeSpan.FromMinutes(10)));
        var cases = ((List<object?>)MiniJson.Parse(casesJson)!).Cast<Dictionary<string, object?>>().ToList();
        var ours = cases.Select(Evaluate).ToList();
        var py = ((List<object?>)MiniJson.Parse(pyTask.Result)!).Cast<Dictionary<string, object?>>().ToList();
        Assert.HasCount(cases.Count, py, "the reference answered a different number of cases");

        int loaded = 0, refused = 0, bothFailedLoad = 0, unsupported = 0;
        var okItems = new Dictionary<string, int>();
        var raisedItems = new Dictionary<string, int>();
        var errorPairs = new Dictionary<string, int>();
        var mismatches = new List<string>();
        var refusals = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var pyLoad = Outcome.From(py[i]["load"]);
            var ourLoad = ours[i]["load"];
            if (!pyLoad.Ok || !ourLoad.Ok)
            {
                if (!pyLoad.Ok && !ourLoad.Ok)
                {
                    bothFailedLoad++;
                }
                else if (pyLoad.Ok)
                {
                    refused++;
                    refusals.Add($"case {i}: {ourLoad.Error}");
                }
                else
                {
                    mismatches.Add(Describe(i, cases[i], "load", pyLoad, ourLoad));
                }

                continue;
            }

            loaded++;
            foreach (var item in Items)
            {
                var p = py[i].TryGetValue(item, out var raw) ? Outcome.From(raw) : null;
                ours[i].TryGetValue(item, out var o);
                if (p is null && o is null)
                {
                    continue; // an earlier step failed on both sides
                }

                if (p is null || o is null)
                {
                    mismatches.Add(Describe(i, cases[i], item, p, o));
                    continue;
                }

                if (p.Ok && o.Ok && p.Value == o.Value)
                {
                    okItems[item] = okItems.GetValueOrDefault(item) + 1;
                }
                else if (!p.Ok && !o.Ok && o.IsLineageError)
                {
                    raisedItems[item] = raisedItems.GetValueOrDefault(item) + 1;
                    var pair = p.Error!.Split(':')[0] + " -> " + o.Error!.Split(':')[0];
                    errorPairs[pair] = errorPairs.GetValueOrDefault(pair) + 1;
                    if (!SameKindOfError(p.Error, o.Error))
                    {
                        mismatches.Add(Describe(i, cases[i], item + " (another error than Python's)", p, o));
                    }
                }
                else if (p.Ok && !o.Ok && o.Error!.StartsWith(DiagnosticCodes.Unsupported, StringComparison.Ordinal))
                {
                    unsupported++;
                }
                else
                {
                    mismatches.Add(Describe(i, cases[i], item, p, o));
                }
            }
        }

        var summary = new StringBuilder();
        summary.AppendLine(string.Format(
            CultureInfo.InvariantCulture,
            "study-key differential: seed={0} cases={1} loaded={2} both-failed-to-load={3} lineage-refused-yaml={4} unsupported-items={5} mismatches={6} ({7:0.0}s generate, {8:0.0}s total)",
            seed,
            cases.Count,
            loaded,
            bothFailedLoad,
            refused,
            unsupported,
            mismatches.Count,
            genTime.TotalSeconds,
            clock.Elapsed.TotalSeconds));
        summary.AppendLine("  equal values: " + string.Join(", ", Items.Select(k => $"{k}={okItems.GetValueOrDefault(k)}")));
        summary.AppendLine("  raised on both sides: " + string.Join(", ", Items.Select(k => $"{k}={raisedItems.GetValueOrDefault(k)}")));
        summary.AppendLine("  python error -> lineage code: " + string.Join(", ", errorPairs.OrderByDescending(e => e.Value).Select(e => $"{e.Key} x{e.Value}")));
        summary.AppendLine($"  reproduce: LINEAGE_DIFF_SEED={seed} LINEAGE_DIFF_COUNT={count}; one case: python3 {Path.Combine(python.ScriptDir, "gen_study_cases.py")} --seed {seed} --count {count} --show INDEX");
        foreach (var r in refusals.Take(5))
        {
            summary.AppendLine("  refused: " + r);
        }

        foreach (var m in mismatches.Take(MaxDetailed))
        {
            summary.AppendLine(m);
        }

        TestContext.WriteLine(summary.ToString());
        Console.WriteLine(summary.ToString().Split('\n')[0]);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "study-differential-report.txt"), summary.ToString());
        Assert.IsEmpty(mismatches, $"{mismatches.Count} differences from Python.\n{summary}");
        Assert.IsGreaterThanOrEqualTo(cases.Count * 0.98, (double)loaded + bothFailedLoad, $"too many configs refused by the YAML loader.\n{summary}");
        Assert.IsLessThanOrEqualTo(MaxRefusedPercent, 100.0 * refused / cases.Count, summary.ToString());
    }

    private static Dictionary<string, Outcome> Evaluate(Dictionary<string, object?> c)
    {
        var results = new Dictionary<string, Outcome>();
        object? data, hpo, train, bench, hp;
        try
        {
            data = Load(c["data"]);
            hpo = Load(c["hpo"]);
            train = Load(c["train"]);
            bench = Load(c["bench"]);
            hp = c["params"] is string p ? HpoKeys.LoadHyperparameters(p) : null;
            results["load"] = Outcome.Of("ok");
        }
        catch (Exception ex)
        {
            results["load"] = Outcome.Fail(ex);
            return results;
        }

        var model = (string)c["model"]!;
        Try(results, "data_fp", () => HpoKeys.DataFingerprint(data));
        Try(results, "eval_fp", () => HpoKeys.EvalFingerprint(HpoKeys.EvalConfig(train, hpo)));
        var v2 = Try(results, "v2", () => HpoKeys.StudyKeyV2(data, hpo, train, model));
        var v2Hash = v2 is null ? null : Try(results, "v2_hash", () => HpoKeys.Hash64(v2));
        var v1 = Try(results, "v1", () => HpoKeys.StudyKeyV1(data, hpo, model, bench));
        if (v1 is not null)
        {
            Try(results, "v1_hash", () => HpoKeys.Hash64(v1));
        }

        var family = Try(results, "family", () => HpoKeys.StudyFamilyKey(data, hpo, bench));
        if (family is not null)
        {
            Try(results, "family_hash", () => HpoKeys.Hash64(family));
        }

        var given = c["study_hash"] as string;
        var studyHash = !string.IsNullOrEmpty(given) ? given : v2Hash ?? new string('0', 64);
        var trial = Try(results, "trial", () => HpoKeys.TrialKey(studyHash, hp));
        if (trial is not null)
        {
            Try(results, "trial_hash", () => HpoKeys.Hash64(trial));
        }

        Try(results, "model", () => HpoKeys.NormalizeModel(model));
        return results;
    }

    // Lineage raises where Python raises and for the same reason: the first failing step is the same, because the
    // keys are built in Python's evaluation order.
    private static bool SameKindOfError(string python, string lineage)
    {
        var type = python.Split(':')[0];
        var code = lineage.Split(':')[0];
        return type switch
        {
            "AttributeError" => code == DiagnosticCodes.StudyConfigNotAMapping,
            "TypeError" => code is DiagnosticCodes.NotJsonSerializable or DiagnosticCodes.UnsortableKeys,
            "ValueError" => code is DiagnosticCodes.CircularReference or DiagnosticCodes.IntegerTooLong,
            "UnicodeEncodeError" => code == DiagnosticCodes.NotUtf8Encodable,
            _ => false,
        };
    }

    private static object? Load(object? text) => text is string s ? PyYaml.Load(s) : null;

    private static string? Try(Dictionary<string, Outcome> results, string item, Func<string> compute)
    {
        try
        {
            var value = compute();
            results[item] = Outcome.Of(value);
            return value;
        }
        catch (Exception ex)
        {
            results[item] = Outcome.Fail(ex);
            return null;
        }
    }

    private static string Describe(int index, Dictionary<string, object?> c, string item, Outcome? py, Outcome? ours)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"case {index}, {item}:");
        sb.AppendLine($"  python: {py?.ToString() ?? "(not computed)"}");
        sb.AppendLine($"  lineage: {ours?.ToString() ?? "(not computed)"}");
        foreach (var key in new[] { "data", "hpo", "train", "bench", "params", "model", "study_hash" })
        {
            sb.AppendLine($"  {key}: {Comparison.Repr(c[key] as string ?? "null")}");
        }

        return sb.ToString();
    }

    private static int? Env(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private sealed class Outcome
    {
        private Outcome(string? value, string? error, bool isLineageError)
        {
            Value = value;
            Error = error;
            IsLineageError = isLineageError;
        }

        public bool Ok => Error is null;

        public string? Value { get; }

        public string? Error { get; }

        public bool IsLineageError { get; }

        public static Outcome Of(string value) => new(value, null, false);

        public static Outcome Fail(Exception ex) => ex is LineageException le
            ? new Outcome(null, $"{le.Code}: {le.Message}", true)
            : new Outcome(null, $"{ex.GetType().Name} (a bug: not a LineageException): {ex}", false);

        public static Outcome From(object? raw)
        {
            var d = (Dictionary<string, object?>)raw!;
            return d.TryGetValue("v", out var v) ? new Outcome((string)v!, null, false) : new Outcome(null, (string)d["e"]!, false);
        }

        public override string ToString() => Ok ? Comparison.Repr(Value!) : "raised " + Error;
    }
}
