using System;

namespace Lineage.Retraining.Drift;

/// <summary>
/// The survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n, P(D_n &gt;= x): what
/// <c>scipy.stats.kstwo.sf(x, n)</c> returns, which <c>ks_2samp</c> uses for large samples with n = round(mn/(m+n)).
/// Follows Simard and L'Ecuyer (2011) as SciPy 1.10 does: Ruben-Gambino near the ends, twice the one-sided Smirnov
/// probability for large x, the Durbin matrix (Marsaglia-Tsang-Wang) or Pomeranz recursion for small n x^2, and the
/// Pelz-Good expansion for large n.
/// </summary>
internal static class KolmogorovDistribution
{
    private const double Scale = 3.4028236692093846e38; // 2^128
    private const double InverseScale = 2.938735877055719e-39; // 2^-128
    private const double MinLog = -708;
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);
    private static readonly double Sqrt3 = Math.Sqrt(3);
    private static readonly double PiSquared = Math.Pow(Math.PI, 2);
    private static readonly double PiFour = Math.Pow(Math.PI, 4);
    private static readonly double PiSix = Math.Pow(Math.PI, 6);

    // Stirling series coefficients B_2j/(2j(2j-1)), j = 8..1, highest first.
    private static readonly double[] StirlingCoefficients =
    {
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    };

    /// <summary>P(D_n &gt;= x) as <c>kstwo.sf(x, n)</c>: 1 at or below 1/(2n), 0 at or above 1.</summary>
    public static double Sf(int n, double x)
    {
        if (n < 1 || double.IsNaN(x))
        {
            return double.NaN;
        }

        // kstwo's support is (1/(2n), 1): sf is 1 below it and 0 above it.
        if (x <= 0.5 / n)
        {
            return 1.0;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben-Gambino: cdf = n!/n^n (2t-1)^n for 1/(2n) <= x <= 1/n.
            double prob;
            if (n <= 140)
            {
                var twoTMinusOne = (2 * t) - 1;
                var inverseN = 1.0 / n;
                prob = 1.0 * inverseN * twoTMinusOne;
                for (var i = 2; i <= n; i++)
                {
                    prob *= i * inverseN * twoTMinusOne;
                }
            }
            else
            {
                prob = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Clip(1.0 - prob);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * SmirnovDistribution.Sf(n, x));
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                return Clip(1.0 - DurbinCdf(n, x));
            }

            if (nxSquared <= 4)
            {
                return Clip(1.0 - PomeranzCdf(n, x));
            }

            return Clip(2 * SmirnovDistribution.Sf(n, x));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * SmirnovDistribution.Sf(n, x));
        }

        double cdf;
        if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdf = DurbinCdf(n, x);
        }
        else
        {
            cdf = PelzGoodCdf(n, x);
        }

        return Clip(1.0 - cdf);
    }

    // log(n!/n^n) by Stirling's series with n log n taken out first.
    private static double LogFactorialOverPower(int n)
    {
        var rn = 1.0 / n;
        var x = rn / n;
        var poly = 0.0;
        foreach (var c in StirlingCoefficients)
        {
            poly = (poly * x) + c;
        }

        return (Math.Log(n) / 2) - n + (Log2Pi / 2) + (rn * poly);
    }

    /// <summary>P(D_n &lt;= d) by Durbin's matrix, as Marsaglia, Tsang and Wang (2003) evaluate it.</summary>
    internal static double DurbinCdf(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;

        // v[j] = (1 - h^(j+1)) / (j+1)!, w[j] = 1/j!; H has w on and below the superdiagonal, v in its first
        // column and reversed in its last row.
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }

        var tt = Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m));
        v[m - 1] = (1.0 + tt) * fac;

        var hm = new double[m, m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[r, i] = w[r - (i - 1)];
            }
        }

        for (var r = 0; r < m; r++)
        {
            hm[r, 0] = v[r];
        }

        for (var c = 0; c < m; c++)
        {
            hm[m - 1, c] = v[m - 1 - c];
        }

        var power = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            power[i, i] = 1.0;
        }

        var nn = n;
        long exponent = 0;
        long hExponent = 0;
        var scratch = new double[m, m];
        while (nn > 0)
        {
            if (nn % 2 != 0)
            {
                Multiply(power, hm, scratch, m);
                (power, scratch) = (scratch, power);
                exponent += hExponent;
            }

            Multiply(hm, hm, scratch, m);
            (hm, scratch) = (scratch, hm);
            hExponent *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > Scale)
            {
                for (var r = 0; r < m; r++)
                {
                    for (var c = 0; c < m; c++)
                    {
                        hm[r, c] /= Scale;
                    }
                }

                hExponent += 128;
            }

            nn /= 2;
        }

        // Multiply by n!/n^n, rescaling to stay in range. SciPy's value turns into an 80-bit long double at the
        // first rescale; a double-double from there on is at least as precise.
        var p = power[k - 1, k - 1];
        var i2 = 1;
        for (; i2 <= n; i2++)
        {
            p = i2 * p / n;
            if (Math.Abs(p) < InverseScale)
            {
                break;
            }
        }

        double result;
        if (i2 > n)
        {
            result = Numerics.ScaleB(p, (int)exponent);
        }
        else
        {
            var pd = new DoubleDouble(p * Scale);
            exponent -= 128;
            for (var i = i2 + 1; i <= n; i++)
            {
                pd = pd * new DoubleDouble(i) / new DoubleDouble(n);
                if (Math.Abs(pd.Hi) < InverseScale)
                {
                    pd = pd.ScaleB(128);
                    exponent -= 128;
                }
            }

            result = Numerics.ScaleB(pd.ToDouble(), (int)exponent);
        }

        return Clip(result);
    }

    private static void Multiply(double[,] a, double[,] b, double[,] result, int m)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var s = 0.0;
                for (var l = 0; l < m; l++)
                {
                    s += a[i, l] * b[l, j];
                }

                result[i, j] = s;
            }
        }
    }

    /// <summary>P(D_n &lt;= x) by the Pomeranz (1974) recursion.</summary>
    internal static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = 1.0 * (t - ll);
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        long exponent = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - (2 * g)) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }

        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, j2) = PomeranzBounds(0, n, ll, ceilf, roundf);
        var conv = new double[2 * npwrs];
        for (var i = 1; i < (2 * n) + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1, 0, v1.Length);
            (j1, j2) = PomeranzBounds(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == (2 * n) + 1 ? gpower : (i % 2 != 0 ? twogpower : onem2gpower);
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                // Full convolution of V0[k1 - V0s ..][..ln2] with pwrs[..ln2], of which entries j1-k1 .. j2-k1 are kept.
                var aStart = k1 - v0s;
                var aLen = Math.Min(ln2, npwrs - aStart);
                var bLen = Math.Min(ln2, npwrs);
                var convStart = j1 - k1;
                var convLen = j2 - j1 + 1;
                var fullLen = aLen + bLen - 1;
                var max = 0.0;
                for (var c = 0; c < convLen; c++)
                {
                    var idx = convStart + c;
                    if (idx >= fullLen)
                    {
                        break;
                    }

                    var s = 0.0;
                    var lo = Math.Max(0, idx - (bLen - 1));
                    var hi = Math.Min(idx, aLen - 1);
                    for (var a = lo; a <= hi; a++)
                    {
                        s += v0[aStart + a] * pwrs[idx - a];
                    }

                    v1[c] = s;
                    max = Math.Max(max, s);
                }

                if (max > 0 && max < InverseScale)
                {
                    for (var c = 0; c < v1.Length; c++)
                    {
                        v1[c] *= Scale;
                    }

                    exponent -= 128;
                }

                v1s = v0s + j1 - k1;
            }
        }

        // Multiply by n!; SciPy switches to long double at the first rescale, a double-double here.
        var ans = v1[n - v1s];
        var m2 = 1;
        for (; m2 <= n; m2++)
        {
            if (Math.Abs(ans) > Scale)
            {
                break;
            }

            ans *= m2;
        }

        double result;
        if (m2 > n)
        {
            result = Numerics.ScaleB(ans, (int)exponent);
        }
        else
        {
            var ad = new DoubleDouble(ans);
            for (var m = m2; m <= n; m++)
            {
                if (Math.Abs(ad.Hi) > Scale)
                {
                    ad = ad.ScaleB(-128);
                    exponent += 128;
                }

                ad *= new DoubleDouble(m);
            }

            result = Numerics.ScaleB(ad.ToDouble(), (int)exponent);
        }

        return Clip(result);
    }

    private static (int J1, int J2) PomeranzBounds(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1)
                {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                }
                else
                {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            }
            else
            {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>The Pelz-Good (1976) approximation of P(D_n &lt;= x).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        var z = Math.Sqrt(n) * x;
        double zsquared = Math.Pow(z, 2), zthree = Math.Pow(z, 3), zfour = Math.Pow(z, 4), zsix = Math.Pow(z, 6);
        var qlog = -PiSquared / 8 / zsquared;
        if (qlog < MinLog)
        {
            return 0.0;
        }

        var q = Math.Exp(qlog);
        var k1a = -zsquared;
        var k1b = PiSquared / 4;
        var k2a = (6 * zsix) + (2 * zfour);
        var k2b = ((2 * zfour) - (5 * zsquared)) * PiSquared / 4;
        var k2c = PiFour * (1 - (2 * zsquared)) / 16;
        var k3d = PiSix * (5 - (30 * zsquared)) / 64;
        var k3c = PiFour * ((-60 * zsquared) + (212 * zfour)) / 16;
        var k3b = PiSquared * ((135 * zfour) - (96 * zsix)) / 4;
        var k3a = (-30 * zsix) - (90 * Math.Pow(z, 8));

        double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            var m = (2 * k) - 1;
            double msquared = (double)m * m, mfour = msquared * msquared, msix = mfour * msquared;
            var qpower = Math.Pow(q, 8 * k);
            c0 = (c0 * qpower) + 1.0;
            c1 = (c1 * qpower) + (k1a + (k1b * msquared));
            c2 = (c2 * qpower) + (k2a + (k2b * msquared) + (k2c * mfour));
            c3 = (c3 * qpower) + (k3a + (k3b * msquared) + (k3c * mfour) + (k3d * msix));
        }

        c0 = c0 * q * Sqrt2Pi / z;
        c1 = c1 * q * Sqrt2Pi / (6 * zfour);
        c2 = c2 * q * Sqrt2Pi / (72 * Math.Pow(z, 7));
        c3 = c3 * q * Sqrt2Pi / (6480 * Math.Pow(z, 10));

        // The sums over all integers k, for K2 and K3.
        q = Math.Exp(-PiSquared / 2 / zsquared);
        var sqrt3z = Sqrt3 * z;
        var k2Terms = new double[maxk];
        var k3Terms = new double[maxk];
        for (var i = 0; i < maxk; i++)
        {
            var k = maxk - i;
            var ksquared = (double)k * k;
            var kspi = Math.PI * k;
            var qpower = Math.Pow(q, k * k);
            k2Terms[i] = ksquared * qpower;
            k3Terms[i] = (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpower;
        }

        var k2extra = NumPySum(k2Terms) * (PiSquared * Sqrt2Pi / (-36 * zthree));
        c2 += k2extra;
        var k3extra = NumPySum(k3Terms) * (PiSquared * Sqrt2Pi / (216 * zsix));
        c3 += k3extra;

        var nd = n * 1.0;
        c1 /= Math.Pow(nd, 0.5);
        c2 /= Math.Pow(nd, 1.0);
        c3 /= Math.Pow(nd, 1.5);
        return 0.0 + c0 + c1 + c2 + c3;
    }

    // numpy.sum of a float64 vector: the first element, plus the pairwise sum of the rest (8 accumulators per block).
    internal static double NumPySum(double[] values)
    {
        if (values.Length == 0)
        {
            return 0.0;
        }

        return values[0] + PairwiseSum(values, 1, values.Length - 1);
    }

    private static double PairwiseSum(double[] a, int start, int n)
    {
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++)
            {
                res += a[start + i];
            }

            return res;
        }

        if (n <= 128)
        {
            var r = new double[8];
            for (var j = 0; j < 8; j++)
            {
                r[j] = a[start + j];
            }

            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += a[start + i + j];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += a[start + i];
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a, start, n2) + PairwiseSum(a, start + n2, n - n2);
    }

    private static double Clip(double p) => p < 0 ? 0 : (p > 1 ? 1 : p);
}
