using System;
using System.Collections.Generic;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Drift;

/// <summary>What a drift check compares and where it draws the lines.</summary>
public sealed class DriftOptions
{
    /// <summary>The PSI above which a feature counts as drifted (seed 004: 0.25).</summary>
    public double PsiThreshold { get; set; } = 0.25;

    /// <summary>The Kolmogorov-Smirnov p-value below which a feature counts as drifted.</summary>
    public double KsAlpha { get; set; } = 0.05;

    /// <summary>PSI bins (reference quantiles).</summary>
    public int Bins { get; set; } = PopulationStability.DefaultBins;

    /// <summary>The proportion used for an empty PSI bin.</summary>
    public double Epsilon { get; set; } = PopulationStability.DefaultEpsilon;

    /// <summary>
    /// The features to check, or <c>null</c> for every column of the reference. A named feature that is missing, not
    /// numeric or empty is an error; an unnamed one is reported as skipped.
    /// </summary>
    public IList<string>? Features { get; set; }

    /// <summary>Throws LIN0504 for an option out of range.</summary>
    public void Validate()
    {
        PopulationStability.CheckOptions(Bins, Epsilon);
        if (!(PsiThreshold > 0) || double.IsInfinity(PsiThreshold))
        {
            throw new LineageException(DiagnosticCodes.InvalidDriftOption, $"the PSI threshold must be a positive number, not {PsiThreshold}");
        }

        if (!(KsAlpha > 0 && KsAlpha < 1))
        {
            throw new LineageException(DiagnosticCodes.InvalidDriftOption, $"the Kolmogorov-Smirnov alpha must be in (0, 1), not {KsAlpha}");
        }
    }
}

/// <summary>The drift statistics of one feature, or why it was skipped.</summary>
public sealed class FeatureDrift
{
    internal FeatureDrift(string name, string skipReason, int referenceCount = 0, int currentCount = 0, int referenceMissing = 0, int currentMissing = 0)
    {
        Name = name;
        SkipReason = skipReason;
        ReferenceCount = referenceCount;
        CurrentCount = currentCount;
        ReferenceMissing = referenceMissing;
        CurrentMissing = currentMissing;
    }

    internal FeatureDrift(string name, int referenceMissing, int currentMissing, int referenceCount, int currentCount, double psi, KsResult ks, DriftOptions options)
    {
        Name = name;
        ReferenceCount = referenceCount;
        CurrentCount = currentCount;
        ReferenceMissing = referenceMissing;
        CurrentMissing = currentMissing;
        Psi = psi;
        Ks = ks;
        PsiDrifted = psi > options.PsiThreshold;
        KsDrifted = ks.PValue < options.KsAlpha;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>Whether the statistics were computed.</summary>
    public bool Compared => SkipReason is null;

    /// <summary>Why the feature was not compared (not numeric, missing from one file, no values), or <c>null</c>.</summary>
    public string? SkipReason { get; }

    /// <summary>Values in the reference sample.</summary>
    public int ReferenceCount { get; }

    /// <summary>Values in the current sample.</summary>
    public int CurrentCount { get; }

    /// <summary>Empty or NaN cells skipped in the reference.</summary>
    public int ReferenceMissing { get; }

    /// <summary>Empty or NaN cells skipped in the current sample.</summary>
    public int CurrentMissing { get; }

    /// <summary>The population stability index.</summary>
    public double Psi { get; }

    /// <summary>The Kolmogorov-Smirnov test.</summary>
    public KsResult Ks { get; }

    /// <summary>PSI above the threshold.</summary>
    public bool PsiDrifted { get; }

    /// <summary>KS p-value below alpha.</summary>
    public bool KsDrifted { get; }

    /// <summary>Either statistic crossed its line.</summary>
    public bool Drifted => PsiDrifted || KsDrifted;
}

/// <summary>The drift check of every feature.</summary>
public sealed class DriftReport
{
    internal DriftReport(IReadOnlyList<FeatureDrift> features, DriftOptions options)
    {
        Features = features;
        PsiThreshold = options.PsiThreshold;
        KsAlpha = options.KsAlpha;
        Bins = options.Bins;
        Epsilon = options.Epsilon;
    }

    /// <summary>One entry per feature, in reference column order (or the order named).</summary>
    public IReadOnlyList<FeatureDrift> Features { get; }

    /// <summary>The PSI threshold used.</summary>
    public double PsiThreshold { get; }

    /// <summary>The KS alpha used.</summary>
    public double KsAlpha { get; }

    /// <summary>The PSI bins used.</summary>
    public int Bins { get; }

    /// <summary>The empty-bin proportion used.</summary>
    public double Epsilon { get; }

