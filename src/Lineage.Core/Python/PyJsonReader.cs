using System.Globalization;
using System.Numerics;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Core.Python;

/// <summary>
/// Python's <c>json.loads</c>, producing the same values <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/> does (<see cref="PyDict"/>,
/// <see cref="PyList"/>, <see cref="BigInteger"/> ints, doubles ...). JSON and YAML 1.1 read some text differently:
/// <c>3e-05</c> is a float to <c>json.loads</c> but a string to <c>yaml.safe_load</c>, and <c>NaN</c> is a float only
/// to JSON. Hyperparameters written by <c>json.dump(trial.params)</c> must be read as JSON to key like Python.
/// </summary>
public static class PyJsonReader
{
    // Python raises RecursionError near 1000 levels; the YAML loader stops at 300, and so does this.
    private const int MaxDepth = 300;

    /// <summary>
    /// Parses <paramref name="text"/> as <c>json.loads</c> does; returns false when Python would raise a
    /// <c>ValueError</c> (the text is not JSON, or holds an int of more than 4300 digits).
    /// </summary>
    /// <exception cref="LineageException"><see cref="DiagnosticCodes.ExpansionLimit"/> when arrays and objects nest more than 300 deep.</exception>
    public static bool TryParse(string text, out object? value)
    {
        var parser = new Parser(text);
        value = null;
        if (!parser.TryValue(out var parsed, 0))
        {
            return false;
        }

        parser.SkipWhiteSpace();
        if (!parser.AtEnd)
        {
            return false; // json.loads: "Extra data"
        }

        value = parsed;
        return true;
    }

    private sealed class Parser
    {
        private readonly string _s;
        private int _i;

        public Parser(string s) => _s = s;

        public bool AtEnd => _i >= _s.Length;

        public void SkipWhiteSpace()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r'))
            {
                _i++;
            }
        }

        public bool TryValue(out object? value, int depth)
        {
            value = null;
            SkipWhiteSpace();
            if (AtEnd)
            {
                return false;
            }

            var c = _s[_i];
            switch (c)
            {
                case '"':
                    var ok = TryString(out var s);
                    value = s;
                    return ok;
                case '{':
                    return TryObject(out value, depth + 1);
                case '[':
                    return TryArray(out value, depth + 1);
                case 'n':
                    return Literal("null", null, out value);
                case 't':
                    return Literal("true", true, out value);
                case 'f':
                    return Literal("false", false, out value);
                case 'N':
                    return Literal("NaN", double.NaN, out value);
                case 'I':
                    return Literal("Infinity", double.PositiveInfinity, out value);
                default:
                    if (c == '-' && string.CompareOrdinal(_s, _i, "-Infinity", 0, 9) == 0)
                    {
                        return Literal("-Infinity", double.NegativeInfinity, out value);
                    }

                    return TryNumber(out value);
            }
        }

        private bool Literal(string word, object? result, out object? value)
        {
            value = result;
            if (string.CompareOrdinal(_s, _i, word, 0, word.Length) != 0)
            {
                return false;
            }

            _i += word.Length;
            return true;
        }

        // json.scanner's NUMBER_RE: -?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
        private bool TryNumber(out object? value)
        {
            value = null;
            var start = _i;
            if (_i < _s.Length && _s[_i] == '-')
            {
                _i++;
            }

            if (_i >= _s.Length || !IsDigit(_s[_i]))
            {
                return false;
            }

            if (_s[_i] == '0')
            {
                _i++;
            }
            else
            {
                SkipDigits();
            }

            var isFloat = false;
            if (_i + 1 < _s.Length && _s[_i] == '.' && IsDigit(_s[_i + 1]))
            {
                isFloat = true;
                _i++;
                SkipDigits();
            }

            if (_i < _s.Length && (_s[_i] == 'e' || _s[_i] == 'E'))
            {
                var save = _i;
                _i++;
                if (_i < _s.Length && (_s[_i] == '+' || _s[_i] == '-'))
                {
                    _i++;
                }

                if (_i < _s.Length && IsDigit(_s[_i]))
                {
                    isFloat = true;
                    SkipDigits();
                }
                else
                {
                    _i = save; // the regex stops before the 'e'; what follows is then extra data
                }
            }

            var text = _s.Substring(start, _i - start);
            if (isFloat)
            {
                value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return true;
            }

            if (text.TrimStart('-').Length > ScalarConstructors.MaxIntStringDigits)
            {
                return false; // int(): ValueError "Exceeds the limit (4300 digits)"
            }

            value = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return true;
        }

        private void SkipDigits()
        {
            while (_i < _s.Length && IsDigit(_s[_i]))
            {
                _i++;
            }
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private bool TryString(out string value)
        {
            value = string.Empty;
            _i++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (_i >= _s.Length)
                {
                    return false;
                }

                var c = _s[_i++];
                if (c == '"')
                {
                    value = sb.ToString();
                    return true;
                }

                if (c < 0x20)
                {
                    return false; // strict mode: "Invalid control character"
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (_i >= _s.Length)
                {
                    return false;
                }

                var e = _s[_i++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (!TryHex4(out var unit))
                        {
                            return false;
                        }

                        // A lone surrogate stays one; a \u escape pair becomes one astral character in Python and is
                        // the same two UTF-16 units here.
                        sb.Append((char)unit);
                        break;
                    default:
                        return false;
                }
            }
        }

        private bool TryHex4(out int unit)
        {
            unit = 0;
            if (_i + 4 > _s.Length)
            {
                return false;
            }

            for (var k = 0; k < 4; k++)
            {
                var h = _s[_i + k];
                int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (d < 0)
                {
                    return false;
                }

                unit = (unit * 16) + d;
            }

            _i += 4;
            return true;
        }

        private bool TryArray(out object? value, int depth)
        {
            CheckDepth(depth);
            var list = new PyList();
            value = list;
            _i++;
            SkipWhiteSpace();
            if (_i < _s.Length && _s[_i] == ']')
            {
                _i++;
                return true;
            }

            while (true)
            {
                if (!TryValue(out var item, depth))
                {
                    return false;
                }

                list.Add(item);
                SkipWhiteSpace();
                if (_i >= _s.Length)
                {
                    return false;
                }

                var c = _s[_i++];
                if (c == ']')
                {
                    return true;
                }

                if (c != ',')
                {
                    return false;
                }
            }
        }

        private bool TryObject(out object? value, int depth)
        {
            CheckDepth(depth);
            var dict = new PyDict();
            value = dict;
            _i++;
            SkipWhiteSpace();
            if (_i < _s.Length && _s[_i] == '}')
            {
                _i++;
                return true;
            }

            while (true)
            {
                SkipWhiteSpace();
                if (_i >= _s.Length || _s[_i] != '"' || !TryString(out var key))
                {
                    return false;
                }

                SkipWhiteSpace();
                if (_i >= _s.Length || _s[_i++] != ':')
                {
                    return false;
                }

                if (!TryValue(out var item, depth))
                {
                    return false;
                }

                dict[key] = item; // a repeated key keeps its first place and takes the last value, as dict() does
                SkipWhiteSpace();
                if (_i >= _s.Length)
                {
                    return false;
                }

                var c = _s[_i++];
                if (c == '}')
                {
                    return true;
                }

                if (c != ',')
                {
                    return false;
                }
            }
        }

        private static void CheckDepth(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new LineageException(DiagnosticCodes.ExpansionLimit, $"JSON arrays and objects nest more than {MaxDepth} levels deep");
            }
        }
    }
}
