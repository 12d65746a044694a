using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Lineage.Core.Diagnostics;
using Lineage.Core.IO;
using Lineage.Core.Yaml;
using Lineage.Registry;

namespace Lineage.Gate;

/// <summary>One threshold: a metric (overall or of one slice) with a minimum and/or a maximum.</summary>
public sealed class Threshold
{
    /// <summary>Creates a threshold.</summary>
    public Threshold(string metric, string? slice, double? min, double? max)
    {
        Metric = metric;
        Slice = slice;
        Min = min;
        Max = max;
    }

    /// <summary>The metric name, for example <c>groundedness</c> or <c>latency_p95_ms</c>.</summary>
    public string Metric { get; }

    /// <summary>The slice (for example a customer segment), or <c>null</c> for the overall metric.</summary>
    public string? Slice { get; }

    /// <summary>The lowest passing value, inclusive.</summary>
    public double? Min { get; }

    /// <summary>The highest passing value, inclusive.</summary>
    public double? Max { get; }

    /// <summary><c>groundedness</c> or <c>slices.emea.groundedness</c>.</summary>
    public string Path => Slice is null ? Metric : "slices." + Slice + "." + Metric;
}

/// <summary>The outcome of one threshold.</summary>
public sealed class GateCheck
{
    internal GateCheck(Threshold threshold, double? actual, bool passed, string? reason)
    {
        Threshold = threshold;
        Actual = actual;
        Passed = passed;
        Reason = reason;
    }

    /// <summary>The threshold.</summary>
    public Threshold Threshold { get; }

    /// <summary>The metric's value, or <c>null</c> when missing or not a number.</summary>
    public double? Actual { get; }

    /// <summary>Whether it passed.</summary>
    public bool Passed { get; }

    /// <summary>Why it failed, or <c>null</c>.</summary>
    public string? Reason { get; }
}

/// <summary>The gate's verdict with every check.</summary>
public sealed class GateResult
{
    internal GateResult(IReadOnlyList<GateCheck> checks)
    {
        Checks = checks;
        var passed = true;
        foreach (var check in checks)
        {
            passed &= check.Passed;
        }

        Passed = passed;
    }

    /// <summary>Every threshold's outcome, in the thresholds file's order.</summary>
    public IReadOnlyList<GateCheck> Checks { get; }

    /// <summary>True when every threshold passed.</summary>
    public bool Passed { get; }

    /// <summary><c>PASS</c> or <c>FAIL</c>.</summary>
    public string Status => Passed ? "PASS" : "FAIL";
}

/// <summary>
/// The quality gate of seed 003: thresholds from YAML, evaluated against a metrics JSON, written as
/// <c>quality_gate.txt</c> (<c>PASS</c> or <c>FAIL</c>, the single source of truth for promotion) and
/// <c>quality_gate.json</c> (every check, the failed ones named).
/// <code>
/// metrics:
///   groundedness: {min: 0.80}
///   answer_relevance: {min: 0.75}
///   factual_correctness: {min: 0.70}
///   hallucination_score: {max: 0.10}
///   latency_p95_ms: {max: 2500}
/// slices:
///   billing:
///     groundedness: {min: 0.75}
/// </code>
/// Metrics: <c>{"groundedness": 0.83, ..., "slices": {"billing": {"groundedness": 0.79}}}</c>. A metric named by a
/// threshold but missing from the metrics (or not a number) fails the gate: a gate that passes on missing data
/// would wave through a broken evaluation.
/// </summary>
public static class QualityGate
{
    /// <summary>The status file's name.</summary>
    public const string StatusFileName = "quality_gate.txt";

    /// <summary>The report's name.</summary>
    public const string ReportFileName = "quality_gate.json";

    /// <summary>Reads thresholds from YAML text (loaded as PyYAML's <c>safe_load</c> does).</summary>
    public static IReadOnlyList<Threshold> ParseThresholds(string yaml, string source)
    {
        var root = PyYaml.Load(yaml, source) as PyDict
            ?? throw new LineageException(DiagnosticCodes.InvalidGateInput, "the thresholds file must be a mapping with 'metrics' and/or 'slices'", source);
        var thresholds = new List<Threshold>();
        foreach (var entry in root)
        {
            switch (entry.Key as string)
            {
                case "metrics":
                    ReadMetricThresholds(entry.Value, null, source, thresholds);
                    break;
                case "slices":
                    var slices = entry.Value as PyDict ?? throw Invalid(source, "'slices' must map slice names to metric thresholds");
                    foreach (var slice in slices)
                    {
                        var name = slice.Key as string ?? throw Invalid(source, "slice names must be strings");
                        ReadMetricThresholds(slice.Value, name, source, thresholds);
                    }

                    break;
                default:
                    throw Invalid(source, $"unknown key '{entry.Key}': expected 'metrics' and 'slices'");
            }
        }

        if (thresholds.Count == 0)
        {
            throw Invalid(source, "no thresholds: a gate that checks nothing would pass everything");
        }

        return thresholds;
    }

