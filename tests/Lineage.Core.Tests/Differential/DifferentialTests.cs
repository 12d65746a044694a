using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Differential;

/// <summary>
/// Generated configs by the thousand, each hashed by Python's reference and by Lineage; any difference fails
/// the test with the seed, the case, both outputs and a minimised input.
/// <para>Environment: <c>LINEAGE_DIFF_SEED</c> (default: random, printed), <c>LINEAGE_DIFF_COUNT</c> (default 5000,
/// at least 5000 when <c>CI</c> is set), <c>LINEAGE_DIFF_SHRINK_SECONDS</c> (default 30),
/// <c>LINEAGE_DIFF_SHRINK_MAX</c> (default 8), <c>LINEAGE_PYTHON</c> (default python3), <c>LINEAGE_DIFF_ONLY</c>
/// (comma-separated case indexes to rerun alone, for debugging; CI must not set it).</para>
/// </summary>
[TestClass]
public sealed class DifferentialTests
{
    // Ratchet on refusals of valid YAML (the generator is heavy on exotic flow-style and escape-laden input that
    // YamlDotNet rejects); lower it as the parser gaps close. See docs/compatibility.md.
    private const double MaxRefusedPercent = 22;

    private const int DefaultCount = 5000;
    private const int MaxDetailed = 10;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void GeneratedConfigsHashLikePyYaml()
    {
        var python = PythonRunner.Require();
        var seed = EnvInt("LINEAGE_DIFF_SEED") ?? Random.Shared.Next(1, int.MaxValue);
        var count = EnvInt("LINEAGE_DIFF_COUNT") ?? DefaultCount;
        if (IsCi() && (count < DefaultCount || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("LINEAGE_DIFF_ONLY"))))
        {
            Assert.Fail($"LINEAGE_DIFF_COUNT={count}: CI must run at least {DefaultCount} generated cases (and no LINEAGE_DIFF_ONLY).");
        }

        var shrinkBudget = TimeSpan.FromSeconds(EnvInt("LINEAGE_DIFF_SHRINK_SECONDS") ?? 30);
        var shrinkMax = EnvInt("LINEAGE_DIFF_SHRINK_MAX") ?? 8;
        var clock = Stopwatch.StartNew();

        Log($"differential: seed={seed} count={count} python={python.Executable} pyyaml={python.PyYamlVersion}");
        var texts = python.Generate(seed, count);
        var only = Environment.GetEnvironmentVariable("LINEAGE_DIFF_ONLY");
        if (!string.IsNullOrWhiteSpace(only))
        {
            // Debugging aid: keep only the listed case indexes (comma separated) of this seed's batch.
            var keep = only.Split(',').Select(x => int.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToList();
            texts = keep.Select(k => texts[k]).ToList();
            Log($"LINEAGE_DIFF_ONLY: running cases {only} only (indexes below are positions in that list)");
        }

        var genTime = clock.Elapsed;

        // One reference process for the whole batch, running while Lineage hashes the same texts.
        var pyTask = Task.Run(() => python.Reference(texts));
        var ours = LineageWorkerPool.Shared.Evaluate(texts, OurResult.DefaultTimeout);
        var lineageTime = clock.Elapsed - genTime;
        var py = pyTask.Result;
        var runTime = clock.Elapsed;

        var verdicts = new Verdict[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            verdicts[i] = Comparison.Compare(py[i], ours[i]);
        }

        var report = new StringBuilder();
        var mismatches = Enumerable.Range(0, texts.Count).Where(i => verdicts[i].IsMismatch).ToList();
        var unsupported = Enumerable.Range(0, texts.Count).Where(i => verdicts[i].Kind == VerdictKind.Unsupported).ToList();
        var refused = Enumerable.Range(0, texts.Count).Where(i => verdicts[i].Kind == VerdictKind.Refused).ToList();
        var pythonOk = py.Count(p => p.Ok);
        var summary = string.Format(
            CultureInfo.InvariantCulture,
            "differential summary: seed={0} cases={1} ok={2} python-errors={3} (lineage also raised: {4}) our-unsupported={5} (LIN0005={6}, LIN0007={7}) refused={9} ({10:0.0}% of python-ok) mismatches={8}",
            seed,
            texts.Count,
            verdicts.Count(v => v.Kind == VerdictKind.Match),
            py.Count(p => !p.Ok),
            verdicts.Count(v => v.Kind == VerdictKind.BothError),
            unsupported.Count,
            unsupported.Count(i => ours[i].Code == "LIN0005"),
            unsupported.Count(i => ours[i].Code == "LIN0007"),
            mismatches.Count,
            refused.Count,
            pythonOk == 0 ? 0 : 100.0 * refused.Count / pythonOk);
        report.AppendLine(summary);
        report.AppendLine($"reproduce: LINEAGE_DIFF_SEED={seed} LINEAGE_DIFF_COUNT={count} dotnet test tests/Lineage.Core.Tests; one case: python3 {python.GeneratorPath} --seed {seed} --count {count} --show INDEX");

        if (unsupported.Count > 0)
        {
            report.AppendLine();
            report.AppendLine("Python succeeded but Lineage refused (allowed codes, counted):");
            foreach (var g in unsupported.GroupBy(i => ours[i].Code + " " + StripLocation(ours[i].Display)).OrderByDescending(g => g.Count()))
            {
                report.AppendLine($"  {g.Count(),5} x {g.Key}  (e.g. case {g.First()})");
            }
        }

        if (refused.Count > 0)
        {
            report.AppendLine();
            report.AppendLine("Python succeeded but Lineage refused (YAML 1.2 parser strictness; never a wrong hash; held under " +
                $"{MaxRefusedPercent}% of python-ok cases):");
            foreach (var g in refused.GroupBy(i => verdicts[i].Signature).OrderByDescending(g => g.Count()))
            {
                report.AppendLine($"  {g.Count(),5} x {g.Key}: e.g. {Comparison.Repr(texts[g.OrderBy(i => texts[i].Length).First()])}");
            }
        }

        if (mismatches.Count > 0)
        {
            report.AppendLine();
            report.AppendLine("MISMATCHES by kind:");
            foreach (var g in mismatches.GroupBy(i => verdicts[i].Signature).OrderByDescending(g => g.Count()))
            {
                report.AppendLine($"  {g.Count(),5} x {g.Key}: cases {string.Join(", ", g.Take(12))}{(g.Count() > 12 ? ", ..." : string.Empty)}");
            }

            report.AppendLine();
            foreach (var i in PickExamples(mismatches, verdicts, texts, MaxDetailed))
            {
                report.AppendLine($"case {i} (seed {seed}):");
                report.Append(Comparison.Describe(texts[i], py[i], ours[i], verdicts[i]));
            }

            report.AppendLine();
            report.Append(ShrinkAll(python, PickExamples(mismatches, verdicts, texts, shrinkMax), texts, verdicts, shrinkBudget));
        }

        report.AppendLine(string.Format(
            CultureInfo.InvariantCulture,
            "time: generate {0:0.0}s, lineage {1:0.0}s, reference (in parallel) {2:0.0}s, total {3:0.0}s",
            genTime.TotalSeconds,
            lineageTime.TotalSeconds,
            (runTime - genTime).TotalSeconds,
            clock.Elapsed.TotalSeconds));

        var reportPath = Path.Combine(AppContext.BaseDirectory, "differential-report.txt");
        File.WriteAllText(reportPath, report.ToString());
        Log(summary);
        TestContext.WriteLine(report.ToString());
        Log($"full report: {reportPath}");
        if (mismatches.Count > 0)
        {
            Assert.Fail($"{mismatches.Count} of {texts.Count} generated configs differ from PyYAML.\n{report}");
        }

        var refusedPercent = pythonOk == 0 ? 0 : 100.0 * refused.Count / pythonOk;
        Assert.IsLessThanOrEqualTo(
            MaxRefusedPercent,
            refusedPercent,
            $"Lineage refused {refused.Count} of {pythonOk} configs that PyYAML reads ({refusedPercent:0.0}%), more than the ceiling of {MaxRefusedPercent}%: a parser regression.\n{report}");
    }

