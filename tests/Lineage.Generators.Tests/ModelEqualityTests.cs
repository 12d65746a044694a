using System.Collections.Immutable;
using System.IO;
using Lineage.Generators.Model;
using Microsoft.CodeAnalysis.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Lineage.Generators.Tests.GeneratorHarness;

namespace Lineage.Generators.Tests;

/// <summary>
/// Every model is value-equatable: two models built separately from the same input are equal and hash alike, and a
/// change anywhere makes them differ. Caching depends on it (StronglyTypedId's EqualityTests).
/// </summary>
[TestClass]
public sealed class ModelEqualityTests
{
    [TestMethod]
    public void Catalog_models_of_the_same_text_are_equal_and_of_different_text_are_not()
    {
        var text = File.ReadAllText(SampleCatalog);
        var first = CatalogReader.Read("/repo/c.yaml", SourceText.From(text), default);
        var second = CatalogReader.Read("/repo/c.yaml", SourceText.From(text), default);

        Assert.AreNotSame(first, second);
        AssertEqual(first, second);
        AssertEqual(first.Circuits[0], second.Circuits[0]);
        AssertEqual(first.Circuits[0].Settings[0], second.Circuits[0].Settings[0]);

        Assert.AreNotEqual(first, CatalogReader.Read("/repo/c.yaml", SourceText.From(text.Replace("24", "25")), default));
        Assert.AreNotEqual(first, CatalogReader.Read("/repo/other.yaml", SourceText.From(text), default));
    }

    [TestMethod]
    public void Diagnostics_settings_names_and_sources_are_equal_by_value()
    {
        var bad = CatalogReader.Read("/repo/bad.yaml", SourceText.From("circuits: ["), default);
        AssertEqual(bad, CatalogReader.Read("/repo/bad.yaml", SourceText.From("circuits: ["), default));
        AssertEqual(bad.Diagnostics[0], CatalogReader.Read("/repo/bad.yaml", SourceText.From("circuits: ["), default).Diagnostics[0]);

        var settings = SettingsReader.Read(new TestOptionsProvider(DefaultProperties).GlobalOptions);
        AssertEqual(settings, SettingsReader.Read(new TestOptionsProvider(DefaultProperties).GlobalOptions));

        static CatalogKey Key(string second) => new("/p", "p.yaml", new EquatableArray<CircuitKey>(new[] { new CircuitKey("A", "a-a", "A", "A", 1, 3), new CircuitKey(second, "b-b", "B", "B", 2, 3) }));
        var key = Key("B");
        AssertEqual(key, Key("B"));
        AssertEqual(key.Circuits[0], Key("B").Circuits[0]);
        Assert.AreNotEqual(key, Key("C"));

        var names = LineageSourceGenerator.BuildNames(ImmutableArray.Create(key), settings);
        AssertEqual(names, LineageSourceGenerator.BuildNames(ImmutableArray.Create(key), settings));

        var catalog = CatalogReader.Read("/repo/c.yaml", SourceText.From("circuits: [{plant_id: a, circuit_id: b}]"), default);
        AssertEqual(new CatalogSource(catalog, names.Catalogs[0], settings, true), new CatalogSource(catalog, names.Catalogs[0], settings, true));
        Assert.AreNotEqual(new CatalogSource(catalog, names.Catalogs[0], settings, true), new CatalogSource(catalog, names.Catalogs[0], settings, false));
        AssertEqual(new AggregateSource(names, settings, true), new AggregateSource(names, settings, true));
        AssertEqual(new DateValue(2025, 1, 2), new DateValue(2025, 1, 2));
    }

    [TestMethod]
    public void EquatableArray_compares_items()
    {
        Assert.AreEqual(new EquatableArray<string>(new[] { "a" }), new EquatableArray<string>(new[] { "a" }));
        Assert.AreEqual(new EquatableArray<string>(new[] { "a" }).GetHashCode(), new EquatableArray<string>(new[] { "a" }).GetHashCode());
        Assert.AreNotEqual(new EquatableArray<string>(new[] { "a" }), new EquatableArray<string>(new[] { "a", "b" }));
        Assert.AreEqual(default(EquatableArray<string>), EquatableArray<string>.Empty);
    }

    private static void AssertEqual<T>(T a, T b)
    {
        Assert.AreEqual(a, b);
        Assert.AreEqual(a!.GetHashCode(), b!.GetHashCode());
    }
}
