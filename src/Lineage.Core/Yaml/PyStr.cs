using System.Globalization;
using System.Numerics;

namespace Lineage.Core.Yaml;

/// <summary>
/// Python's <c>str()</c> (and so f-string <c>{value}</c>) of the scalar values <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/> produces,
/// so names built from config values match what a Python script builds from the same file.
/// </summary>
public static class PyStr
{
    /// <summary>
    /// Formats a scalar as <c>str(value)</c> does: <c>None</c>, <c>True</c>/<c>False</c>, int digits, float
    /// <c>repr</c>, a string as itself, <c>date.isoformat()</c>, <c>datetime.isoformat(' ')</c>. Returns
    /// <c>false</c> for bytes and collections, whose <c>str()</c> is a Python repr nobody wants in a name.
    /// </summary>
    /// <param name="value">A value from <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/>.</param>
    /// <param name="text">The Python text, or empty when the value is not a scalar.</param>
    public static bool TryStr(object? value, out string text)
    {
        switch (value)
        {
            case null:
                text = "None";
                return true;
            case string s:
                text = s;
                return true;
            case bool b:
                text = b ? "True" : "False";
                return true;
            case BigInteger i:
                text = i.ToString(CultureInfo.InvariantCulture);
                return true;
            case double d:
                text = PyFloatRepr.Repr(d);
                return true;
            case PyDate date:
                text = date.ToString();
                return true;
            case PyDateTime dateTime:
                text = dateTime.ToString();
                return true;
            default:
                text = string.Empty;
                return false;
        }
    }
}
