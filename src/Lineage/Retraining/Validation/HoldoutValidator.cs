using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Python;
using Lineage.Core.Yaml;

namespace Lineage.Retraining.Validation;

/// <summary>Accuracy, precision, recall and F1 of a model on a holdout set.</summary>
public sealed class HoldoutMetrics
{
    /// <summary>The metric names, as in policies, metrics JSON and job records.</summary>
    public static readonly string[] Names = { "accuracy", "precision", "recall", "f1" };

    internal HoldoutMetrics(int count, double accuracy, double precision, double recall, double f1, string averaging)
    {
        Count = count;
        Accuracy = accuracy;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        Averaging = averaging;
    }

    /// <summary>Rows evaluated.</summary>
    public int Count { get; }

    /// <summary>Correct predictions / rows.</summary>
    public double Accuracy { get; }

    /// <summary>Precision (of the positive class, or the macro average).</summary>
    public double Precision { get; }

    /// <summary>Recall (of the positive class, or the macro average).</summary>
    public double Recall { get; }

    /// <summary>F1 (of the positive class, or the macro average of per-class F1).</summary>
    public double F1 { get; }

    /// <summary><c>binary:&lt;label&gt;</c> or <c>macro</c>.</summary>
    public string Averaging { get; }

    /// <summary>The metrics by name.</summary>
    public IDictionary<string, double> ToDictionary() => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["accuracy"] = Accuracy,
        ["precision"] = Precision,
        ["recall"] = Recall,
        ["f1"] = F1,
    };

    /// <summary>
    /// Computes the metrics from pairs of (actual, predicted) labels. Binary with <paramref name="positiveLabel"/>, or
    /// when the labels are exactly {0, 1} or {false, true} (positive: 1 / true); otherwise the macro average over
    /// every label seen in either column (scikit-learn's <c>average="macro"</c>, <c>zero_division=0</c>).
    /// </summary>
    public static HoldoutMetrics Compute(IReadOnlyList<(string Actual, string Predicted)> rows, string? positiveLabel)
    {
        if (rows.Count == 0)
        {
            throw new LineageException(DiagnosticCodes.InvalidPredictions, "the holdout predictions have no rows");
        }

        var correct = rows.Count(r => r.Actual == r.Predicted);
        var labels = new SortedSet<string>(rows.Select(r => r.Actual).Concat(rows.Select(r => r.Predicted)), StringComparer.Ordinal);
        positiveLabel ??= ImplicitPositive(labels);
        if (positiveLabel is not null)
        {
            var (p, r, f) = ClassScores(rows, positiveLabel);
            return new HoldoutMetrics(rows.Count, (double)correct / rows.Count, p, r, f, "binary:" + positiveLabel);
        }

        double sumP = 0, sumR = 0, sumF = 0;
        foreach (var label in labels)
        {
            var (p, r, f) = ClassScores(rows, label);
            sumP += p;
            sumR += r;
            sumF += f;
        }

        return new HoldoutMetrics(rows.Count, (double)correct / rows.Count, sumP / labels.Count, sumR / labels.Count, sumF / labels.Count, "macro");
    }

    private static string? ImplicitPositive(SortedSet<string> labels)
    {
        if (labels.Count == 2 && labels.Contains("0") && labels.Contains("1"))
        {
            return "1";
        }

        var lower = new SortedSet<string>(labels.Select(l => l.ToLowerInvariant()), StringComparer.Ordinal);
        if (labels.Count == 2 && lower.SetEquals(new[] { "false", "true" }))
        {
            return labels.First(l => l.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        return null;
    }

    private static (double Precision, double Recall, double F1) ClassScores(IReadOnlyList<(string Actual, string Predicted)> rows, string label)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (actual, predicted) in rows)
        {
            var isActual = actual == label;
            var isPredicted = predicted == label;
            if (isActual && isPredicted)
            {
                tp++;
            }
            else if (isPredicted)
            {
                fp++;
            }
            else if (isActual)
            {
                fn++;
            }
        }

        // zero_division=0, as scikit-learn's default reports (with a warning) for a class never predicted or present.
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / ((2 * tp) + fp + fn);
        return (precision, recall, f1);
    }
}

/// <summary>The outcome of validating a new model (seed 004's ValidationResult).</summary>
public sealed class ValidationResult
{
    internal ValidationResult(string modelName, HoldoutMetrics metrics, double minAccuracy, string dataSha256, string? modelSha256, string hash, DateTimeOffset at)
    {
        ModelName = modelName;
        Metrics = metrics;
        MinAccuracy = minAccuracy;
        DataSha256 = dataSha256;
        ModelSha256 = modelSha256;
        ValidationHash = hash;
        ValidatedAt = at;
    }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary>The holdout metrics.</summary>
    public HoldoutMetrics Metrics { get; }

    /// <summary>The accuracy floor applied.</summary>
    public double MinAccuracy { get; }

    /// <summary>Whether accuracy reaches the floor.</summary>
    public bool IsValid => Metrics.Accuracy >= MinAccuracy;

