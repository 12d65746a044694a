using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Drift;

namespace Lineage.Cli;

/// <summary>
/// <c>lineage drift</c>: PSI and the two-sample Kolmogorov-Smirnov test per numeric feature of a reference and a
/// current CSV sample (docs/drift.md). Exit codes: 0 computed (drift or not), 1 invalid input, 2 usage, 3 drift
/// detected with <c>--fail-on-drift</c>, so a pipeline can tell "retrain" from "broken input".
/// </summary>
internal static class DriftCommand
{
    /// <summary>The exit code of <c>--fail-on-drift</c> when a feature drifted.</summary>
    public const int DriftDetected = 3;

    private const string Extras =
        "Examples:\n" +
        "  lineage drift --reference data/train.csv --current data/last_week.csv\n" +
        "      feature      n_ref   n_cur   psi        ks_statistic  ks_pvalue    drifted\n" +
        "      temperature  100000  20000   0.0012     0.0051        0.78         no\n" +
        "      flow_rate    100000  20000   0.41       0.19          1.2E-180     yes (psi, ks)\n" +
        "  lineage drift --reference ref.csv --current cur.csv --features temperature,flow_rate --json\n" +
        "  lineage drift --reference ref.csv --current cur.csv --fail-on-drift; [ $? -eq 3 ] && trigger_retraining\n" +
        "\n" +
        "Both files are CSV with a header row; features are matched by column name. Empty cells and NaN are\n" +
        "skipped and counted. A column that is not numeric, missing from one file or empty is reported as skipped;\n" +
        "when named in --features it is an error. PSI uses the reference's quantile bins; the KS p-value equals\n" +
        "scipy.stats.ks_2samp (exact up to 10,000 values per sample, asymptotic above). A feature drifts when\n" +
        "PSI > --psi-threshold or the KS p-value < --ks-alpha.\n" +
        "\n" +
        "Exit codes: 0 computed (drift or not), 1 invalid input, 2 usage, 3 drift detected with --fail-on-drift.";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Adds <c>drift</c> to <paramref name="root"/>.</summary>
    public static void Add(RootCommand root, ConsoleOutput console, IDictionary<Command, string> extras)
    {
        var reference = new Option<string>("--reference") { Description = "The reference sample (CSV with a header row), e.g. the training data.", HelpName = "csv", Required = true };
        var current = new Option<string>("--current") { Description = "The current sample (CSV with a header row), e.g. recent production inputs.", HelpName = "csv", Required = true };
        var features = new Option<string?>("--features") { Description = "Comma-separated features to check (default: every column of the reference; unusable ones are skipped).", HelpName = "a,b" };
        var psiThreshold = new Option<double>("--psi-threshold") { Description = "PSI above which a feature has drifted.", HelpName = "psi", DefaultValueFactory = _ => 0.25 };
        var ksAlpha = new Option<double>("--ks-alpha") { Description = "KS p-value below which a feature has drifted.", HelpName = "alpha", DefaultValueFactory = _ => 0.05 };
        var bins = new Option<int>("--bins") { Description = "PSI bins, cut at the reference's quantiles.", HelpName = "n", DefaultValueFactory = _ => PopulationStability.DefaultBins };
        var json = new Option<bool>("--json") { Description = "Print a JSON object (thresholds, and per feature the counts, psi, ks_statistic, ks_pvalue, ks_method and the verdicts)." };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit with code 3 when any feature drifted." };

        psiThreshold.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v > 0) || double.IsInfinity(v))
            {
                r.AddError("--psi-threshold must be a positive number.");
            }
        });
        ksAlpha.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v > 0 && v < 1))
            {
                r.AddError("--ks-alpha must be between 0 and 1 (exclusive).");
            }
        });
        bins.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v < 2 || v > 10000)
            {
                r.AddError("--bins must be between 2 and 10000.");
            }
        });
        features.Validators.Add(r =>
        {
            if (SplitFeatures(r.GetValueOrDefault<string?>()) is { Count: 0 })
            {
                r.AddError("--features must name at least one feature, as a,b,c.");
            }
        });

        var command = new Command("drift", "Compare a current sample with a reference, per numeric feature: PSI on the reference's quantile bins and the two-sample Kolmogorov-Smirnov test (as scipy.stats.ks_2samp).")
        {
            reference, current, features, psiThreshold, ksAlpha, bins, json, failOnDrift,
        };
        command.SetAction(parse =>
        {
            var options = new DriftOptions
            {
                PsiThreshold = parse.GetValue(psiThreshold),
                KsAlpha = parse.GetValue(ksAlpha),
                Bins = parse.GetValue(bins),
                Features = SplitFeatures(parse.GetValue(features)),
            };
            var referencePath = parse.GetValue(reference)!;
            var currentPath = parse.GetValue(current)!;
            DriftReport report;
            try
            {
                report = DriftDetector.CompareFiles(referencePath, currentPath, options);
            }
            catch (LineageException ex)
            {
                console.Report(ex);
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(json))
            {
                WriteJson(console, report, referencePath, currentPath);
            }
            else
            {
                WriteText(console, report);
            }

            return report.AnyDrift && parse.GetValue(failOnDrift) ? DriftDetected : ExitCodes.Ok;
        });
        extras.Add(command, Extras);
        root.Add(command);
    }

    // null when not given; an empty list when given but naming nothing (a usage error).
    private static List<string>? SplitFeatures(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var part in value.Split(','))
        {
            var name = part.Trim();
            if (name.Length > 0 && !list.Contains(name))
            {
                list.Add(name);
            }
        }

        return list;
    }

    private static void WriteText(ConsoleOutput console, DriftReport report)
    {
        var rows = new List<string[]>(report.Features.Count + 1)
        {
            new[] { "feature", "n_ref", "n_cur", "psi", "ks_statistic", "ks_pvalue", "drifted" },
        };
        var drifted = 0;
        var compared = 0;
        foreach (var f in report.Features)
        {
            if (!f.Compared)
            {
                rows.Add(new[] { f.Name, Count(f.ReferenceCount), Count(f.CurrentCount), "-", "-", "-", "skipped" });
                continue;
            }

            compared++;
            drifted += f.Drifted ? 1 : 0;
            var verdict = f.Drifted ? (f.PsiDrifted && f.KsDrifted ? "yes (psi, ks)" : f.PsiDrifted ? "yes (psi)" : "yes (ks)") : "no";
            rows.Add(new[] { f.Name, Count(f.ReferenceCount), Count(f.CurrentCount), Number(f.Psi), Number(f.Ks.Statistic), Number(f.Ks.PValue), verdict });
        }

        LineageCli.WriteTable(console.Out, rows);
        foreach (var f in report.Features)
        {
            if (!f.Compared)
            {
                console.Out.WriteLine($"skipped {f.Name}: {f.SkipReason}");
            }
            else if (f.ReferenceMissing > 0 || f.CurrentMissing > 0)
            {
                console.Out.WriteLine($"missing {f.Name}: {f.ReferenceMissing} empty or NaN cells in the reference, {f.CurrentMissing} in the current sample (left out)");
            }
        }

        var thresholds = string.Format(CultureInfo.InvariantCulture, "PSI > {0} or KS p-value < {1}", report.PsiThreshold, report.KsAlpha);
        console.Out.WriteLine(drifted > 0
            ? $"drift detected in {drifted} of {compared} features ({thresholds})"
            : $"no drift in {compared} features ({thresholds})");
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static void WriteJson(ConsoleOutput console, DriftReport report, string referencePath, string currentPath)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("reference", referencePath);
            w.WriteString("current", currentPath);
            w.WriteNumber("psi_threshold", report.PsiThreshold);
            w.WriteNumber("ks_alpha", report.KsAlpha);
            w.WriteNumber("bins", report.Bins);
            w.WriteNumber("epsilon", report.Epsilon);
            w.WriteBoolean("drift_detected", report.AnyDrift);
            w.WriteStartArray("features");
            foreach (var f in report.Features)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteBoolean("compared", f.Compared);
                if (!f.Compared)
                {
                    w.WriteString("skip_reason", f.SkipReason);
                }

                w.WriteNumber("n_ref", f.ReferenceCount);
                w.WriteNumber("n_cur", f.CurrentCount);
                w.WriteNumber("missing_ref", f.ReferenceMissing);
                w.WriteNumber("missing_cur", f.CurrentMissing);
                if (f.Compared)
                {
                    w.WriteNumber("psi", f.Psi);
                    w.WriteNumber("ks_statistic", f.Ks.Statistic);
                    w.WriteNumber("ks_pvalue", f.Ks.PValue);
                    w.WriteString("ks_method", f.Ks.Method == KsMethod.Exact ? "exact" : "asymptotic");
                    w.WriteBoolean("psi_drifted", f.PsiDrifted);
                    w.WriteBoolean("ks_drifted", f.KsDrifted);
                    w.WriteBoolean("drifted", f.Drifted);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        console.Out.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
