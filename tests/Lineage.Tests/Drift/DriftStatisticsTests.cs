using System;
using System.Globalization;
using System.IO;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Drift;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Drift;

[TestClass]
public sealed class DriftStatisticsTests
{
    // (a, b, D, p) from scipy.stats.ks_2samp (SciPy 1.10.1); the first ones checked by hand in the comments.
    [TestMethod]
    public void Ks_matches_known_values()
    {
        // Disjoint samples of 3: D = 1; P = 2 * (3/4 * 2/5 * 1/6) = 0.1 by the Horner form of the exact sum.
        AssertKs(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 }, 1.0, 0.09999999999999999, KsMethod.Exact);

        // Ties: at x = 1, F1 = 2/5 and F2 = 1/7, the largest gap: D = 9/35.
        AssertKs(new double[] { 1, 1, 2, 2, 3 }, new double[] { 1, 2, 2, 2, 2, 3, 3 }, 0.2571428571428571, 0.9595959595959594, KsMethod.Exact);
        AssertKs(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, new double[] { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }, 0.2727272727272727, 0.6915847310584153, KsMethod.Exact);
    }

    [TestMethod]
    public void Ks_single_values_and_all_equal_samples()
    {
        AssertKs(new[] { 0.5 }, new[] { 0.5 }, 0.0, 1.0, KsMethod.Exact);

        // n = 1 each: D = 1 and P(D >= 1) = 1, as every pair of distinct values gives D = 1.
        AssertKs(new[] { 0.0 }, new[] { 1.0 }, 1.0, 1.0, KsMethod.Exact);
        AssertKs(new double[] { 2, 2, 2 }, new double[] { 2, 2 }, 0.0, 1.0, KsMethod.Exact);
    }

    [TestMethod]
    public void Ks_empty_sample_is_a_clear_error()
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => KolmogorovSmirnov.TwoSample(Array.Empty<double>(), new[] { 1.0 }));
        Assert.AreEqual(DiagnosticCodes.EmptyDriftSample, ex.Code);
        var psi = Assert.ThrowsExactly<LineageException>(() => PopulationStability.Compute(new[] { 1.0 }, Array.Empty<double>()));
        Assert.AreEqual(DiagnosticCodes.EmptyDriftSample, psi.Code);
    }

    [TestMethod]
    public void NaN_is_refused_rather_than_sorted_differently_from_numpy()
    {
        Assert.AreEqual(DiagnosticCodes.DriftFeatureNotNumeric, Assert.ThrowsExactly<LineageException>(() => KolmogorovSmirnov.TwoSample(new[] { 1.0, double.NaN }, new[] { 1.0 })).Code);
        Assert.AreEqual(DiagnosticCodes.DriftFeatureNotNumeric, Assert.ThrowsExactly<LineageException>(() => PopulationStability.Compute(new[] { 1.0 }, new[] { double.NaN })).Code);
    }

    [TestMethod]
    public void Ks_does_not_modify_its_inputs()
    {
        var a = new double[] { 3, 1, 2 };
        var b = new double[] { 9, 7, 8 };
        KolmogorovSmirnov.TwoSample(a, b);
        CollectionAssert.AreEqual(new double[] { 3, 1, 2 }, a);
        CollectionAssert.AreEqual(new double[] { 9, 7, 8 }, b);
    }

    [TestMethod]
    public void Ks_large_samples_use_the_asymptotic_distribution()
    {
        var a = new double[20000];
        var b = new double[15000];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = i;
        }

        for (var i = 0; i < b.Length; i++)
        {
            b[i] = i + 0.5;
        }

        var ks = KolmogorovSmirnov.TwoSample(a, b);
        Assert.AreEqual(KsMethod.Asymptotic, ks.Method);

        // At x = 14999 the gap is 15000/20000 - 14999/15000... the largest is after b ends: 1 - 15000/20000.
        Assert.AreEqual(0.25, ks.Statistic);
        Assert.IsLessThan(1e-100, ks.PValue);
    }

    // kstwo.sf(d, n) from SciPy 1.10.1 across its branches (Pomeranz, Durbin, Pelz-Good, twice Smirnov, n above 10^6).
    [TestMethod]
    [DataRow(150, 0.024494897427831782, 0.9999744155026664)]
    [DataRow(150, 0.07348469228349534, 0.37455639874700875)]
    [DataRow(150, 0.24494897427831783, 2.0692015622765346e-08)]
    [DataRow(150, 0.816496580927726, 7.313893538067029e-110)]
    [DataRow(5000, 0.004242640687119285, 0.9999886201459484)]
    [DataRow(5000, 0.01697056274847714, 0.11098122447398728)]
    [DataRow(5000, 0.0282842712474619, 0.0006576876062563699)]
    [DataRow(5000, 0.07071067811865475, 3.488001020816532e-22)]
    [DataRow(50000, 0.0026832815729997475, 0.8632970989305657)]
    [DataRow(50000, 0.006708203932499369, 0.022118298876953865)]
    [DataRow(50000, 0.022360679774997897, 3.7801926692923704e-22)]
    [DataRow(150000, 0.0007745966692414833, 0.9999903369097178)]
    [DataRow(150000, 0.00232379000772445, 0.3921371887304752)]
    [DataRow(150000, 0.0051639777949432225, 0.0006685956740332122)]
    [DataRow(500000, 0.000848528137423857, 0.8639708062346948)]
    [DataRow(500000, 0.001697056274847714, 0.11212274689215374)]
    [DataRow(500000, 0.0021213203435596424, 0.022186538792686582)]
    [DataRow(500000, 0.004242640687119285, 3.0371983070628784e-08)]
    [DataRow(500000, 0.01414213562373095, 2.7177943016192832e-87)]
    [DataRow(2000000, 0.0004242640687119285, 0.8641267611199149)]
    [DataRow(2000000, 0.001414213562373095, 0.0006702929808836887)]
    [DataRow(2000000, 0.0035355339059327377, 3.8484180819124835e-22)]
    public void Kolmogorov_sf_matches_scipy_kstwo(int n, double d, double expected)
    {
        var actual = KolmogorovDistribution.Sf(n, d);
        Assert.IsLessThanOrEqualTo(1e-12, Math.Abs(actual - expected) / expected, $"kstwo.sf({d}, {n}) = {expected}, ours {actual}");
    }

    [TestMethod]
    public void Psi_by_hand()
    {
        // Reference 0..9 with two bins: the edge is the median 4.5, so 5 and 5; the current has 8 below and 2 above.
        var reference = new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        var current = new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 5, 5 };
        var expected = (0.3 * Math.Log(0.8 / 0.5)) + (-0.3 * Math.Log(0.2 / 0.5));
        Assert.AreEqual(expected, PopulationStability.Compute(reference, current, bins: 2), 1e-15);
        Assert.AreEqual(0.0, PopulationStability.Compute(reference, reference));
    }

    [TestMethod]
    public void Psi_edges_are_deduplicated_and_empty_bins_use_epsilon()
    {
        // A constant reference has one edge (its value); values equal to it go to the upper bin, values below to the
        // lower one, whose reference proportion is empty and becomes epsilon.
        var reference = new double[] { 1, 1, 1, 1 };
        Assert.AreEqual(0.0, PopulationStability.Compute(reference, new double[] { 1, 2, 3 }));
        var expected = 2 * (1 - 1e-4) * Math.Log(1e4);
        Assert.AreEqual(expected, PopulationStability.Compute(reference, new double[] { 0, 0.5 }), 1e-12);
        CollectionAssert.AreEqual(new[] { 1.0 }, PopulationStability.Edges(reference, 10));
    }

    [TestMethod]
    public void Psi_options_are_checked()
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => PopulationStability.Compute(new[] { 1.0 }, new[] { 1.0 }, bins: 1));
        Assert.AreEqual(DiagnosticCodes.InvalidDriftOption, ex.Code);
        var alpha = Assert.ThrowsExactly<LineageException>(() => new DriftOptions { KsAlpha = 1.5 }.Validate());
        Assert.AreEqual(DiagnosticCodes.InvalidDriftOption, alpha.Code);
    }

    [TestMethod]
    public void Feature_reports_which_threshold_it_crosses()
    {
        var reference = new double[200];
        var current = new double[200];
        for (var i = 0; i < 200; i++)
        {
            reference[i] = i;
            current[i] = i + 60;
        }

        var drift = DriftDetector.CompareValues("x", reference, current, new DriftOptions());
        Assert.IsTrue(drift.KsDrifted);
        Assert.IsTrue(drift.PsiDrifted);
        Assert.IsTrue(drift.Drifted);

        var loose = DriftDetector.CompareValues("x", reference, current, new DriftOptions { PsiThreshold = 100, KsAlpha = 1e-300 });
        Assert.IsFalse(loose.Drifted);
        Assert.AreEqual(drift.Psi, loose.Psi);
    }

    private static void AssertKs(double[] a, double[] b, double d, double p, KsMethod method)
    {
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Assert.AreEqual(d, r.Statistic, $"D of {Show(a)} vs {Show(b)}");
        Assert.AreEqual(p, r.PValue, $"p of {Show(a)} vs {Show(b)}");
        Assert.AreEqual(method, r.Method);
        var swapped = KolmogorovSmirnov.TwoSample(b, a);
        Assert.AreEqual(d, swapped.Statistic);
        Assert.AreEqual(p, swapped.PValue);
    }

    private static string Show(double[] v) => "[" + string.Join(", ", Array.ConvertAll(v, x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
