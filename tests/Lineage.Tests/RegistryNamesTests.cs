using System.Linq;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests;

[TestClass]
public sealed class RegistryNamesTests
{
    [TestMethod]
    [DataRow("plant001-circuit01")]
    [DataRow("frontshift-rag")]
    [DataRow("Model_2.v3")]
    [DataRow("a")]
    public void Accepts_safe_model_names(string name) => RegistryNames.ValidateModelName(name);

    [TestMethod]
    [DataRow("")]
    [DataRow("..")]
    [DataRow("../outside")]
    [DataRow("a/../../b")]
    [DataRow("a/b")]
    [DataRow("a\\b")]
    [DataRow("/etc/passwd")]
    [DataRow("C:evil")]
    [DataRow("a..b")]
    [DataRow(".hidden")]
    [DataRow("-flag")]
    [DataRow("trailing.")]
    [DataRow("with space")]
    [DataRow("tab\there")]
    [DataRow("new\nline")]
    [DataRow("CON")]
    [DataRow("nul.model")]
    [DataRow("caf\u00e9")]
    public void Rejects_names_that_could_leave_the_registry_or_break_on_some_platform(string name)
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => RegistryNames.ValidateModelName(name));
        Assert.AreEqual(DiagnosticCodes.InvalidModelName, ex.Code);
    }

    [TestMethod]
    public void Rejects_overlong_names() =>
        Assert.ThrowsExactly<LineageException>(() => RegistryNames.ValidateModelName(new string('a', RegistryNames.MaxModelNameLength + 1)));

    [TestMethod]
    public void Versions_order_as_versions_not_as_text()
    {
        var texts = new[] { "10", "9", "1", "2", "1.10.0", "1.9.0" };
        var sorted = texts.Select(t => { Assert.IsTrue(RegistryVersion.TryParse(t, out var v), t); return v; }).OrderBy(v => v).Select(v => v.Text).ToArray();
        CollectionAssert.AreEqual(new[] { "1", "1.9.0", "1.10.0", "2", "9", "10" }, sorted);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("07")]
    [DataRow("1+build")]
    [DataRow("../1")]
    [DataRow("1/2")]
    [DataRow(" 1")]
    [DataRow("v1")]
    [DataRow("x")]
    public void Rejects_versions_that_are_not_versions(string text) => Assert.IsFalse(RegistryVersion.TryParse(text, out _));

    [TestMethod]
    public void User_versions_accept_number_v_number_and_folder_name()
    {
        Assert.AreEqual("7", RegistryNames.ParseUserVersion("m", "7").Text);
        Assert.AreEqual("7", RegistryNames.ParseUserVersion("m", "v7").Text);
        Assert.AreEqual("7", RegistryNames.ParseUserVersion("m", "m_v7").Text);
        foreach (var bad in new[] { "../m_v1", "other_v7", "v", "m_v../1", "/abs" })
        {
            var ex = Assert.ThrowsExactly<LineageException>(() => RegistryNames.ParseUserVersion("m", bad), bad);
            Assert.AreEqual(DiagnosticCodes.InvalidVersion, ex.Code);
        }
    }

    [TestMethod]
    public void Folder_names_split_at_the_last_v()
    {
        Assert.IsTrue(RegistryNames.TryParseVersionId("a_v1_v2", out var name, out var version));
        Assert.AreEqual("a_v1", name);
        Assert.AreEqual("2", version.Text);
        Assert.IsFalse(RegistryNames.TryParseVersionId("rollback_logs", out _, out _));
        Assert.IsFalse(RegistryNames.TryParseVersionId("_v1", out _, out _));
    }

    [TestMethod]
    [DataRow("", "x")]
    [DataRow("a b", "x")]
    [DataRow("k", "line\nbreak")]
    [DataRow("k\u0000", "x")]
    public void Rejects_bad_tags(string key, string value)
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => RegistryNames.ValidateTag(key, value));
        Assert.AreEqual(DiagnosticCodes.InvalidTag, ex.Code);
    }

    [TestMethod]
    [DataRow("metadata.json")]
    [DataRow(".hidden")]
    [DataRow("..")]
    [DataRow("a/b.json")]
    [DataRow("CON.json")]
    public void Rejects_artifact_names_that_collide_or_escape(string name)
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => RegistryNames.ValidateArtifactName(name));
        Assert.AreEqual(DiagnosticCodes.InvalidArtifact, ex.Code);
    }

    [TestMethod]
    public void Model_names_with_a_trailing_version_sort_by_version()
    {
        var names = new[] { "rag-1.10", "rag-1.9", "rag-2", "alpha" }.OrderBy(n => n, ModelNameComparer.Instance).ToArray();
        CollectionAssert.AreEqual(new[] { "alpha", "rag-1.9", "rag-1.10", "rag-2" }, names);
    }
}
