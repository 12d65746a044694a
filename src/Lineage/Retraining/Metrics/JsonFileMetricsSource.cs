using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lineage.Retraining.Metrics;

/// <summary>
/// Metrics from a JSON file: an array of <c>{"timestamp", "model", "metric", "value"}</c> objects, or an object whose
/// <c>"samples"</c> property is that array (other properties are ignored, as are further properties of a row).
/// <c>timestamp</c> is an ISO-8601 string or Unix seconds (a number, or a string of one); <c>value</c> a number or a
/// string (<c>"NaN"</c>, <c>"+Inf"</c>, <c>"-Inf"</c>, <c>"0.93"</c>).
/// </summary>
public sealed class JsonFileMetricsSource : FileMetricsSource
{
    /// <summary>Creates a source on <paramref name="path"/>.</summary>
    public JsonFileMetricsSource(string path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<MetricRecord> Parse(byte[] bytes)
    {
        // Utf8JsonReader rather than JsonDocument: a bad row is reported at its own line, which only the reader's
        // byte offsets give.
        var lineStarts = LineStarts(bytes);
        var records = new List<MetricRecord>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                throw Error(1, "the JSON file is empty; expected an array of samples or {\"samples\": [...]}");
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                var found = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "samples" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        ReadArray(ref reader, records, lineStarts);
                        found = true;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (!found)
                {
                    throw Error(1, "the JSON object has no \"samples\" array");
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadArray(ref reader, records, lineStarts);
            }
            else
            {
                throw Error(Line(lineStarts, reader.TokenStartIndex), "expected an array of samples or {\"samples\": [...]}");
            }
        }
        catch (JsonException ex)
        {
            throw Error((int)(ex.LineNumber ?? -1) + 1, "not valid JSON: " + ex.Message, (int)(ex.BytePositionInLine ?? -1) + 1);
        }

        return records;
    }

    private void ReadArray(ref Utf8JsonReader reader, List<MetricRecord> records, List<long> lineStarts)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var line = Line(lineStarts, reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(line, "a sample is not an object {\"timestamp\", \"model\", \"metric\", \"value\"}");
            }

            DateTimeOffset? time = null;
            string? model = null, metric = null;
            double? value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                var at = Line(lineStarts, reader.TokenStartIndex);
                switch (name)
                {
                    case "timestamp":
                        time = reader.TokenType switch
                        {
                            JsonTokenType.String when MetricValues.TryParseTimestamp(reader.GetString()!, out var t) => t,
                            JsonTokenType.Number when MetricValues.TryFromUnixSeconds(reader.GetDouble(), out var t) => t,
                            _ => throw Error(at, $"'timestamp' {Raw(ref reader)} is not a timestamp (ISO-8601 such as \"2026-11-23T18:00:00Z\", or Unix seconds)"),
                        };
                        break;
                    case "model":
                        model = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Error(at, $"'model' {Raw(ref reader)} is not a string");
                        break;
                    case "metric":
                        metric = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Error(at, $"'metric' {Raw(ref reader)} is not a string");
                        break;
                    case "value":
                        value = reader.TokenType switch
                        {
                            JsonTokenType.Number => reader.GetDouble(),
                            JsonTokenType.String when MetricValues.TryParseValue(reader.GetString()!, out var v) => v,
                            _ => throw Error(at, $"'value' {Raw(ref reader)} is not a number (or \"NaN\", \"+Inf\", \"-Inf\")"),
                        };
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            var missing = time is null ? "timestamp" : string.IsNullOrEmpty(model) ? "model" : string.IsNullOrEmpty(metric) ? "metric" : value is null ? "value" : null;
            if (missing is not null)
            {
                throw Error(line, $"the sample has no '{missing}'");
            }

            records.Add(new MetricRecord(time!.Value, model!, metric!, value!.Value, line));
        }
    }

    private static string Raw(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return reader.TokenType == JsonTokenType.StartObject ? "{...}" : "[...]";
        }

        var raw = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
        return reader.TokenType == JsonTokenType.String ? "\"" + raw + "\"" : raw;
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static int Line(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
