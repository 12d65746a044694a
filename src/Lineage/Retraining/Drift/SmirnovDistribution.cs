using System;

namespace Lineage.Retraining.Drift;

/// <summary>
/// The one-sided Smirnov survival function P(D+_n &gt;= x) (what <c>scipy.special.smirnov(n, x)</c> returns), by the
/// Smirnov/Birnbaum-Tingey sum evaluated as van Mulbregt (arXiv:1802.06966) describes and SciPy 1.10 implements:
/// double-double terms, a scaled binomial coefficient, the "upper" sum when it has at most three terms, and an
/// early stop once the remaining terms cannot change the double result.
/// </summary>
internal static class SmirnovDistribution
{
    // log(2^-1075): Cephes' MINLOG when subnormals are in use (as in SciPy's build).
    private const double MinLog = -7.451332191019412076235E2;
    private const int MaxComputeN = 1000000;
    private const int UpperSumMaxTerms = 3;
    private const int UpperSumMinN = 10;
    private const int MaxExponent = 960;
    private const double Ln2 = 0.69314718055994530942;
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>P(D+_n &gt;= x), clipped to [0, 1]; NaN outside the domain.</summary>
    public static double Sf(int n, double x)
    {
        if (double.IsNaN(x) || !(n > 0 && x >= 0.0 && x <= 1.0))
        {
            return double.NaN;
        }

        if (n == 1)
        {
            return 1 - x;
        }

        if (x == 0.0)
        {
            return 1.0;
        }

        if (x == 1.0)
        {
            return 0.0;
        }

        // floor(n*x) and the fractional part, exactly (n*x as a double-double).
        var nxD = DoubleDouble.Product(n, x);
        var floorHi = Math.Floor(nxD.Hi);
        var floorD = floorHi == nxD.Hi ? new DoubleDouble(floorHi, Math.Floor(nxD.Lo)) : new DoubleDouble(floorHi);
        var alpha = (nxD - floorD).Hi;
        var nxFloor = (int)(floorD.Hi + floorD.Lo);
        if (alpha == 1)
        {
            nxFloor += 1;
            alpha = 0;
        }

        var n1mxFloor = n - nxFloor - (alpha == 0 ? 0 : 1);
        var n1mxCeil = n - nxFloor;
        if (alpha == 0)
        {
            // The last term belongs to neither sum when n*x is an integer.
            n1mxFloor -= 1;
            n1mxCeil += 1;
        }

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            // x <= 1/n: cdf = x (1+x)^(n-1).
            var t = PowD(DoubleDouble.Sum(1, x), n - 1).ToDouble();
            return Clip(1 - (x * t));
        }

        if ((-2 * n) * x * x < MinLog)
        {
            return 0.0;
        }

        if (nxFloor >= n - 1)
        {
            return Clip(PowD(DoubleDouble.Sum(1, -x), n).ToDouble());
        }

        if (n > MaxComputeN)
        {
            // Too many terms: p ~ exp(-(6nx+1)^2 / 18n).
            var logp = -Math.Pow((6.0 * n * x) + 1, 2) / 18.0 / n;
            return Clip(logp < -Ln2 ? Math.Exp(logp) : 1 - (-ExpM1(logp)));
        }

        var nUpperTerms = n - n1mxCeil + 1;
        var useUpperSum = (nUpperTerms <= 1 && x < 0.5)
            || (n >= UpperSumMinN && nUpperTerms <= UpperSumMaxTerms && x <= 0.5 / Math.Sqrt(n));

        int start = 0, step = 1, nTerms = n1mxFloor + 1;
        var vmid = n / 2;
        var cMantissa = DoubleDouble.One;
        long cExponent = 0;
        DoubleDouble aj;
        if (useUpperSum)
        {
            start = n;
            step = -1;
            nTerms = n - n1mxCeil + 1;
            aj = PowD(DoubleDouble.Sum(1, x), n - 1);
        }
        else
        {
            aj = PowD(DoubleDouble.Sum(1, -x), n) / new DoubleDouble(x);
        }

        var sum = aj;
        UpdateBinomial(ref cMantissa, ref cExponent, n, 0);
        for (var j = 1; j < nTerms; j++)
        {
            var v = start + (j * step);
            aj = Term(n, x, v, cMantissa, cExponent);
            var finite = !double.IsNaN(aj.Hi) && !double.IsInfinity(aj.Hi);
            if (finite && !aj.IsZero)
            {
                sum += aj;
            }

            if (!aj.IsZero)
            {
                if (4.0 * (nTerms - j) * Math.Abs(aj.ToDouble()) < Epsilon * sum.ToDouble() && j != nTerms - 1)
                {
                    break;
                }
            }
            else if (j > vmid)
            {
                break;
            }

            UpdateBinomial(ref cMantissa, ref cExponent, n, j);
        }

