using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Lineage.Core.Diagnostics;
using Lineage.Registry;

namespace Lineage.Retraining.Jobs;

/// <summary>A job file: snake_case JSON, ISO-8601 UTC times, read by people and by Python scripts.</summary>
public static class JobJson
{
    /// <summary>The version of the job file format.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The job as its file holds it (UTF-8, indented, ending with a newline).</summary>
    public static byte[] Write(RetrainJob job) => RegistryJson.Write(json => WriteObject(json, job));

    /// <summary>Writes the job as one JSON object (also used by <c>--json</c> outputs).</summary>
    public static void WriteObject(Utf8JsonWriter json, RetrainJob job)
    {
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("job_id", job.JobId);
        json.WriteString("model_name", job.ModelName);
        json.WriteString("trigger", JobStatuses.ToName(job.Trigger));
        json.WriteString("reason", job.Reason);
        json.WriteString("status", JobStatuses.ToName(job.Status));
        Time(json, "created_at", job.CreatedAt);
        Time(json, "started_at", job.StartedAt);
        Time(json, "finished_at", job.FinishedAt);
        Time(json, "updated_at", job.UpdatedAt);
        Text(json, "runner", job.Runner);
        Text(json, "external_id", job.ExternalId);
        Text(json, "log_path", job.LogPath);
        Text(json, "config_path", job.ConfigPath);
        Text(json, "config_hash", job.ConfigHash);
        Text(json, "model_path", job.ModelPath);
        Metrics(json, "metrics_before", job.MetricsBefore);
        Metrics(json, "metrics_after", job.MetricsAfter);
        Metrics(json, "champion_metrics", job.ChampionMetrics);
        if (job.Improvement is { } improvement && !double.IsNaN(improvement) && !double.IsInfinity(improvement))
        {
            json.WriteNumber("improvement", improvement);
        }
        else
        {
            json.WriteNull("improvement");
        }

        Text(json, "validation_hash", job.ValidationHash);
        json.WriteBoolean("deployed", job.Deployed);
        Time(json, "deployed_at", job.DeployedAt);
        Text(json, "deployed_version", job.DeployedVersion);
        Text(json, "error_message", job.ErrorMessage);
        json.WriteStartArray("history");
        foreach (var step in job.History)
        {
            json.WriteStartObject();
            json.WriteString("status", JobStatuses.ToName(step.Status));
            Time(json, "at", step.At);
            Text(json, "message", step.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads a job file; a damaged one is a <see cref="DiagnosticCodes.JobStoreCorrupt"/> error naming it.</summary>
    public static RetrainJob Read(byte[] content, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(source, "not a JSON object");
            }

            if (root.TryGetProperty("schema_version", out var schema) && (schema.ValueKind != JsonValueKind.Number || schema.GetInt32() > SchemaVersion))
            {
                throw Corrupt(source, $"schema_version {schema} is newer than this tool understands ({SchemaVersion}); update lineage");
            }

            var job = new RetrainJob
            {
                JobId = Required(root, "job_id", source),
                ModelName = Required(root, "model_name", source),
                Reason = Optional(root, "reason") ?? string.Empty,
                CreatedAt = ParseTime(Required(root, "created_at", source), source),
                UpdatedAt = ParseTime(Required(root, "updated_at", source), source),
                StartedAt = OptionalTime(root, "started_at", source),
                FinishedAt = OptionalTime(root, "finished_at", source),
                Runner = Optional(root, "runner"),
                ExternalId = Optional(root, "external_id"),
                LogPath = Optional(root, "log_path"),
                ConfigPath = Optional(root, "config_path"),
                ConfigHash = Optional(root, "config_hash"),
                ModelPath = Optional(root, "model_path"),
                MetricsBefore = ReadMetrics(root, "metrics_before", source),
                MetricsAfter = ReadMetrics(root, "metrics_after", source),
                ChampionMetrics = ReadMetrics(root, "champion_metrics", source),
                ValidationHash = Optional(root, "validation_hash"),
                Deployed = root.TryGetProperty("deployed", out var deployed) && deployed.ValueKind == JsonValueKind.True,
                DeployedAt = OptionalTime(root, "deployed_at", source),
                DeployedVersion = Optional(root, "deployed_version"),
                ErrorMessage = Optional(root, "error_message"),
            };
            job.Trigger = JobStatuses.TryParse(Required(root, "trigger", source), out TriggerKind trigger) ? trigger : throw Corrupt(source, "unknown trigger");
            job.Status = JobStatuses.TryParse(Required(root, "status", source), out JobStatus status) ? status : throw Corrupt(source, "unknown status");
            if (root.TryGetProperty("improvement", out var improvement) && improvement.ValueKind == JsonValueKind.Number)
            {
                job.Improvement = improvement.GetDouble();
            }

            if (root.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array)
            {
                foreach (var step in history.EnumerateArray())
                {
                    var name = Required(step, "status", source);
                    job.History.Add(new JobTransition(
                        JobStatuses.TryParse(name, out JobStatus s) ? s : throw Corrupt(source, $"unknown status '{name}' in the history"),
                        ParseTime(Required(step, "at", source), source),
                        Optional(step, "message")));
                }
            }

            return job;
        }
        catch (JsonException ex)
        {
            throw Corrupt(source, "not valid JSON: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw Corrupt(source, ex.Message);
        }
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, FormatTime(t));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>ISO-8601 UTC with milliseconds: <c>2026-11-23T18:45:00.123Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void Metrics(Utf8JsonWriter json, string name, IDictionary<string, double> metrics)
    {
        json.WriteStartObject(name);
        foreach (var pair in new SortedDictionary<string, double>(metrics, StringComparer.Ordinal))
        {
            if (double.IsNaN(pair.Value) || double.IsInfinity(pair.Value))
            {
                json.WriteNull(pair.Key);
            }
            else
            {
                json.WriteNumber(pair.Key, pair.Value);
            }
        }

        json.WriteEndObject();
    }

    private static IDictionary<string, double> ReadMetrics(JsonElement root, string name, string source)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in metrics.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Number => property.Value.GetDouble(),
                    JsonValueKind.Null => double.NaN,
                    _ => throw Corrupt(source, $"{name}.{property.Name} is not a number"),
                };
            }
        }

        return result;
    }

    private static string Required(JsonElement element, string name, string source) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Corrupt(source, $"'{name}' is missing");

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? OptionalTime(JsonElement element, string name, string source) =>
        Optional(element, name) is { } text ? ParseTime(text, source) : null;

    private static DateTimeOffset ParseTime(string text, string source) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : throw Corrupt(source, $"'{text}' is not a time");

    private static LineageException Corrupt(string source, string message) =>
        new(DiagnosticCodes.JobStoreCorrupt, $"the job file is damaged: {message}; restore it from a backup or delete it", source);
}
