using System.Collections.Generic;
using System.Text.Json;
using Lineage.Core.Manifest;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Manifest;

[TestClass]
public sealed class ManifestJsonTests
{
    [TestMethod]
    [DataRow("plain")]
    [DataRow("quote \" backslash \\ slash /")]
    [DataRow("controls \n\r\t\b\f \u0001 \u001f")]
    [DataRow("non-ASCII é ü 日本 and astral \U0001F600")]
    [DataRow("lone \ud800 surrogate")]
    public void Strings_round_trip_through_a_json_parser(string id)
    {
        var manifest = new LineageManifest(
            "Lineage.Build 1.2.3",
            id,
            null,
            null,
            new[]
            {
                new ManifestCircuit(id, id, "C1", null, "0123456789ab", "c.yaml", "circuits.yaml", new[] { new KeyValuePair<string, string>("plant_id", id) }),
            });

        using var json = JsonDocument.Parse(manifest.ToJson());
        var expected = id.Replace("\ud800", "\ufffd");
        Assert.AreEqual(expected, json.RootElement.GetProperty("project").GetString());
        Assert.AreEqual(expected, json.RootElement.GetProperty("circuits")[0].GetProperty("tags").GetProperty("plant_id").GetString());
        Assert.AreEqual(JsonValueKind.Null, json.RootElement.GetProperty("circuits")[0].GetProperty("cutoff_date").ValueKind);
    }

    [TestMethod]
    public void Empty_manifest_layout_is_stable()
    {
        var text = new LineageManifest("Lineage.Build 1.0.0", "P", "abc", null, new ManifestCircuit[0]).ToJson();
        Assert.AreEqual(
            "{\n  \"schema_version\": 1,\n  \"generator\": \"Lineage.Build 1.0.0\",\n  \"project\": \"P\",\n  \"git_commit\": \"abc\",\n  \"ci\": null,\n  \"circuits\": [],\n  \"studies\": []\n}\n",
            text);
    }
}