    /// <summary>Smallest inputs first, taking signatures round-robin so every kind of mismatch is shown.</summary>
    private static List<int> PickExamples(List<int> mismatches, Verdict[] verdicts, List<string> texts, int max)
    {
        var queues = mismatches
            .GroupBy(i => verdicts[i].Signature)
            .OrderByDescending(g => g.Count())
            .Select(g => new Queue<int>(g.OrderBy(i => texts[i].Length)))
            .ToList();
        var picked = new List<int>();
        while (picked.Count < max && queues.Any(q => q.Count > 0))
        {
            foreach (var q in queues)
            {
                if (q.Count > 0 && picked.Count < max)
                {
                    picked.Add(q.Dequeue());
                }
            }
        }

        return picked;
    }

    private static string ShrinkAll(PythonRunner python, List<int> cases, List<string> texts, Verdict[] verdicts, TimeSpan budget)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"MINIMISED failing inputs (delta debugging, up to {cases.Count} cases, {budget.TotalSeconds:0}s budget):");
        var clock = Stopwatch.StartNew();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var server = python.StartServer();
        foreach (var i in cases)
        {
            var remaining = budget - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                sb.AppendLine("  (shrink budget used up; raise LINEAGE_DIFF_SHRINK_SECONDS for more)");
                break;
            }

            var signature = verdicts[i].Signature;
            var perCase = TimeSpan.FromTicks(Math.Max(remaining.Ticks / 2, Math.Min(remaining.Ticks, TimeSpan.FromSeconds(10).Ticks)));
            var shrinker = new Shrinker(batch => FirstFailing(server, batch, signature), perCase);
            var minimal = shrinker.Shrink(texts[i]);
            if (!seen.Add(minimal))
            {
                continue;
            }

            var pr = server.Evaluate(new[] { minimal })[0];
            var our = OurResult.Run(minimal);
            sb.AppendLine($"case {i} minimised from {texts[i].Length} to {minimal.Length} chars in {shrinker.Rounds} batches{(shrinker.OutOfTime ? " (time budget hit)" : string.Empty)}:");
            sb.Append(Comparison.Describe(minimal, pr, our, Comparison.Compare(pr, our)));
        }

        return sb.ToString();
    }

    /// <summary>Python answers the whole batch at once; Lineage stops at the first candidate that still fails.</summary>
    internal static int FirstFailing(ReferenceServer server, IReadOnlyList<string> batch, string signature)
    {
        var pys = server.Evaluate(batch);
        return LineageWorkerPool.Shared.FirstWhere(
            batch,
            TimeSpan.FromSeconds(1),
            (j, ours) => Comparison.Compare(pys[j], ours).Signature == signature);
    }

    private static string StripLocation(string? display)
    {
        if (display is null)
        {
            return string.Empty;
        }

        var k = display.IndexOf(": ", display.IndexOf("error ", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var message = k >= 0 ? display.Substring(k + 2) : display;
        return message.Length > 140 ? message.Substring(0, 140) + "..." : message;
    }

    private void Log(string line)
    {
        TestContext.DisplayMessage(MessageLevel.Informational, line);
        Console.WriteLine(line);
    }

    private static bool IsCi() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    private static int? EnvInt(string name)
    {
        var v = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(v))
        {
            return null;
        }

        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            Assert.Fail($"{name}={v} is not an integer");
        }

        return n;
    }
}
