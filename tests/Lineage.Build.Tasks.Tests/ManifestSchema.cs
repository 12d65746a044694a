using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NJsonSchema;

namespace Lineage.Build.Tasks.Tests;

/// <summary>Validates manifests against <c>docs/lineage-manifest.schema.json</c>.</summary>
internal static class ManifestSchema
{
    private static readonly JsonSchema Schema = JsonSchema.FromFileAsync(TestEnvironment.ManifestSchema).GetAwaiter().GetResult();

    /// <summary>Fails the test with every schema violation of <paramref name="json"/>.</summary>
    public static void AssertValid(string json)
    {
        var errors = Schema.Validate(json);
        Assert.IsEmpty(errors, "manifest does not match the schema:\n" + string.Join("\n", errors.Select(e => e.ToString())) + "\n" + json);
    }

    /// <summary>Validates the manifest file at <paramref name="path"/>.</summary>
    public static void AssertValidFile(string path) => AssertValid(File.ReadAllText(path));
}