    /// <summary>Evaluates <paramref name="thresholds"/> against a metrics JSON object.</summary>
    public static GateResult Evaluate(IReadOnlyList<Threshold> thresholds, string metricsJson, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(metricsJson);
        }
        catch (JsonException ex)
        {
            throw Invalid(source, "the metrics are not valid JSON: " + ex.Message);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, "the metrics must be a JSON object");
            }

            var checks = new List<GateCheck>(thresholds.Count);
            foreach (var threshold in thresholds)
            {
                var scope = doc.RootElement;
                var found = true;
                if (threshold.Slice is not null)
                {
                    found = scope.TryGetProperty("slices", out var slices) && slices.ValueKind == JsonValueKind.Object
                        && slices.TryGetProperty(threshold.Slice, out scope) && scope.ValueKind == JsonValueKind.Object;
                }

                if (!found || !scope.TryGetProperty(threshold.Metric, out var value))
                {
                    checks.Add(new GateCheck(threshold, null, false, "missing from the metrics"));
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var actual) || double.IsNaN(actual))
                {
                    checks.Add(new GateCheck(threshold, null, false, "not a number"));
                    continue;
                }

                if (threshold.Min is { } min && actual < min)
                {
                    checks.Add(new GateCheck(threshold, actual, false, $"{Format(actual)} is below the minimum {Format(min)}"));
                }
                else if (threshold.Max is { } max && actual > max)
                {
                    checks.Add(new GateCheck(threshold, actual, false, $"{Format(actual)} is above the maximum {Format(max)}"));
                }
                else
                {
                    checks.Add(new GateCheck(threshold, actual, true, null));
                }
            }

            return new GateResult(checks);
        }
    }

    /// <summary>Reads both files, evaluates, and writes <c>quality_gate.txt</c> and <c>quality_gate.json</c> into <paramref name="outputDirectory"/> (atomically).</summary>
    public static GateResult Run(string thresholdsPath, string metricsPath, string outputDirectory)
    {
        var thresholds = ParseThresholds(PyYaml.ReadFile(thresholdsPath), thresholdsPath);
        var metrics = ReadText(metricsPath);
        var result = Evaluate(thresholds, metrics, metricsPath);
        AtomicFile.Write(Path.Combine(outputDirectory, ReportFileName), Report(result, thresholdsPath, metricsPath));
        // The status file last: whoever reads PASS finds the report that explains it.
        AtomicFile.Write(Path.Combine(outputDirectory, StatusFileName), Encoding.ASCII.GetBytes(result.Status + "\n"));
        return result;
    }

    /// <summary>The JSON report: status, counts, the failed thresholds and every check.</summary>
    public static byte[] Report(GateResult result, string thresholdsPath, string metricsPath) => RegistryJson.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("status", result.Status);
        json.WriteString("thresholds_file", thresholdsPath);
        json.WriteString("metrics_file", metricsPath);
        json.WriteNumber("checked", result.Checks.Count);
        var failed = 0;
        foreach (var check in result.Checks)
        {
            failed += check.Passed ? 0 : 1;
        }

        json.WriteNumber("failed_count", failed);
        json.WriteStartArray("failed");
        foreach (var check in result.Checks)
        {
            if (!check.Passed)
            {
                WriteCheck(json, check);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("checks");
        foreach (var check in result.Checks)
        {
            WriteCheck(json, check);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>
    /// Reads a gate result for promotion: a <c>quality_gate.txt</c> (<c>PASS</c>/<c>FAIL</c>) or a report
    /// (<c>{"status": ...}</c>). Anything else is an error, never a pass.
    /// </summary>
    public static GateStatus ReadStatus(string path)
    {
        var text = ReadText(path).Trim();
        if (text == "PASS")
        {
            return GateStatus.Pass;
        }

        if (text == "FAIL")
        {
            return GateStatus.Fail;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("status", out var status))
            {
                switch (status.GetString())
                {
                    case "PASS":
                        return GateStatus.Pass;
                    case "FAIL":
                        return GateStatus.Fail;
                }
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw Invalid(path, "not a gate result: expected PASS or FAIL (quality_gate.txt) or a quality_gate.json report");
    }

    private static void WriteCheck(Utf8JsonWriter json, GateCheck check)
    {
        json.WriteStartObject();
        json.WriteString("metric", check.Threshold.Metric);
        if (check.Threshold.Slice is null)
        {
            json.WriteNull("slice");
        }
        else
        {
            json.WriteString("slice", check.Threshold.Slice);
        }

        WriteNumber(json, "min", check.Threshold.Min);
        WriteNumber(json, "max", check.Threshold.Max);
        WriteNumber(json, "actual", check.Actual);
        json.WriteBoolean("passed", check.Passed);
        if (check.Reason is null)
        {
            json.WriteNull("reason");
        }
        else
        {
            json.WriteString("reason", check.Reason);
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void ReadMetricThresholds(object? node, string? slice, string source, List<Threshold> into)
    {
        var metrics = node as PyDict ?? throw Invalid(source, slice is null ? "'metrics' must map metric names to {min, max}" : $"slice '{slice}' must map metric names to {{min, max}}");
        foreach (var metric in metrics)
        {
            var name = metric.Key as string ?? throw Invalid(source, "metric names must be strings");
            var bounds = metric.Value as PyDict ?? throw Invalid(source, $"threshold of '{name}' must be a mapping with min and/or max");
            double? min = null, max = null;
            foreach (var bound in bounds)
            {
                var value = Number(bound.Value) ?? throw Invalid(source, $"{bound.Key} of '{name}' must be a number");
                switch (bound.Key as string)
                {
                    case "min":
                        min = value;
                        break;
                    case "max":
                        max = value;
                        break;
                    default:
                        throw Invalid(source, $"unknown bound '{bound.Key}' of '{name}': expected min or max");
                }
            }

            if (min is null && max is null)
            {
                throw Invalid(source, $"threshold of '{name}' has neither min nor max");
            }

            into.Add(new Threshold(name, slice, min, max));
        }
    }

    private static double? Number(object? value) => value switch
    {
        BigInteger i => (double)i,
        double d when !double.IsNaN(d) => d,
        _ => null,
    };

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, "cannot be read: " + ex.Message);
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static LineageException Invalid(string source, string message) => new(DiagnosticCodes.InvalidGateInput, message, source);
}
