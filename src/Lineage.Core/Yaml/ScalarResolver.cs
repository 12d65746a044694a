using System.Text.RegularExpressions;

namespace Lineage.Core.Yaml;

/// <summary>
/// YAML 1.1 implicit typing of plain scalars, as PyYAML's <c>Resolver</c> does it: candidates are picked by the
/// first character and tried in registration order (bool, float, int, merge, null, timestamp, value).
/// The same table decides, when dumping, whether a string may be written plain.
/// </summary>
internal static class ScalarResolver
{
    // Python's re.match(...$) also accepts a single trailing newline; .NET's $ (without Multiline) does the same.
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly Regex BoolRegex = new(
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", Options);

    private static readonly Regex FloatRegex = new(
        @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        Options);

    private static readonly Regex IntRegex = new(
        "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        Options);

    private static readonly Regex MergeRegex = new("^(?:<<)$", Options);

    private static readonly Regex NullRegex = new("^(?:~|null|Null|NULL|)$", Options);

    private static readonly Regex TimestampRegex = new(
        @"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        Options);

    private static readonly Regex ValueRegex = new("^(?:=)$", Options);

    /// <summary>The tag a plain scalar with this text resolves to.</summary>
    public static string ResolvePlain(string value)
    {
        if (value.Length == 0)
        {
            return YamlTags.Null;
        }

        switch (value[0])
        {
            case 'y' or 'Y' or 't' or 'T' or 'f' or 'F' or 'o' or 'O':
                return BoolRegex.IsMatch(value) ? YamlTags.Bool : YamlTags.Str;
            case 'n' or 'N':
                if (BoolRegex.IsMatch(value))
                {
                    return YamlTags.Bool;
                }

                return NullRegex.IsMatch(value) ? YamlTags.Null : YamlTags.Str;
            case '-' or '+':
                if (FloatRegex.IsMatch(value))
                {
                    return YamlTags.Float;
                }

                return IntRegex.IsMatch(value) ? YamlTags.Int : YamlTags.Str;
            case >= '0' and <= '9':
                if (FloatRegex.IsMatch(value))
                {
                    return YamlTags.Float;
                }

                if (IntRegex.IsMatch(value))
                {
                    return YamlTags.Int;
                }

                return TimestampRegex.IsMatch(value) ? YamlTags.Timestamp : YamlTags.Str;
            case '.':
                return FloatRegex.IsMatch(value) ? YamlTags.Float : YamlTags.Str;
            case '~':
                return NullRegex.IsMatch(value) ? YamlTags.Null : YamlTags.Str;
            case '<':
                return MergeRegex.IsMatch(value) ? YamlTags.Merge : YamlTags.Str;
            case '=':
                return ValueRegex.IsMatch(value) ? YamlTags.Value : YamlTags.Str;
            default:
                return YamlTags.Str;
        }
    }
}
