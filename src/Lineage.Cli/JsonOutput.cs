using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lineage.Core.Circuits;
using Lineage.Core.Hashing;
using Lineage.Core.Study;

namespace Lineage.Cli;

/// <summary>
/// JSON output written with <see cref="Utf8JsonWriter"/>: no reflection-based serializer to load and warm up,
/// which keeps startup fast.
/// </summary>
internal static class JsonOutput
{
    // Output goes to files and pipes, never into HTML, so quotes and non-ASCII text stay readable.
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <c>[{"file", "hash", "canonical"}]</c>.</summary>
    public static void WriteHashes(TextWriter output, IReadOnlyList<(string File, ConfigHashResult Result)> results) =>
        WriteArray(output, results, (json, item) =>
        {
            json.WriteString("file", item.File);
            json.WriteString("hash", item.Result.Hash);
            json.WriteString("canonical", item.Result.CanonicalYaml);
        });

    /// <summary>Writes one object per circuit, in catalog order.</summary>
    public static void WriteCircuits(TextWriter output, IReadOnlyList<Circuit> circuits) =>
        WriteArray(output, circuits, (json, circuit) =>
        {
            json.WriteString("plant_id", circuit.PlantId);
            json.WriteString("circuit_id", circuit.CircuitId);
            json.WriteString("model_name", circuit.ModelName);
            json.WriteString("config_hash", circuit.ConfigHash);
            if (circuit.CutoffDate is null)
            {
                json.WriteNull("cutoff_date");
            }
            else
            {
                json.WriteString("cutoff_date", circuit.CutoffDate);
            }

            json.WriteString("file_name", circuit.FileName);
            json.WriteNumber("line", circuit.Line);
            json.WriteNumber("column", circuit.Column);
        });

    // Output is handed to the TextWriter in pieces of about this many bytes: a catalog's JSON (megabytes) never sits
    // in one growing buffer, whose large-object-heap allocations would each trigger a full garbage collection.
    private const int ChunkBytes = 32 * 1024;

    /// <summary>Writes the object of <c>lineage study-key --json</c>.</summary>
    public static void WriteStudyKeys(TextWriter output, StudyKeySet keys) =>
        WriteObject(output, json =>
        {
            json.WriteString("study_key_hash", keys.StudyKeyHash);
            json.WriteString("study_key", keys.StudyKey);
            json.WriteString("data_fingerprint", keys.DataFingerprint);
            json.WriteString("eval_fingerprint", keys.EvalFingerprint);
            json.WriteString("study_key_v1_hash", keys.StudyKeyV1Hash);
            json.WriteString("family_hash", keys.FamilyHash);
        });

    /// <summary>Writes the object of <c>lineage trial-key --json</c>.</summary>
    public static void WriteTrialKey(TextWriter output, string hash, string key) =>
        WriteObject(output, json =>
        {
            json.WriteString("trial_key_hash", hash);
            json.WriteString("trial_key", key);
        });

    private static void WriteObject(TextWriter output, Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            writeFields(json);
            json.WriteEndObject();
        }

        Drain(output, buffer);
        output.WriteLine();
    }

    // A JSON array with one object per item, on one line of output.
    private static void WriteArray<T>(TextWriter output, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>(2 * ChunkBytes);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                json.WriteStartObject();
                writeFields(json, item);
                json.WriteEndObject();
                if (json.BytesPending + buffer.WrittenCount >= ChunkBytes)
                {
                    json.Flush();
                    Drain(output, buffer);
                }
            }

            json.WriteEndArray();
        }

        Drain(output, buffer);
        output.WriteLine();
    }

    // Whole JSON tokens only, so a UTF-8 sequence is never cut in two.
    private static void Drain(TextWriter output, ArrayBufferWriter<byte> buffer)
    {
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.ResetWrittenCount();
    }
}