    /// <summary>Whether any compared feature drifted.</summary>
    public bool AnyDrift
    {
        get
        {
            foreach (var f in Features)
            {
                if (f.Drifted)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>PSI and the two-sample Kolmogorov-Smirnov test per numeric feature of a reference and a current sample.</summary>
public static class DriftDetector
{
    /// <summary>Reads both CSV files (header row; docs/drift.md) and compares every feature.</summary>
    public static DriftReport CompareFiles(string referencePath, string currentPath, DriftOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        Func<string, bool>? wanted = null;
        if (options.Features is { } names)
        {
            var set = new HashSet<string>(names, StringComparer.Ordinal);
            wanted = set.Contains;
        }

        // The two files are independent: read the current one on another thread (a CI runner has two cores).
        var currentTask = System.Threading.Tasks.Task.Run(() => CsvSample.Read(currentPath, wanted));
        CsvSample reference;
        try
        {
            reference = CsvSample.Read(referencePath, wanted);
        }
        catch (LineageException)
        {
            // Report the reference's problem first, as a sequential read would; the current read's outcome is moot.
            currentTask.ContinueWith(t => t.Exception, System.Threading.Tasks.TaskScheduler.Default);
            throw;
        }

        var current = currentTask.GetAwaiter().GetResult();
        return Compare(reference, current, options);
    }

    /// <summary>Compares the features of two samples already read.</summary>
    public static DriftReport Compare(CsvSample reference, CsvSample current, DriftOptions options)
    {
        if (reference is null)
        {
            throw new ArgumentNullException(nameof(reference));
        }

        if (current is null)
        {
            throw new ArgumentNullException(nameof(current));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        var named = options.Features is not null;
        var names = new List<string>();
        if (options.Features is { } list)
        {
            foreach (var name in list)
            {
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }
        else
        {
            foreach (var c in reference.Columns)
            {
                names.Add(c.Name);
            }
        }

        // Every feature is checked first (a named feature's problem is reported in the order named), then the
        // statistics run in parallel: each feature sorts its own two arrays.
        var results = new FeatureDrift?[names.Count];
        var work = new List<(int Index, CsvColumn Reference, CsvColumn Current)>();
        for (var i = 0; i < names.Count; i++)
        {
            results[i] = CheckColumn(names[i], reference, current, named, out var r, out var c);
            if (results[i] is null)
            {
                work.Add((i, r!, c!));
            }
        }

        System.Threading.Tasks.Parallel.ForEach(work, item =>
        {
            results[item.Index] = CompareOwned(names[item.Index], item.Reference.TakeValues(), item.Current.TakeValues(), item.Reference.Missing, item.Current.Missing, options);
        });

        return new DriftReport(results!, options);
    }

    /// <summary>The statistics of one feature from two samples (neither array is modified).</summary>
    public static FeatureDrift CompareValues(string name, double[] reference, double[] current, DriftOptions options)
    {
        if (reference is null)
        {
            throw new ArgumentNullException(nameof(reference));
        }

        if (current is null)
        {
            throw new ArgumentNullException(nameof(current));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        return CompareOwned(name, (double[])reference.Clone(), (double[])current.Clone(), 0, 0, options);
    }

    // null when the feature can be compared (its columns are returned), else the skipped entry; throws when named.
    private static FeatureDrift? CheckColumn(string name, CsvSample reference, CsvSample current, bool named, out CsvColumn? r, out CsvColumn? c)
    {
        r = reference.Find(name);
        c = current.Find(name);
        string? problem = null;
        var code = DiagnosticCodes.DriftFeatureNotFound;
        if (r is null || c is null)
        {
            problem = r is null && c is null ? "is not a column of either file" : r is null ? $"is not a column of {reference.Path}" : $"is not a column of {current.Path}";
        }
        else if (!r.IsNumeric || !c.IsNumeric)
        {
            code = DiagnosticCodes.DriftFeatureNotNumeric;
            problem = !r.IsNumeric ? $"is not numeric in {reference.Path} ({r.FirstNonNumeric})" : $"is not numeric in {current.Path} ({c.FirstNonNumeric})";
        }
        else if (r.Count == 0 || c.Count == 0)
        {
            code = DiagnosticCodes.EmptyDriftSample;
            problem = r.Count == 0 ? $"has no values in {reference.Path}" : $"has no values in {current.Path}";
        }

        if (problem is not null)
        {
            if (named)
            {
                throw new LineageException(code, $"feature '{name}' {problem}");
            }

            return new FeatureDrift(name, problem, r?.Count ?? 0, c?.Count ?? 0, r?.Missing ?? 0, c?.Missing ?? 0);
        }

        return null;
    }

    // Sorts the arrays in place (they belong to this call) and computes both statistics from the sorted data.
    private static FeatureDrift CompareOwned(string name, double[] reference, double[] current, int referenceMissing, int currentMissing, DriftOptions options)
    {
        if (reference.Length == 0 || current.Length == 0)
        {
            throw new LineageException(DiagnosticCodes.EmptyDriftSample, $"feature '{name}' has no values in the {(reference.Length == 0 ? "reference" : "current")} sample");
        }

        foreach (var v in reference)
        {
            CheckFinite(name, v);
        }

        foreach (var v in current)
        {
            CheckFinite(name, v);
        }

        Array.Sort(reference);
        Array.Sort(current);
        var psi = PopulationStability.ComputeSorted(reference, current, options.Bins, options.Epsilon);
        var ks = KolmogorovSmirnov.TwoSampleSorted(reference, current);
        return new FeatureDrift(name, referenceMissing, currentMissing, reference.Length, current.Length, psi, ks, options);
    }

    private static void CheckFinite(string name, double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            throw new LineageException(DiagnosticCodes.DriftFeatureNotNumeric, $"feature '{name}' holds {v}, not a finite number");
        }
    }
}
