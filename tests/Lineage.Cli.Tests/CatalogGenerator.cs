using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Lineage.Cli.Tests;

/// <summary>
/// Seeded random <c>circuits.yaml</c> catalogs for the differential tests: realistic training configs with the
/// scalars, quoting, nesting, anchors and stale metadata that make PyYAML's output interesting.
/// </summary>
internal sealed class CatalogGenerator
{
    private static readonly string[] Keys =
    {
        "description", "target", "horizon_hours", "cutoff_date", "learning_rate", "features", "preprocessing",
        "training", "model", "hyperparameters", "resample", "enabled", "notes", "owner", "tags", "lags",
        "validation_split", "random_seed", "threshold", "window", "weights", "schedule", "sensor", "unit",
        "with space", "UPPER_KEY", "x", "alpha", "béta",
    };

    private static readonly string[] Words = { "lightgbm", "xgboost", "rmse", "mape", "ffill", "interpolate", "standard", "kW", "m3h", "mill_power" };

    private static readonly string[] TrickyStrings =
    {
        "yes", "No", "on", "null", "~", "123", "0x1F", "1.5", "1e3", "2025-12-11", "12:30", "-", "- item", "a: b", "x #y",
        " leading", "trailing ", "", "'single'", "\"double\"", "back\\slash", "tab\there", "line1\nline2", "line1\nline2\n",
        "café", "Ünïcode ß", "emoji 😀", "日本語", "bell\u0007", "nel\u0085", "@at", "`tick", "%pct", "!bang", "&amp", "*star",
        "{brace}", "[bracket]", "|pipe", ">gt", "?q", "a,b", "=", "<<",
        "A long sentence about the feed rate of the ball mill that goes on well past the eighty column folding width of the dumper.",
        "two  spaces", "ends with colon:", "multi\n\nparagraph text\nwith breaks",
    };

    private static readonly string[] Scalars =
    {
        "0", "-17", "42", "0x1F", "017", "1_000", "123456789012345678901234567890", "1:30", "0b101",
        "0.05", "-2.5", "1.0e-07", "6.02e+23", "3.0", ".5", ".inf", "-.inf", ".nan", "1_0.5", "1e10",
        "yes", "No", "on", "OFF", "true", "False", "~", "null", "",
        "2025-12-11", "2025-12-11T14:30:00Z", "2025-12-11 14:30:00.5 +02:00", "2025-12-11T14:30:00",
        "plain words here", "reg:squarederror", "15min", "'quoted'", "'123'", "\"caf\\u00e9\"",
    };

    private readonly Random _random;
    private int _anchor;

    public CatalogGenerator(int seed) => _random = new Random(seed);

    /// <summary>A catalog of <paramref name="circuitCount"/> circuits, and each circuit's own text (for failure messages).</summary>
    public (string Text, List<string> Entries) Generate(int circuitCount)
    {
        var text = new StringBuilder();
        text.Append("# generated catalog\n");
        text.Append("base: &base\n  type: lightgbm\n  learning_rate: 0.05\n  n_estimators: 500\n");
        text.Append("shared_features: &shared [feed_rate, temperature, pressure]\n");
        text.Append("circuits:\n");
        var entries = new List<string>();
        var plant = 0;
        var circuit = 0;
        for (var i = 0; i < circuitCount; i++)
        {
            if (i == 0 || _random.Next(3) == 0)
            {
                plant++;
                circuit = 0;
            }

            circuit++;
            var entry = Circuit(plant, circuit);
            entries.Add(entry);
            text.Append(entry);
        }

        return (text.ToString(), entries);
    }

