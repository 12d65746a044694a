using System.Text;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Metrics;

/// <summary>Fills <c>{model}</c> and <c>{metric}</c> into a PromQL expression template, escaped for where they stand.</summary>
public static class PromQl
{
    /// <summary>
    /// Returns <paramref name="template"/> with <c>{model}</c> and <c>{metric}</c> replaced. Inside a quoted PromQL string
    /// (<c>model="{model}"</c>) the value is escaped for that string, so a model name with <c>"</c> or <c>\</c> still
    /// selects exactly that label value; outside quotes (<c>{metric}{...}</c>) it must be a valid metric name, since
    /// anything else would change the expression's meaning. Other braces (label matchers) are left alone.
    /// </summary>
    /// <exception cref="LineageException">LIN0560 when a value cannot be placed where the template puts it.</exception>
    public static string Expand(string template, string model, string metric)
    {
        var sb = new StringBuilder(template.Length + model.Length + metric.Length);
        var quote = '\0';
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && TryPlaceholder(template, i, out var name))
            {
                var value = name == "model" ? model : metric;
                if (value.Length == 0)
                {
                    throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the expression template '{template}' uses {{{name}}} but no {name} was given");
                }

                if (quote == '\0')
                {
                    if (!IsMetricName(value))
                    {
                        throw new LineageException(
                            DiagnosticCodes.InvalidMetricsSource,
                            $"the {name} '{value}' is not a valid Prometheus metric name, so it cannot stand outside quotes in the expression template '{template}'; match it as a label value instead, e.g. {{{name}=\"{{{name}}}\"}}");
                    }

                    sb.Append(value);
                }
                else
                {
                    AppendEscaped(sb, value, quote, template);
                }

                i += name.Length + 1;
                continue;
            }

            sb.Append(c);
            if (quote == '\0')
            {
                if (c is '"' or '\'' or '`')
                {
                    quote = c;
                }
            }
            else if (c == '\\' && quote != '`' && i + 1 < template.Length)
            {
                sb.Append(template[++i]);
            }
            else if (c == quote)
            {
                quote = '\0';
            }
        }

        return sb.ToString();
    }

    /// <summary>Escapes a label value for a double-quoted PromQL string (<c>\</c>, <c>"</c>, line breaks, tabs).</summary>
    public static string EscapeString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendEscaped(sb, value, '"', null);
        return sb.ToString();
    }

    /// <summary>Whether <paramref name="name"/> is a metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>).</summary>
    public static bool IsMetricName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryPlaceholder(string template, int at, out string name)
    {
        foreach (var candidate in new[] { "model", "metric" })
        {
            if (string.CompareOrdinal(template, at, "{" + candidate + "}", 0, candidate.Length + 2) == 0)
            {
                name = candidate;
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    private static void AppendEscaped(StringBuilder sb, string value, char quote, string? template)
    {
        if (quote == '`')
        {
            // A raw string has no escapes at all: a backtick in the value could only end it.
            if (value.IndexOf('`') >= 0)
            {
                throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"the value '{value}' holds a backtick and cannot go inside the raw string of the expression template '{template}'; use double quotes there");
            }

            sb.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                    break;
            }
        }
    }
}
