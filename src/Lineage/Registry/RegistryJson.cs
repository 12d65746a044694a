using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lineage.Core.Diagnostics;

namespace Lineage.Registry;

/// <summary>The JSON files of the registry: <c>metadata.json</c> and the per-model index.</summary>
internal static class RegistryJson
{
    public const int SchemaVersion = 1;

    // Files are read by people and by Python scripts, never embedded in HTML: keep non-ASCII text readable.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The index is read by machines only, once per circuit in a release resolution: no indentation halves its size.
    private static readonly JsonWriterOptions CompactOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, indented ? WriterOptions : CompactOptions))
        {
            write(json);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static byte[] Metadata(ModelVersion v) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("model_name", v.ModelName);
        json.WriteString("version", v.Version.Text);
        json.WriteString("id", v.Id);
        json.WriteString("model_path", v.ModelPath);
        json.WriteString("sha256", v.Sha256);
        json.WriteNumber("size", v.Size);
        json.WritePropertyName("metrics");
        if (v.MetricsJson is null)
        {
            json.WriteNullValue();
        }
        else
        {
            using var metrics = JsonDocument.Parse(v.MetricsJson);
            metrics.RootElement.WriteTo(json);
        }

        WriteTags(json, v.Tags);
        json.WriteStartObject("quality_gate");
        json.WriteString("status", v.Gate switch { GateStatus.Pass => "PASS", GateStatus.Fail => "FAIL", _ => "NONE" });
        json.WriteBoolean("failure_allowed", v.GateFailureAllowed);
        json.WriteEndObject();
        json.WriteStartArray("artifacts");
        foreach (var artifact in v.Artifacts)
        {
            json.WriteStartObject();
            json.WriteString("name", artifact.Name);
            json.WriteString("sha256", artifact.Sha256);
            json.WriteNumber("size", artifact.Size);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (v.PipelineConfig is null)
        {
            json.WriteNull("pipeline_config");
        }
        else
        {
            json.WriteString("pipeline_config", v.PipelineConfig);
        }

        json.WriteString("promoted_by", v.PromotedBy);
        json.WriteString("promoted_at", v.PromotedAt);
        json.WriteEndObject();
    });

    public static ModelVersion ReadMetadata(byte[] content, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            var name = GetString(root, "model_name", source);
            RegistryNames.ValidateModelName(name);
            if (!RegistryVersion.TryParse(GetString(root, "version", source), out var version))
            {
                throw Corrupt(source, "'version' is not a version");
            }

            string? metrics = null;
            if (root.TryGetProperty("metrics", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                metrics = m.GetRawText();
            }

            var artifacts = new List<ArtifactRecord>();
            if (root.TryGetProperty("artifacts", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in list.EnumerateArray())
                {
                    var artifactName = GetString(a, "name", source);
                    RegistryNames.ValidateArtifactName(artifactName);
                    artifacts.Add(new ArtifactRecord(artifactName, GetString(a, "sha256", source), a.GetProperty("size").GetInt64()));
                }
            }

            var gate = GateStatus.None;
            var allowed = false;
            if (root.TryGetProperty("quality_gate", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                gate = g.TryGetProperty("status", out var s) ? s.GetString() switch { "PASS" => GateStatus.Pass, "FAIL" => GateStatus.Fail, _ => GateStatus.None } : GateStatus.None;
                allowed = g.TryGetProperty("failure_allowed", out var f) && f.ValueKind == JsonValueKind.True;
            }

            string? pipelineConfig = root.TryGetProperty("pipeline_config", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return new ModelVersion(
                name,
                version,
                GetString(root, "model_path", source),
                GetString(root, "sha256", source),
                root.GetProperty("size").GetInt64(),
                metrics,
                ReadTags(root, source),
                artifacts,
                pipelineConfig,
                gate,
                allowed,
                GetString(root, "promoted_by", source),
                GetString(root, "promoted_at", source));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Corrupt(source, ex.Message);
        }
    }

    public static byte[] Index(string modelName, IEnumerable<VersionSummary> versions) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("model_name", modelName);
        json.WriteStartArray("versions");
        foreach (var v in versions)
        {
            json.WriteStartObject();
            json.WriteString("version", v.Version.Text);
            json.WriteString("sha256", v.Sha256);
            json.WriteNumber("size", v.Size);
            json.WriteString("promoted_at", v.PromotedAt);
            WriteTags(json, v.Tags);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }, indented: false);

    /// <summary>
    /// Reads an index with <see cref="Utf8JsonReader"/> rather than a <see cref="JsonDocument"/>: release resolution
    /// reads one index per circuit (10,000 of them for a large plant fleet), and the streaming reader halves that cost.
    /// </summary>
    public static List<VersionSummary> ReadIndex(byte[] content, string modelName, string source)
    {
        try
        {
            var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            Expect(ref reader, JsonTokenType.StartObject, source);
            var result = new List<VersionSummary>();
            string? name = null;
            while (Next(ref reader, source) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model_name"))
                {
                    Expect(ref reader, JsonTokenType.String, source);
                    name = reader.GetString();
                }
                else if (reader.ValueTextEquals("versions"))
                {
                    Expect(ref reader, JsonTokenType.StartArray, source);
                    while (Next(ref reader, source) == JsonTokenType.StartObject)
                    {
                        result.Add(ReadSummary(ref reader, source));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            if (name != modelName)
            {
                throw Corrupt(source, $"the index is not the index of {modelName}");
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Corrupt(source, ex.Message);
        }
    }

    private static VersionSummary ReadSummary(ref Utf8JsonReader reader, string source)
    {
        string? version = null, sha = null, promotedAt = null;
        long size = -1;
        var tags = new Dictionary<string, string>(8, StringComparer.Ordinal);
        while (Next(ref reader, source) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("version"))
            {
                Expect(ref reader, JsonTokenType.String, source);
                version = reader.GetString();
            }
            else if (reader.ValueTextEquals("sha256"))
            {
                Expect(ref reader, JsonTokenType.String, source);
                sha = reader.GetString();
            }
            else if (reader.ValueTextEquals("size"))
            {
                Expect(ref reader, JsonTokenType.Number, source);
                size = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("promoted_at"))
            {
                Expect(ref reader, JsonTokenType.String, source);
                promotedAt = reader.GetString();
            }
            else if (reader.ValueTextEquals("tags"))
            {
                Expect(ref reader, JsonTokenType.StartObject, source);
                while (Next(ref reader, source) == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    Expect(ref reader, JsonTokenType.String, source);
                    tags[key] = reader.GetString()!;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!RegistryVersion.TryParse(version, out var parsed) || sha is null || promotedAt is null || size < 0)
        {
            throw Corrupt(source, "an entry lacks its version, sha256, size or promoted_at");
        }

        return new VersionSummary(parsed, sha, size, promotedAt, tags);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader, string source)
    {
        if (!reader.Read())
        {
            throw Corrupt(source, "the file ends early");
        }

        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source)
    {
        if (Next(ref reader, source) != type)
        {
            throw Corrupt(source, $"expected {type} at byte {reader.TokenStartIndex}, found {reader.TokenType}");
        }
    }

    public static void WriteTags(Utf8JsonWriter json, IReadOnlyDictionary<string, string> tags)
    {
        json.WriteStartObject("tags");
        foreach (var tag in tags)
        {
            json.WriteString(tag.Key, tag.Value);
        }

        json.WriteEndObject();
    }

    private static Dictionary<string, string> ReadTags(JsonElement element, string source)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in t.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : tag.Value.GetRawText();
            }
        }

        return tags;
    }

    public static string GetString(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw Corrupt(source, $"'{name}' is missing or not a string");
        }

        return value.GetString()!;
    }

    public static LineageException Corrupt(string source, string message) =>
        new(DiagnosticCodes.RegistryCorrupt, $"{source}: {message}");
}
