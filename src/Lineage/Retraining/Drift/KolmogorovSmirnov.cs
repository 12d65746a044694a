using System;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Drift;

/// <summary>How a Kolmogorov-Smirnov p-value was computed.</summary>
public enum KsMethod
{
    /// <summary>The exact distribution of the two-sample statistic (lattice path counting).</summary>
    Exact,

    /// <summary>The asymptotic (one-sample Kolmogorov) distribution with n = round(mn/(m+n)).</summary>
    Asymptotic,
}

/// <summary>The outcome of a two-sample Kolmogorov-Smirnov test.</summary>
public readonly struct KsResult
{
    /// <summary>Creates a result.</summary>
    public KsResult(double statistic, double pValue, KsMethod method)
    {
        Statistic = statistic;
        PValue = pValue;
        Method = method;
    }

    /// <summary>D = sup |F1(x) - F2(x)| over the two empirical distribution functions.</summary>
    public double Statistic { get; }

    /// <summary>The two-sided p-value, in [0, 1].</summary>
    public double PValue { get; }

    /// <summary>Exact or asymptotic.</summary>
    public KsMethod Method { get; }
}

/// <summary>
/// The two-sample Kolmogorov-Smirnov test, two-sided, with the statistic and p-value that
/// <c>scipy.stats.ks_2samp(a, b)</c> (SciPy 1.10, <c>method='auto'</c>) returns: exact when both samples have at most
/// 10,000 values (falling back to asymptotic when the exact computation fails), asymptotic otherwise. docs/drift.md
/// has the definitions.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Above this sample size 'auto' uses the asymptotic distribution (SciPy's <c>MAX_AUTO_N</c>).</summary>
    public const int MaxExactSize = 10000;

    /// <summary>Tests <paramref name="sample1"/> against <paramref name="sample2"/> (neither is modified; NaN is not allowed).</summary>
    public static KsResult TwoSample(double[] sample1, double[] sample2)
    {
        if (sample1 is null)
        {
            throw new ArgumentNullException(nameof(sample1));
        }

        if (sample2 is null)
        {
            throw new ArgumentNullException(nameof(sample2));
        }

        var a = (double[])sample1.Clone();
        var b = (double[])sample2.Clone();
        Array.Sort(a);
        Array.Sort(b);
        return TwoSampleSorted(a, b);
    }

    /// <summary>As <see cref="TwoSample"/> for samples already sorted ascending (no copy, no sort).</summary>
    public static KsResult TwoSampleSorted(double[] sorted1, double[] sorted2)
    {
        if (sorted1 is null)
        {
            throw new ArgumentNullException(nameof(sorted1));
        }

        if (sorted2 is null)
        {
            throw new ArgumentNullException(nameof(sorted2));
        }

        if (sorted1.Length == 0 || sorted2.Length == 0)
        {
            throw new LineageException(DiagnosticCodes.EmptyDriftSample, "the Kolmogorov-Smirnov test needs at least one value in each sample");
        }

        CheckNoNaN(sorted1);
        CheckNoNaN(sorted2);
        var d = Statistic(sorted1, sorted2);
        return PValue(d, sorted1.Length, sorted2.Length);
    }

    /// <summary>
    /// The largest positive and negative ECDF differences, as SciPy forms them: F1 and F2 at every observed value
    /// (count of values &lt;= x, divided by the size), D = max(max(F1-F2), clip(-min(F1-F2), 0, 1)).
    /// </summary>
    internal static double Statistic(double[] a, double[] b)
    {
        int n1 = a.Length, n2 = b.Length;
        double n1d = n1, n2d = n2;
        double maxDiff = double.NegativeInfinity, minDiff = double.PositiveInfinity;
        int i = 0, j = 0;

        // One pass over the merged values: at each distinct value both counts include every copy of it.
        while (i < n1 || j < n2)
        {
            double x;
            if (j >= n2 || (i < n1 && a[i] <= b[j]))
            {
                x = a[i];
            }
            else
            {
                x = b[j];
            }

            while (i < n1 && a[i] <= x)
            {
                i++;
            }

            while (j < n2 && b[j] <= x)
            {
                j++;
            }

            var diff = (i / n1d) - (j / n2d);
            if (diff > maxDiff)
            {
                maxDiff = diff;
            }

            if (diff < minDiff)
            {
                minDiff = diff;
            }
        }

        var minS = -minDiff;
        minS = minS < 0 ? 0 : (minS > 1 ? 1 : minS);
        return minS > maxDiff ? minS : maxDiff;
    }

    /// <summary>The p-value of statistic <paramref name="d"/> for sizes <paramref name="n1"/> and <paramref name="n2"/>, with D as reported.</summary>
    internal static KsResult PValue(double d, int n1, int n2)
    {
        if (Math.Max(n1, n2) <= MaxExactSize)
        {
            long g = Gcd(n1, n2);
            var lcm = (n1 / g) * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);

            // SciPy reports D = h / lcm from here on, exact or not.
            d = h * 1.0 / lcm;
            if (h == 0)
            {
                return new KsResult(d, 1.0, KsMethod.Exact);
            }

            var prob = n1 == n2 ? ProbabilityOutsideSquare(n1, h) : OuterProbabilityInside(n1, n2, g, h);
            if (prob >= 0 && prob <= 1)
            {
                return new KsResult(d, prob, KsMethod.Exact);
            }

            // Rounding pushed the exact value out of [0, 1]: SciPy switches to the asymptotic distribution.
        }

        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        var p = KolmogorovDistribution.Sf((int)Math.Round(en, MidpointRounding.ToEven), d);
        return new KsResult(d, p < 0 ? 0 : (p > 1 ? 1 : p), KsMethod.Asymptotic);
    }

    /// <summary>
    /// P(D_{n,n} &gt;= h/n) for two samples of size n: 2 (C(2n,n-h) - C(2n,n-2h) + ...) / C(2n,n), evaluated as a
    /// Horner-like product of ratios to avoid the cancellation of the alternating sum.
    /// </summary>
    internal static double ProbabilityOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = n / h;
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
            k--;
        }

        return 2 * p;
    }

    /// <summary>
    /// The proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| &lt; h/lcm(m,n), i.e.
    /// P(D &gt;= h/lcm). Hodges' inside method, with the recursion carried for 1 - p directly (Viehmann 2021,
    /// arXiv:2102.08037) over one sliding column.
    /// </summary>
    internal static double OuterProbabilityInside(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min((2 * maxj) + 2, n + 1);
        var column = new double[lenA];
        for (var c = maxj; c < lenA; c++)
        {
            column[c] = 1.0;
        }

        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor(((ng * i) - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling(((ng * i) + h) / (double)mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }

            double iD = i;
            var val = minj == 0 ? 0.0 : 1.0;
            var shift = minj - lastminj;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((column[jj + shift] * iD) + (val * j)) / (iD + j);
                column[jj] = val;
            }

            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                // Entries carried over beyond the new window stand for paths already outside: probability 1.
                var end = Math.Min(maxj - minj + (lastlen - curlen), lenA);
                for (var c = maxj - minj; c < end; c++)
                {
                    column[c] = 1.0;
                }
            }
        }

        return column[maxj - minj - 1];
    }

    // .NET sorts NaN first and NumPy last, and SciPy's result with NaN is meaningless anyway: refuse it. A sorted
    // array holds NaN at one of its ends.
    internal static void CheckNoNaN(double[] sorted)
    {
        if (double.IsNaN(sorted[0]) || double.IsNaN(sorted[sorted.Length - 1]))
        {
            throw new LineageException(DiagnosticCodes.DriftFeatureNotNumeric, "a drift sample holds NaN; leave missing values out");
        }
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