        var prob = (new DoubleDouble(x) * sum).ToDouble();
        return Clip(step < 0 ? 1 - prob : prob);
    }

    // A_v = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1), with C(n, v) = mantissa * 2^exponent.
    private static DoubleDouble Term(int n, double x, int v, DoubleDouble cMantissa, long cExponent)
    {
        var t2x = DoubleDouble.Divide(n - v, n) - new DoubleDouble(x);
        var t2 = PowScaled(t2x, n - v, out var t2E);
        var t1x = DoubleDouble.Divide(v, n) + new DoubleDouble(x);
        var t1 = PowScaled(t1x, v - 1, out var t1E);
        var product = t1 * t2 * cMantissa;
        var exponent = cExponent + t1E + t2E;
        if (exponent < -2200)
        {
            return new DoubleDouble(0.0);
        }

        return product.ScaleB((int)Math.Min(exponent, 2200));
    }

    private static void UpdateBinomial(ref DoubleDouble mantissa, ref long exponent, int n, int j)
    {
        var ratio = DoubleDouble.Divide(n - j, j + 1.0);
        mantissa = (mantissa * ratio).Frexp(out var e);
        exponent += e;
    }

    // a^m for m >= 0 from pow() of the high part and a first-order correction for the low part (the low part is
    // below 2^-52 of the high part, so m * lo/hi stays far below 1e-4 for every int m).
    private static DoubleDouble PowD(DoubleDouble a, int m)
    {
        if (m == 0)
        {
            return DoubleDouble.One;
        }

        if (a.IsZero)
        {
            return new DoubleDouble(0.0);
        }

        var ans = Math.Pow(a.Hi, m);
        var r = a.Lo / a.Hi;
        var adj = m * r;
        if (Math.Abs(adj) > 1e-8)
        {
            adj += (m * r) * ((m - 1) / 2.0 * r);
        }

        return DoubleDouble.Sum(ans, ans * adj);
    }

    // a^m = mantissa * 2^exponent, computed in pieces small enough that no piece underflows.
    private static DoubleDouble PowScaled(DoubleDouble a, int m, out long exponent)
    {
        if (m == 0)
        {
            exponent = 0;
            return DoubleDouble.One;
        }

        var y = a.Frexp(out var yE);
        if (m == 1)
        {
            exponent = yE;
            return y;
        }

        var maxExpt = MaxExponent;
        if (m * (y.Hi - 1) / y.Hi < -MaxExponent * Ln2)
        {
            var lg2y = Math.Log(y.Hi) / Ln2;
            var lgAns = m * lg2y;
            if (lgAns <= -MaxExponent)
            {
                maxExpt = (int)(NextPowerOf2((-MaxExponent / lg2y) + 1) / 2);
            }
        }

        DoubleDouble ans;
        if (m <= maxExpt)
        {
            ans = PowD(y, m).Frexp(out var e);
            exponent = e + ((long)m * yE);
            return ans;
        }

        var q = m / maxExpt;
        var r = m % maxExpt;
        var y2r = PowScaled(y, r, out var y2rE);
        var y2m = PowScaled(y, maxExpt, out var y2mE);
        var y2mq = PowScaled(y2m, q, out var y2mqE);
        ans = (y2r * y2mq).Frexp(out var ansE);
        y2mqE += y2mE * q;
        exponent = ansE + y2mqE + y2rE + ((long)m * yE);
        return ans;
    }

    // SciPy's helper of the same name: x rounded up by about one unit in the last place (used to size the pieces).
    private static double NextPowerOf2(double x)
    {
        var q = Numerics.ScaleB(x, 1 - 53);
        var l = Math.Abs(q + x);
        if (l == 0)
        {
            l = Math.Abs(x);
        }
        else
        {
            var lint = (int)l;
            if (lint == l)
            {
                l = lint;
            }
        }

        return l;
    }

    private static double Clip(double p) => p < 0 ? 0 : (p > 1 ? 1 : p);

    // expm1 for the one place it is needed (|x| <= ln 2): the series near 0, exp(x) - 1 elsewhere.
    internal static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x + (x * x / 2) + (x * x * x / 6);
        }

        // Kahan's trick: exact enough since u - 1 is computed exactly.
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
