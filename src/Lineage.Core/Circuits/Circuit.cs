using System.Globalization;
using System.Text;
using Lineage.Core.Yaml;

namespace Lineage.Core.Circuits;

/// <summary>One entry of the <c>circuits</c> list of a <c>circuits.yaml</c>, validated and hashed.</summary>
public sealed class Circuit
{
    private readonly PyDict? _config;

    internal Circuit(
        int index,
        PyDict config,
        bool keepConfig,
        string plantId,
        string circuitId,
        string configHash,
        string canonicalYaml,
        string? cutoffDate)
    {
        Index = index;
        _config = keepConfig ? config : null;
        Line = config.SourceLine;
        Column = config.SourceColumn;
        PlantId = plantId;
        CircuitId = circuitId;
        ConfigHash = configHash;
        CanonicalYaml = canonicalYaml;
        CutoffDate = cutoffDate;
        FileName = CircuitFileNames.FileName(plantId, circuitId);
        ModelName = PyLower(plantId) + "-" + PyLower(circuitId);
    }

    /// <summary>0-based position of the entry in the <c>circuits</c> list.</summary>
    public int Index { get; }

    /// <summary>
    /// The entry as loaded, in file order, including any <c>metadata</c> it carries. Not kept by a catalog loaded with
    /// <c>keepConfigs: false</c> (see <see cref="CircuitCatalog.Load(string, YamlLoadOptions?, bool)"/>); reading it
    /// then throws <see cref="System.InvalidOperationException"/>.
    /// </summary>
    public PyDict Config => _config ?? throw new System.InvalidOperationException("the catalog was loaded without keeping the circuits' configs (keepConfigs: false)");

    /// <summary>Whether <see cref="Config"/> was kept.</summary>
    public bool HasConfig => _config is not null;

    /// <summary><c>str(circuit['plant_id'])</c>, as the Python script puts it in the file name.</summary>
    public string PlantId { get; }

    /// <summary><c>str(circuit['circuit_id'])</c>, as the Python script puts it in the file name.</summary>
    public string CircuitId { get; }

    /// <summary>The 12-character config hash of the entry without its <c>metadata</c>.</summary>
    public string ConfigHash { get; }

    /// <summary>The sorted dump the hash was computed from.</summary>
    public string CanonicalYaml { get; }

    /// <summary><c>str(circuit['cutoff_date'])</c> when the entry has one, else <c>null</c>.</summary>
    public string? CutoffDate { get; }

    /// <summary>The generated file's name: <c>{plant_id}_{circuit_id}.yaml</c>.</summary>
    public string FileName { get; }

    /// <summary>
    /// The registry model name of the seed (<c>plant001-circuit01</c> for PLANT001/CIRCUIT01): both ids lower-cased,
    /// joined by a hyphen.
    /// </summary>
    public string ModelName { get; }

    /// <summary>
    /// Python's <c>str.lower()</c>: the invariant simple lower-case mapping plus the two rules where Python differs
    /// from it, U+0130 (capital I with dot) becoming "i" + U+0307 and a word-final capital sigma becoming final sigma.
    /// </summary>
    internal static string PyLower(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u0130')
            {
                sb.Append("i\u0307");
            }
            else if (c == '\u03A3')
            {
                sb.Append(IsFinalSigma(text, i) ? '\u03C2' : '\u03C3');
            }
            else
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    // Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorables) and none after.
    private static bool IsFinalSigma(string text, int index)
    {
        var before = index - 1;
        while (before >= 0 && IsCaseIgnorable(text[before]))
        {
            before--;
        }

        var after = index + 1;
        while (after < text.Length && IsCaseIgnorable(text[after]))
        {
            after++;
        }

        return before >= 0 && IsCased(text[before]) && !(after < text.Length && IsCased(text[after]));
    }

    private static bool IsCased(char c) => char.IsUpper(c) || char.IsLower(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.Format:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.ModifierSymbol:
                return true;
            default:
                return c == '\'' || c == '.' || c == ':' || c == '\u00B7' || c == '\u2019';
        }
    }

    /// <summary>1-based line where the entry starts in the catalog, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column where the entry starts in the catalog, or 0 when unknown.</summary>
    public int Column { get; }
}
