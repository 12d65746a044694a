using System;

namespace Lineage.Retraining.Drift;

/// <summary>
/// An unevaluated sum of two doubles (about 106 bits of significand): the one-sided Smirnov sum adds up to a million
/// terms, each a product of powers with exponents near n, where plain doubles would lose about log10(n) digits.
/// Textbook error-free transformations (Dekker, Knuth); no fused multiply-add, which netstandard2.0 lacks.
/// </summary>
internal readonly struct DoubleDouble
{
    private const double Splitter = 134217729.0; // 2^27 + 1

    public DoubleDouble(double hi, double lo = 0.0)
    {
        Hi = hi;
        Lo = lo;
    }

    public double Hi { get; }

    public double Lo { get; }

    public static DoubleDouble One => new(1.0);

    public bool IsZero => Hi == 0.0;

    public double ToDouble() => Hi + Lo;

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s1 = TwoSum(a.Hi, b.Hi, out var s2);
        var t1 = TwoSum(a.Lo, b.Lo, out var t2);
        s2 += t1;
        s1 = QuickTwoSum(s1, s2, out s2);
        s2 += t2;
        s1 = QuickTwoSum(s1, s2, out s2);
        return new DoubleDouble(s1, s2);
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + (-b);

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p1 = TwoProduct(a.Hi, b.Hi, out var p2);
        p2 += (a.Hi * b.Lo) + (a.Lo * b.Hi);
        p1 = QuickTwoSum(p1, p2, out p2);
        return new DoubleDouble(p1, p2);
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        var q1 = a.Hi / b.Hi;
        var r = a - (b * new DoubleDouble(q1));
        var q2 = r.Hi / b.Hi;
        r -= b * new DoubleDouble(q2);
        var q3 = r.Hi / b.Hi;
        q1 = QuickTwoSum(q1, q2, out q2);
        return new DoubleDouble(q1, q2) + new DoubleDouble(q3);
    }

    /// <summary>The exact sum of two doubles.</summary>
    public static DoubleDouble Sum(double a, double b) => new(TwoSum(a, b, out var e), e);

    /// <summary>The exact product of two doubles.</summary>
    public static DoubleDouble Product(double a, double b) => new(TwoProduct(a, b, out var e), e);

    /// <summary><paramref name="a"/> / <paramref name="b"/> to double-double precision.</summary>
    public static DoubleDouble Divide(double a, double b) => new DoubleDouble(a) / new DoubleDouble(b);

    /// <summary>Splits off the binary exponent: returns m with 0.5 &lt;= |m.Hi| &lt; 1 and this = m * 2^exponent.</summary>
    public DoubleDouble Frexp(out int exponent)
    {
        var hi = Numerics.Frexp(Hi, out exponent);
        return new DoubleDouble(hi, Numerics.ScaleB(Lo, -exponent));
    }

    public DoubleDouble ScaleB(int exponent) => new(Numerics.ScaleB(Hi, exponent), Numerics.ScaleB(Lo, exponent));

    private static double TwoSum(double a, double b, out double error)
    {
        var s = a + b;
        var bb = s - a;
        error = (a - (s - bb)) + (b - bb);
        return s;
    }

    private static double QuickTwoSum(double a, double b, out double error)
    {
        var s = a + b;
        error = b - (s - a);
        return s;
    }

    private static double TwoProduct(double a, double b, out double error)
    {
        var p = a * b;
        Split(a, out var aHi, out var aLo);
        Split(b, out var bHi, out var bLo);
        error = (((aHi * bHi) - p) + (aHi * bLo) + (aLo * bHi)) + (aLo * bLo);
        return p;
    }

    private static void Split(double a, out double hi, out double lo)
    {
        // Values this large would overflow the splitter; scale them down and back (exact, powers of two).
        if (Math.Abs(a) > 6.69692879491417e+299)
        {
            var scaled = a * 3.7252902984619140625e-09; // 2^-28
            var t = Splitter * scaled;
            hi = (t - (t - scaled)) * 268435456.0; // 2^28
            lo = a - hi;
            return;
        }

        var temp = Splitter * a;
        hi = temp - (temp - a);
        lo = a - hi;
    }
}

/// <summary>Bit-level helpers netstandard2.0 does not have (Math.ScaleB, frexp).</summary>
internal static class Numerics
{
    /// <summary>x * 2^n, exact unless the result is subnormal, overflows or underflows.</summary>
    public static double ScaleB(double x, int n)
    {
        if (x == 0.0 || double.IsNaN(x) || double.IsInfinity(x))
        {
            return x;
        }

        // Steps of at most 2^1000 keep every intermediate a normal number until the last step.
        while (n > 1000)
        {
            x *= PowerOfTwo(1000);
            n -= 1000;
        }

        while (n < -1000)
        {
            x *= PowerOfTwo(-1000);
            n += 1000;
        }

        return x * PowerOfTwo(n);
    }

    /// <summary>C's frexp: x = m * 2^exponent with 0.5 &lt;= |m| &lt; 1 (m = x for 0, NaN and infinities).</summary>
    public static double Frexp(double x, out int exponent)
    {
        exponent = 0;
        if (x == 0.0 || double.IsNaN(x) || double.IsInfinity(x))
        {
            return x;
        }

        var bits = BitConverter.DoubleToInt64Bits(x);
        var biased = (int)((bits >> 52) & 0x7FF);
        if (biased == 0)
        {
            // Subnormal: normalize first.
            x *= PowerOfTwo(64);
            bits = BitConverter.DoubleToInt64Bits(x);
            biased = (int)((bits >> 52) & 0x7FF);
            exponent = -64;
        }

        exponent += biased - 1022;
        bits = (bits & unchecked((long)0x800FFFFFFFFFFFFFUL)) | (1022L << 52);
        return BitConverter.Int64BitsToDouble(bits);
    }

    private static double PowerOfTwo(int n) => BitConverter.Int64BitsToDouble((long)(n + 1023) << 52);
}