    private string Circuit(int plant, int circuit)
    {
        var lines = new List<string>
        {
            "plant_id: " + PlantId(plant),
            "circuit_id: " + CircuitId(circuit),
        };
        if (_random.Next(3) == 0)
        {
            (lines[0], lines[1]) = (lines[1], lines[0]);
        }

        var used = new HashSet<string>(StringComparer.Ordinal) { "plant_id", "circuit_id" };
        var count = _random.Next(2, 8);
        for (var k = 0; k < count; k++)
        {
            var key = Keys[_random.Next(Keys.Length)];
            if (!used.Add(key))
            {
                continue;
            }

            lines.Add(Entry(Key(key), depth: 0));
        }

        switch (_random.Next(6))
        {
            case 0:
                lines.Add("model:\n  <<: *base\n  learning_rate: " + Scalars[_random.Next(Scalars.Length)]);
                break;
            case 1:
                lines.Add("features: *shared");
                break;
            case 2:
                var name = "a" + (++_anchor).ToString(CultureInfo.InvariantCulture);
                lines.Add($"first_window: &{name} [1, 2, 3]");
                lines.Add($"second_window: *{name}");
                break;
            case 3:
                lines.Insert(_random.Next(lines.Count + 1), "metadata:\n  config_hash: 0123456789ab\n  generated_at: '2020-01-01T00:00:00Z'");
                break;
        }

        if (_random.Next(8) == 0)
        {
            lines.Add("7: int key");
            lines.Add("'7': string key");
        }

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var indented = lines[i].Replace("\n", "\n    ", StringComparison.Ordinal);
            sb.Append(i == 0 ? "  - " : "    ").Append(indented).Append('\n');
        }

        return sb.ToString();
    }

    private string PlantId(int plant) => (plant % 5) switch
    {
        0 => plant.ToString(CultureInfo.InvariantCulture),
        1 => "PLANT" + plant.ToString("000", CultureInfo.InvariantCulture),
        2 => "Plant-" + plant.ToString(CultureInfo.InvariantCulture),
        3 => "\"Werk Süd " + plant.ToString(CultureInfo.InvariantCulture) + "\"",
        _ => "plant_" + plant.ToString(CultureInfo.InvariantCulture),
    };

    private string CircuitId(int circuit) => _random.Next(6) switch
    {
        0 => circuit.ToString(CultureInfo.InvariantCulture),
        1 => circuit.ToString(CultureInfo.InvariantCulture) + ".5",
        _ => "CIRCUIT" + circuit.ToString("00", CultureInfo.InvariantCulture),
    };

    private string Entry(string key, int depth)
    {
        switch (depth < 2 ? _random.Next(10) : 9)
        {
            case 0:
            case 1:
                var nested = new StringBuilder(key).Append(':');
                var n = _random.Next(0, 4);
                if (n == 0)
                {
                    return key + ": {}";
                }

                for (var i = 0; i < n; i++)
                {
                    nested.Append("\n  ").Append(Entry(Key(Keys[_random.Next(Keys.Length)] + i.ToString(CultureInfo.InvariantCulture)), depth + 1).Replace("\n", "\n  ", StringComparison.Ordinal));
                }

                return nested.ToString();
            case 2:
                var items = new List<string>();
                var m = _random.Next(0, 5);
                for (var i = 0; i < m; i++)
                {
                    items.Add(FlowScalar());
                }

                return key + ": [" + string.Join(", ", items) + "]";
            case 3:
                return key + ":\n- " + BlockScalar() + "\n- " + BlockScalar();
            case 4:
                return key + ": " + Quoted(TrickyStrings[_random.Next(TrickyStrings.Length)]);
            default:
                return key + ": " + BlockScalar();
        }
    }

    private string BlockScalar() => _random.Next(4) switch
    {
        0 => Quoted(TrickyStrings[_random.Next(TrickyStrings.Length)]),
        1 => RandomFloat(),
        2 => Words[_random.Next(Words.Length)],
        _ => Scalars[_random.Next(Scalars.Length)],
    };

    // Inside [ ] a plain scalar may not contain ", " or "]": use only the safe kinds there.
    private string FlowScalar() => _random.Next(3) switch
    {
        0 => Quoted(TrickyStrings[_random.Next(TrickyStrings.Length)]),
        1 => RandomFloat(),
        _ => Words[_random.Next(Words.Length)],
    };

    private string RandomFloat()
    {
        var value = _random.NextDouble() * Math.Pow(10, _random.Next(-8, 20));
        if (_random.Next(2) == 0)
        {
            value = -value;
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            // YAML 1.1 floats need a dot and a signed exponent.
            var parts = text.Split('E');
            var mantissa = parts[0].Contains('.', StringComparison.Ordinal) ? parts[0] : parts[0] + ".0";
            var exponent = parts[1].StartsWith('-') || parts[1].StartsWith('+') ? parts[1] : "+" + parts[1];
            return mantissa + "e" + exponent;
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static string Key(string key) =>
        key.Length > 0 && char.IsAsciiLetterLower(key[0]) && key.IndexOf(' ') < 0 ? key : Quoted(key);

    private static string Quoted(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
