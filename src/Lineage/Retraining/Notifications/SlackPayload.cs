using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lineage.Retraining.Notifications;

/// <summary>The Slack-compatible message for a job event: <c>text</c> (the notification line) and <c>blocks</c>.</summary>
public static class SlackPayload
{
    // Slack's limits: header text 150 characters, a section field 2000, a section text 3000.
    private const int HeaderMax = 150;
    private const int FieldMax = 2000;
    private const int TextMax = 3000;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The headline for <paramref name="kind"/>: <c>Retraining started: plant001-circuit01</c>.</summary>
    public static string Headline(RetrainEventKind kind, RetrainJob job) => kind switch
    {
        RetrainEventKind.Started => $"Retraining started: {job.ModelName}",
        RetrainEventKind.Completed => job.Deployed ? $"Retraining completed: {job.ModelName} (deployed)" : $"Retraining completed: {job.ModelName} (not deployed)",
        RetrainEventKind.Deployed => job.DeployedVersion is { Length: > 0 } v ? $"Model deployed: {job.ModelName} {v}" : $"Model deployed: {job.ModelName}",
        RetrainEventKind.Failed => $"Retraining failed: {job.ModelName}",
        _ => $"Retraining {kind}: {job.ModelName}",
    };

    /// <summary>
    /// The JSON body: <c>text</c> = headline, job id and trigger; <c>blocks</c> = a header, a section with the job id,
    /// model, trigger, status, improvement and deployed version as fields, then the reason and the error (when set).
    /// </summary>
    public static string Build(RetrainEventKind kind, RetrainJob job)
    {
        if (job is null)
        {
            throw new ArgumentNullException(nameof(job));
        }

        var headline = Headline(kind, job);
        var trigger = JobStatuses.ToName(job.Trigger);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("text", $"{headline} (job {job.JobId}, trigger {trigger})" + (job.ErrorMessage is { Length: > 0 } e && kind == RetrainEventKind.Failed ? ": " + Truncate(e, 500) : string.Empty));
            json.WriteStartArray("blocks");

            json.WriteStartObject();
            json.WriteString("type", "header");
            PlainText(json, "text", Truncate(headline, HeaderMax));
            json.WriteEndObject();

            var fields = new List<(string Name, string Value)>
            {
                ("Job", Code(job.JobId)),
                ("Model", Escape(job.ModelName)),
                ("Trigger", Escape(trigger)),
                ("Status", Escape(JobStatuses.ToName(job.Status))),
            };
            if (job.Improvement is { } improvement)
            {
                fields.Add(("Improvement", (improvement * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %"));
            }

            if (job.DeployedVersion is { Length: > 0 } version)
            {
                fields.Add(("Deployed version", Escape(version)));
            }

            json.WriteStartObject();
            json.WriteString("type", "section");
            json.WriteStartArray("fields");
            foreach (var (name, value) in fields)
            {
                Mrkdwn(json, Truncate($"*{name}*\n{value}", FieldMax));
            }

            json.WriteEndArray();
            json.WriteEndObject();

            if (job.Reason is { Length: > 0 } reason)
            {
                Section(json, Truncate("*Reason*\n" + Escape(reason), TextMax));
            }

            if (job.ErrorMessage is { Length: > 0 } error)
            {
                Section(json, "*Error*\n```" + Escape(Truncate(error, TextMax - 20)) + "```");
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Escapes Slack mrkdwn control characters (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), so text from a job never becomes a link or a mention.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Code(string text) => "`" + Escape(text.Replace("`", "'")) + "`";

    private static void Section(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WritePropertyName("text");
        json.WriteStartObject();
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Mrkdwn(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static void PlainText(Utf8JsonWriter json, string property, string text)
    {
        json.WritePropertyName(property);
        json.WriteStartObject();
        json.WriteString("type", "plain_text");
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 1) + "…";
}