    /// <summary>SHA-256 of the predictions file.</summary>
    public string DataSha256 { get; }

    /// <summary>SHA-256 of the model file, or <c>null</c> when none was given.</summary>
    public string? ModelSha256 { get; }

    /// <summary>The audit hash: SHA-256 over model name, metrics, data (and model) checksums; see <see cref="HoldoutValidator.HashInput"/>.</summary>
    public string ValidationHash { get; }

    /// <summary>When.</summary>
    public DateTimeOffset ValidatedAt { get; }
}

/// <summary>Validates a retrained model on a holdout predictions file.</summary>
public static class HoldoutValidator
{
    private static readonly string[] ActualColumns = { "actual", "y_true", "label", "target" };
    private static readonly string[] PredictedColumns = { "predicted", "y_pred", "prediction" };

    /// <summary>
    /// Reads <paramref name="predictionsPath"/> (CSV with a header naming an actual column — <c>actual</c>,
    /// <c>y_true</c>, <c>label</c> or <c>target</c> — and a predicted one — <c>predicted</c>, <c>y_pred</c> or
    /// <c>prediction</c>), computes the metrics and the validation hash.
    /// </summary>
    public static ValidationResult Validate(string modelName, string predictionsPath, string? modelPath, double minAccuracy, string? positiveLabel, DateTimeOffset now)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(predictionsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(DiagnosticCodes.InvalidPredictions, $"cannot read the holdout predictions: {ex.Message}", predictionsPath);
        }

        var rows = ReadPredictions(PyYaml.DecodeUtf8(data, predictionsPath), predictionsPath);
        var metrics = HoldoutMetrics.Compute(rows, positiveLabel);
        var dataSha = Sha256Hex(data);
        string? modelSha = null;
        if (modelPath is not null)
        {
            if (!File.Exists(modelPath))
            {
                throw new LineageException(DiagnosticCodes.InvalidPredictions, $"the model file {modelPath} does not exist; the training should have written it");
            }

            using var stream = File.OpenRead(modelPath);
            using var sha = SHA256.Create();
            modelSha = Hex(sha.ComputeHash(stream));
        }

        var hash = Sha256Hex(Encoding.UTF8.GetBytes(HashInput(modelName, metrics, dataSha, modelSha)));
        return new ValidationResult(modelName, metrics, minAccuracy, dataSha, modelSha, hash, now);
    }

    /// <summary>
    /// The text the validation hash is taken over: Python's
    /// <c>json.dumps({"data_sha256": ..., "metrics": {...}, "model_name": ..., "model_sha256": ...}, sort_keys=True, separators=(",", ":"))</c>,
    /// so an auditor can recompute it with the standard library.
    /// </summary>
    public static string HashInput(string modelName, HoldoutMetrics metrics, string dataSha256, string? modelSha256)
    {
        var metricMap = new PyDict();
        foreach (var pair in metrics.ToDictionary())
        {
            metricMap.Set(pair.Key, pair.Value);
        }

        var root = new PyDict();
        root.Set("data_sha256", dataSha256);
        root.Set("metrics", metricMap);
        root.Set("model_name", modelName);
        root.Set("model_sha256", modelSha256);
        return CanonicalJson.Serialize(root);
    }

    internal static List<(string Actual, string Predicted)> ReadPredictions(string text, string source)
    {
        var rows = new List<(string, string)>();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            // pandas' utf-8-sig and Excel write one.
            text = text.Substring(1);
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        var header = lines.Length > 0 ? SplitCsv(lines[0]) : new List<string>();
        var actual = FindColumn(header, ActualColumns);
        var predicted = FindColumn(header, PredictedColumns);
        if (actual < 0 || predicted < 0)
        {
            throw new LineageException(
                DiagnosticCodes.InvalidPredictions,
                $"the predictions need a header row with an actual column ({string.Join(", ", ActualColumns)}) and a predicted column ({string.Join(", ", PredictedColumns)}); found: {string.Join(", ", header)}",
                source,
                1,
                1);
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = SplitCsv(lines[i]);
            if (cells.Count != header.Count)
            {
                throw new LineageException(DiagnosticCodes.InvalidPredictions, $"row has {cells.Count} cells, the header {header.Count}", source, i + 1, 1);
            }

            var a = Normalize(cells[actual]);
            var p = Normalize(cells[predicted]);
            if (a.Length == 0 || p.Length == 0)
            {
                throw new LineageException(DiagnosticCodes.InvalidPredictions, "an empty label; every row needs an actual and a predicted label", source, i + 1, 1);
            }

            rows.Add((a, p));
        }

        return rows;
    }

    // "1" and "1.0" are the same class: pandas writes integer labels as floats once a column held a NaN.
    private static string Normalize(string cell)
    {
        var trimmed = cell.Trim();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : trimmed;
    }

    private static int FindColumn(List<string> header, string[] names)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (Array.IndexOf(names, header[i].Trim().ToLowerInvariant()) >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    // Labels are short tokens; quoted cells (a label with a comma) are supported, embedded newlines are not.
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    internal static string Sha256Hex(byte[] data)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(data));
    }

    private static string Hex(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
