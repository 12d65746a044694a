using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Lineage.Core.Tests.Differential;

/// <summary>
/// Delta debugging (ddmin) for failing inputs: deletes chunks of lines, then simplifies scalars, then deletes
/// chunks of characters, as long as the candidate still fails the same way. All candidates of one step are
/// evaluated as one batch, so Python is asked once per step, not once per candidate.
/// </summary>
internal sealed class Shrinker
{
    private static readonly Regex Token = new(@"[A-Za-z]{2,}|[0-9]{2,}", RegexOptions.CultureInvariant);

    private readonly Func<IReadOnlyList<string>, int> _firstFailing;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _budget;

    /// <param name="firstFailing">For a batch of candidates, the index of the first one that still shows the same
    /// mismatch, or -1.</param>
    /// <param name="budget">Time after which the best input found so far is returned.</param>
    public Shrinker(Func<IReadOnlyList<string>, int> firstFailing, TimeSpan budget)
    {
        _firstFailing = firstFailing;
        _budget = budget;
    }

    public int Rounds { get; private set; }

    public bool OutOfTime => _clock.Elapsed > _budget;

    public string Shrink(string input)
    {
        var current = input;
        while (!OutOfTime)
        {
            var before = current;
            current = Ddmin(current, SplitLines);
            current = SimplifyTokens(current);
            current = Ddmin(current, s => s.Select(c => c.ToString()).ToList());
            if (current == before)
            {
                break;
            }
        }

        return current;
    }

    private static List<string> SplitLines(string s)
    {
        var units = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n')
            {
                units.Add(s.Substring(start, i - start + 1));
                start = i + 1;
            }
        }

        if (start < s.Length)
        {
            units.Add(s.Substring(start));
        }

        return units;
    }

    private int FirstFailing(List<string> candidates)
    {
        if (candidates.Count == 0 || OutOfTime)
        {
            return -1;
        }

        Rounds++;
        return _firstFailing(candidates);
    }

    private string Ddmin(string input, Func<string, List<string>> split)
    {
        var units = split(input);
        var n = 2;
        while (units.Count >= 2 && !OutOfTime)
        {
            var chunk = (int)Math.Ceiling(units.Count / (double)n);
            var candidates = new List<List<string>>();
            for (var start = 0; start < units.Count; start += chunk)
            {
                var c = new List<string>(units.Count);
                c.AddRange(units.Take(start));
                c.AddRange(units.Skip(start + chunk));
                candidates.Add(c);
            }

            var texts = candidates.Select(c => string.Concat(c)).ToList();
            var idx = FirstFailing(texts);
            if (idx >= 0)
            {
                units = candidates[idx];
                n = Math.Max(n - 1, 2);
                continue;
            }

            if (n >= units.Count)
            {
                break;
            }

            n = Math.Min(n * 2, units.Count);
        }

        return string.Concat(units);
    }

    /// <summary>Replaces words by <c>a</c> and numbers by <c>1</c>, one token at a time, while the failure stays.</summary>
    private string SimplifyTokens(string input)
    {
        var current = input;
        var progress = true;
        while (progress && !OutOfTime)
        {
            progress = false;
            var candidates = new List<string>();
            foreach (Match m in Token.Matches(current))
            {
                var replacement = char.IsDigit(m.Value[0]) ? "1" : "a";
                var sb = new StringBuilder(current.Length);
                sb.Append(current, 0, m.Index).Append(replacement).Append(current, m.Index + m.Length, current.Length - m.Index - m.Length);
                candidates.Add(sb.ToString());
            }

            var idx = FirstFailing(candidates);
            if (idx >= 0)
            {
                current = candidates[idx];
                progress = true;
            }
        }

        return current;
    }
}
