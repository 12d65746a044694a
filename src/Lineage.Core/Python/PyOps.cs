using System.Numerics;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Core.Python;

/// <summary>Python's truthiness and <c>dict.get</c> over loaded values.</summary>
internal static class PyOps
{
    /// <summary><c>bool(value)</c>: <c>None</c>, <c>False</c>, zero, and empty text, bytes and containers are false.</summary>
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        BigInteger i => !i.IsZero,
        double d => d != 0, // NaN is true, -0.0 is false
        string s => s.Length > 0,
        PyDict d => d.Count > 0,
        PyList l => l.Count > 0,
        PySet s => s.Count > 0,
        PyTuple t => t.Items.Count > 0,
        PyBytes b => b.Data.Length > 0,
        _ => true,
    };

    /// <summary><c>a or b</c>.</summary>
    public static object? Or(object? a, object? b) => Truthy(a) ? a : b;

    /// <summary>
    /// <c>owner.get(key, fallback)</c>: the stored value when the key is present, even <c>None</c>; the fallback only
    /// when it is absent. <paramref name="owner"/> must be a mapping, as Python raises <c>AttributeError</c> otherwise.
    /// </summary>
    /// <param name="owner">The value <c>.get</c> is called on.</param>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The default.</param>
    /// <param name="ownerName">How the message names <paramref name="owner"/>, for example <c>the HPO config's 'objective'</c>.</param>
    public static object? Get(object? owner, string key, object? fallback, string ownerName)
    {
        if (owner is PyDict dict)
        {
            return dict.TryGetValue(key, out var value) ? value : fallback;
        }

        throw new LineageException(
            DiagnosticCodes.StudyConfigNotAMapping,
            $"{ownerName} must be a mapping to read '{key}' from, but it is {Describe(owner)} (Python: AttributeError: '{PyRepr.TypeName(owner)}' object has no attribute 'get')");
    }

    private static string Describe(object? value)
    {
        if (value is null)
        {
            return "null";
        }

        string text;
        try
        {
            text = PyRepr.Repr(value);
        }
        catch (LineageException)
        {
            text = "...";
        }

        return $"a {PyRepr.TypeName(value)} ({(text.Length > 60 ? text.Substring(0, 57) + "..." : text)})";
    }
}
