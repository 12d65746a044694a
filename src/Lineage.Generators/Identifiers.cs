using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Lineage.Generators;

/// <summary>
/// C# names from YAML ids and keys. The rules are part of the generated API (renaming breaks user code), so they are
/// simple, documented in docs/msbuild.md and pinned by tests:
/// <list type="bullet">
/// <item>words are the runs of letters and digits; everything else separates them;</item>
/// <item>each word gets an upper-case first letter; a word with no lower-case letter (<c>PLANT001</c>) is
/// lower-cased after its first letter, others keep their case (<c>learningRate</c> stays <c>LearningRate</c>);</item>
/// <item>a name that would start with a digit gets a leading <c>_</c>; an empty one becomes the fallback;</item>
/// <item>a taken name gets <c>_2</c>, <c>_3</c>, ... in file order, so a name only changes when an earlier entry
/// takes it;</item>
/// <item>a C# keyword is escaped with <c>@</c> when written.</item>
/// </list>
/// </summary>
internal static class Identifiers
{
    /// <summary>Members every class inherits from <c>object</c>: a member of that name would hide one (CS0108).</summary>
    public static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>The PascalCase name of <paramref name="text"/>, or <paramref name="fallback"/> when it has no letter or digit.</summary>
    public static string Pascal(string text, string fallback)
    {
        var sb = new StringBuilder(text.Length);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                AppendWord(sb, text.Substring(start, i - start));
                start = -1;
            }
        }

        if (sb.Length == 0)
        {
            return fallback;
        }

        if (char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }

    /// <summary><paramref name="candidate"/>, or the first free of <c>candidate_2</c>, <c>candidate_3</c>, ...; then marks it taken.</summary>
    public static string Unique(string candidate, HashSet<string> taken)
    {
        var name = candidate;
        for (var n = 2; !taken.Add(name); n++)
        {
            name = candidate + "_" + n.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>The name as it may be written in source: keywords get an <c>@</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Whether <paramref name="name"/> is a valid C# identifier (an escaped keyword counts).</summary>
    public static bool IsValid(string name) =>
        SyntaxFacts.IsValidIdentifier(name.StartsWith("@", System.StringComparison.Ordinal) ? name.Substring(1) : name);

    /// <summary>
    /// A dotted namespace made valid: each part as an identifier (invalid characters become <c>_</c>, a leading digit
    /// gets <c>_</c>, keywords are escaped). <c>null</c> or empty means the global namespace.
    /// </summary>
    public static string? Namespace(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text!.Trim().Split('.');
        for (var p = 0; p < parts.Length; p++)
        {
            var sb = new StringBuilder(parts[p].Length + 1);
            foreach (var c in parts[p])
            {
                sb.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
            }

            if (sb.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(sb[0]))
            {
                sb.Insert(0, '_');
            }

            parts[p] = Escape(sb.ToString());
        }

        return string.Join(".", parts);
    }

    private static void AppendWord(StringBuilder sb, string word)
    {
        var hasLower = false;
        foreach (var c in word)
        {
            hasLower |= char.IsLower(c);
        }

        sb.Append(char.ToUpperInvariant(word[0]));
        sb.Append(hasLower ? word.Substring(1) : word.Substring(1).ToLowerInvariant());
    }
}
