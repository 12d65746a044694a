using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Lineage.Retraining.Metrics;

/// <summary>
/// Metrics from a CSV file with the header <c>timestamp,model,metric,value</c> (columns in any order, names in any
/// case, further columns ignored). <c>timestamp</c> is ISO-8601 or Unix seconds; <c>value</c> a number, <c>NaN</c>,
/// <c>+Inf</c> or <c>-Inf</c>. Fields may be double-quoted (<c>""</c> is a quote); blank lines and lines starting with
/// <c>#</c> are skipped.
/// </summary>
public sealed class CsvFileMetricsSource : FileMetricsSource
{
    private static readonly string[] Columns = { "timestamp", "model", "metric", "value" };

    /// <summary>Creates a source on <paramref name="path"/>.</summary>
    public CsvFileMetricsSource(string path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<MetricRecord> Parse(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(0, "the CSV file is not UTF-8 text");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        var lines = text.Split('\n');
        var records = new List<MetricRecord>();
        int[]? index = null; // position of timestamp, model, metric, value
        var width = 0;
        for (var n = 0; n < lines.Length; n++)
        {
            var lineNumber = n + 1;
            var line = lines[n].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = Split(line, lineNumber);
            if (index is null)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                index = new int[Columns.Length];
                for (var c = 0; c < Columns.Length; c++)
                {
                    index[c] = names.IndexOf(Columns[c]);
                    if (index[c] < 0)
                    {
                        throw Error(lineNumber, $"the CSV header '{line}' has no '{Columns[c]}' column; expected timestamp,model,metric,value");
                    }
                }

                width = fields.Count;
                continue;
            }

            if (fields.Count != width)
            {
                throw Error(lineNumber, $"the row has {fields.Count} fields, the header {width}");
            }

            var timestamp = fields[index[0]];
            var model = fields[index[1]];
            var metric = fields[index[2]];
            var value = fields[index[3]];
            if (!MetricValues.TryParseTimestamp(timestamp, out var time))
            {
                throw Error(lineNumber, $"'{timestamp}' is not a timestamp (ISO-8601 such as 2026-11-23T18:00:00Z, or Unix seconds)");
            }

            if (model.Length == 0 || metric.Length == 0)
            {
                throw Error(lineNumber, model.Length == 0 ? "the model is empty" : "the metric is empty");
            }

            if (!MetricValues.TryParseValue(value, out var number))
            {
                throw Error(lineNumber, $"'{value}' is not a number (or NaN, +Inf, -Inf)");
            }

            records.Add(new MetricRecord(time, model, metric, number, lineNumber));
        }

        if (index is null)
        {
            throw Error(1, "the CSV file is empty; expected the header timestamp,model,metric,value");
        }

        return records;
    }

    private List<string> Split(string line, int lineNumber)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == ',')
            {
                fields.Add(wasQuoted ? sb.ToString() : sb.ToString().Trim());
                sb.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && sb.ToString().Trim().Length == 0)
            {
                sb.Clear();
                quoted = true;
                wasQuoted = true;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (quoted)
        {
            throw Error(lineNumber, "a quoted field is not closed on this line");
        }

        fields.Add(wasQuoted ? sb.ToString() : sb.ToString().Trim());
        return fields;
    }
}
