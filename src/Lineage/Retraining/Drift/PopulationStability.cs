using System;
using System.Collections.Generic;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Drift;

/// <summary>
/// The population stability index between a reference and a current sample, on bins cut at the reference's
/// quantiles. The rule (docs/drift.md; <c>tests/Lineage.Tests/Drift/psi_reference.py</c> is the NumPy statement of it):
/// <list type="number">
/// <item>edges: <c>numpy.quantile(reference, [i/B for i in 1..B-1])</c> (linear interpolation), de-duplicated;</item>
/// <item>bins: a value x falls in bin <c>searchsorted(edges, x, side='right')</c>, so the outer bins are open-ended
/// and a value equal to an edge belongs to the bin above it;</item>
/// <item>proportions: count / sample size; an empty bin's proportion is replaced by epsilon (1e-4 by default);</item>
/// <item>PSI = sum over bins, in order, of (p_cur - p_ref) * ln(p_cur / p_ref).</item>
/// </list>
/// </summary>
public static class PopulationStability
{
    /// <summary>The default number of bins.</summary>
    public const int DefaultBins = 10;

    /// <summary>The default proportion used for an empty bin.</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <summary>PSI of <paramref name="current"/> against <paramref name="reference"/> (neither is modified).</summary>
    public static double Compute(double[] reference, double[] current, int bins = DefaultBins, double epsilon = DefaultEpsilon)
    {
        if (reference is null)
        {
            throw new ArgumentNullException(nameof(reference));
        }

        if (current is null)
        {
            throw new ArgumentNullException(nameof(current));
        }

        var r = (double[])reference.Clone();
        var c = (double[])current.Clone();
        Array.Sort(r);
        Array.Sort(c);
        return ComputeSorted(r, c, bins, epsilon);
    }

    /// <summary>As <see cref="Compute"/> for samples already sorted ascending.</summary>
    public static double ComputeSorted(double[] sortedReference, double[] sortedCurrent, int bins = DefaultBins, double epsilon = DefaultEpsilon)
    {
        if (sortedReference is null)
        {
            throw new ArgumentNullException(nameof(sortedReference));
        }

        if (sortedCurrent is null)
        {
            throw new ArgumentNullException(nameof(sortedCurrent));
        }

        CheckOptions(bins, epsilon);
        if (sortedReference.Length == 0 || sortedCurrent.Length == 0)
        {
            throw new LineageException(DiagnosticCodes.EmptyDriftSample, "the population stability index needs at least one value in each sample");
        }

        KolmogorovSmirnov.CheckNoNaN(sortedReference);
        KolmogorovSmirnov.CheckNoNaN(sortedCurrent);
        var edges = Edges(sortedReference, bins);
        var refCounts = Counts(sortedReference, edges);
        var curCounts = Counts(sortedCurrent, edges);
        double nRef = sortedReference.Length, nCur = sortedCurrent.Length;
        var psi = 0.0;
        for (var i = 0; i < refCounts.Length; i++)
        {
            var pr = refCounts[i] / nRef;
            var pc = curCounts[i] / nCur;
            if (pr == 0)
            {
                pr = epsilon;
            }

            if (pc == 0)
            {
                pc = epsilon;
            }

            psi += (pc - pr) * Math.Log(pc / pr);
        }

        return psi;
    }

    internal static void CheckOptions(int bins, double epsilon)
    {
        if (bins < 2 || bins > 10000)
        {
            throw new LineageException(DiagnosticCodes.InvalidDriftOption, $"the number of bins must be between 2 and 10000, not {bins}");
        }

        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new LineageException(DiagnosticCodes.InvalidDriftOption, $"the empty-bin proportion must be in (0, 1), not {epsilon}");
        }
    }

    /// <summary>The de-duplicated inner bin edges: numpy.quantile's 'linear' method at i/B, ascending.</summary>
    internal static double[] Edges(double[] sorted, int bins)
    {
        var n = sorted.Length;
        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var q = i / (double)bins;
            var virtualIndex = (n - 1) * q;
            double edge;
            if (virtualIndex >= n - 1)
            {
                edge = sorted[n - 1];
            }
            else
            {
                var previous = Math.Floor(virtualIndex);
                var a = sorted[(int)previous];
                var b = sorted[(int)previous + 1];
                var gamma = virtualIndex - previous;

                // numpy's _lerp: from the nearer end, so the result stays within [a, b].
                var diff = b - a;
                edge = gamma >= 0.5 ? b - (diff * (1 - gamma)) : a + (diff * gamma);
            }

            edges.Add(edge);
        }

        edges.Sort();
        var unique = new List<double>(edges.Count);
        foreach (var e in edges)
        {
            if (unique.Count == 0 || unique[unique.Count - 1] != e)
            {
                unique.Add(e);
            }
        }

        return unique.ToArray();
    }

    // Counts per bin of a sorted sample: bin k holds edges[k-1] <= x < edges[k].
    private static long[] Counts(double[] sorted, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        var start = 0;
        for (var k = 0; k < edges.Length; k++)
        {
            var end = LowerBound(sorted, start, edges[k]);
            counts[k] = end - start;
            start = end;
        }

        counts[edges.Length] = sorted.Length - start;
        return counts;
    }

    // The first index at or after from whose value is not less than x.
    private static int LowerBound(double[] sorted, int from, double x)
    {
        int lo = from, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
