using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Drift;

/// <summary>One column of a sample file.</summary>
public sealed class CsvColumn
{
    private double[] _values = new double[1024];

    internal CsvColumn(string name, bool parsed)
    {
        Name = name;
        Parsed = parsed;
        IsNumeric = parsed;
    }

    /// <summary>The header name.</summary>
    public string Name { get; }

    /// <summary>Whether the cells were read as numbers (only the columns asked for are).</summary>
    public bool Parsed { get; }

    /// <summary>Whether every non-empty cell is a finite number (NaN counts as missing).</summary>
    public bool IsNumeric { get; private set; }

    /// <summary>The first cell that is not a finite number, as <c>line N: 'text'</c>, or <c>null</c>.</summary>
    public string? FirstNonNumeric { get; private set; }

    /// <summary>The number of values.</summary>
    public int Count { get; private set; }

    /// <summary>Empty cells and NaN, skipped.</summary>
    public int Missing { get; private set; }

    /// <summary>The values in file order (a copy trimmed to <see cref="Count"/>).</summary>
    public double[] ToArray()
    {
        var copy = new double[Count];
        Array.Copy(_values, copy, Count);
        return copy;
    }

    /// <summary>The values without a copy when the buffer is exactly full, else trimmed; the caller may sort it.</summary>
    internal double[] TakeValues()
    {
        if (_values.Length != Count)
        {
            Array.Resize(ref _values, Count);
        }

        var values = _values;
        _values = Array.Empty<double>();
        return values;
    }

    internal void AddMissing() => Missing++;

    internal void Add(double value)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[Count++] = value;
    }

    internal void MarkNonNumeric(int line, string text)
    {
        IsNumeric = false;
        FirstNonNumeric = $"line {line}: '{(text.Length > 40 ? text.Substring(0, 40) + "..." : text)}'";
        _values = Array.Empty<double>();
        Count = 0;
    }
}

/// <summary>
/// A sample file: CSV with a header row (RFC 4180: comma separated, fields in double quotes may hold commas, quotes
/// written twice and line breaks; LF or CRLF line ends; a UTF-8 byte order mark is skipped; blank lines are ignored).
/// Only the columns asked for are parsed as numbers.
/// <para>Hand-written rather than a package, after checking the package list: CsvHelper (large, reflection-based
/// record mapping, which the Native AOT CLI does not want), ServiceStack.Text (commercial terms), MiniExcel (a
/// spreadsheet tool) and Sylvan.Data.Csv (light and fast, the best fit). Any dependency of this assembly must also
/// ship inside the Lineage.Build package that MSBuild loads (see Lineage.csproj on why each one there is a risk), the
/// format needed is small, and the exact number parsing (<see cref="FastDouble"/>) would be ours either way.</para>
/// </summary>
public sealed class CsvSample
{
    private CsvSample(string path, IReadOnlyList<CsvColumn> columns, int rows)
    {
        Path = path;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The columns in header order.</summary>
    public IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>The number of data rows.</summary>
    public int Rows { get; }

    /// <summary>The column named <paramref name="name"/>, or <c>null</c>.</summary>
    public CsvColumn? Find(string name)
    {
        foreach (var c in Columns)
        {
            if (string.Equals(c.Name, name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Reads <paramref name="path"/>; parses the columns <paramref name="parse"/> accepts (all when <c>null</c>).</summary>
    public static CsvSample Read(string path, Func<string, bool>? parse = null)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            return Read(reader, path, parse);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(DiagnosticCodes.ReadError, "cannot be read: " + ex.Message, path);
        }
        catch (DecoderFallbackException)
        {
            throw new LineageException(DiagnosticCodes.InvalidDriftCsv, "is not valid UTF-8", path);
        }
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="path"/> names it in errors.</summary>
    public static CsvSample Read(TextReader reader, string path, Func<string, bool>? parse = null)
    {
        var parser = new Parser(reader, path);
        var header = new List<string>();
        int headerLine;
        while (true)
        {
            headerLine = parser.Line;
            header.Clear();
            var end = parser.ReadRecord(header);
            if (!(header.Count == 1 && header[0].Length == 0))
            {
                break;
            }

            if (end == RecordEnd.EndOfFile)
            {
                throw new LineageException(DiagnosticCodes.InvalidDriftCsv, "has no header row", path);
            }
        }

        var columns = new CsvColumn[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0)
            {
                throw new LineageException(DiagnosticCodes.InvalidDriftCsv, $"column {i + 1} of the header has no name", path, headerLine);
            }

            if (!seen.Add(name))
            {
                throw new LineageException(DiagnosticCodes.InvalidDriftCsv, $"the header names column '{name}' twice", path, headerLine);
            }

            columns[i] = new CsvColumn(name, parse is null || parse(name));
        }

        var rows = 0;
        while (true)
        {
            var line = parser.Line;
            var fields = parser.ReadRow(columns, out var end);
            if (fields == 0 && end == RecordEnd.EndOfFile)
            {
                break;
            }

            if (fields >= 0)
            {
                // fields < 0: a blank line, ignored.
                if (fields != columns.Length)
                {
                    throw new LineageException(
                        DiagnosticCodes.InvalidDriftCsv,
                        $"this row has {fields} field{(fields == 1 ? string.Empty : "s")}, the header has {columns.Length}",
                        path,
                        line);
                }

                rows++;
            }

            if (end == RecordEnd.EndOfFile)
            {
                break;
            }
        }

        return new CsvSample(path, columns, rows);
    }

    private enum RecordEnd
    {
        Line,
        EndOfFile,
    }

    // A character-level state machine over a buffered reader; fields go into one reused char buffer.
    private sealed class Parser
    {
        private readonly TextReader _reader;
        private readonly string _path;
        private readonly char[] _buffer = new char[1 << 16];
        private int _pos;
        private int _len;
        private char[] _field = new char[256];
        private int _fieldLen;

        public Parser(TextReader reader, string path)
        {
            _reader = reader;
            _path = path;
            Line = 1;
        }

        /// <summary>The 1-based line the next record starts on.</summary>
        public int Line { get; private set; }

        public RecordEnd ReadRecord(List<string> fields)
        {
            while (true)
            {
                var (end, recordEnd, _) = ReadField();
                fields.Add(new string(_field, 0, _fieldLen));
                if (end)
                {
                    return recordEnd;
                }
            }
        }

        // Reads one data row into the columns; returns the field count, -1 for a blank line.
        public int ReadRow(CsvColumn[] columns, out RecordEnd recordEnd)
        {
            var startLine = Line;
            var count = 0;
            while (true)
            {
                var (end, fieldEnd, quoted) = ReadField();
                if (end && count == 0 && _fieldLen == 0 && !quoted)
                {
                    recordEnd = fieldEnd;
                    return fieldEnd == RecordEnd.EndOfFile && Line == startLine ? 0 : -1;
                }

                if (count < columns.Length)
                {
                    Store(columns[count], startLine);
                }

                count++;
                if (end)
                {
                    recordEnd = fieldEnd;
                    return count;
                }
            }
        }

        private void Store(CsvColumn column, int line)
        {
            if (!column.Parsed || !column.IsNumeric)
            {
                return;
            }

            var span = new ReadOnlySpanLike(_field, _fieldLen);
            span.Trim(out var start, out var length);
            if (length == 0)
            {
                column.AddMissing();
                return;
            }

            if (!FastDouble.TryParse(_field, start, length, out var value))
            {
                var text = new string(_field, start, length);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    if (IsNaNText(text))
                    {
                        column.AddMissing();
                        return;
                    }

                    column.MarkNonNumeric(line, text);
                    return;
                }
            }

            if (double.IsNaN(value))
            {
                column.AddMissing();
            }
            else if (double.IsInfinity(value))
            {
                column.MarkNonNumeric(line, new string(_field, start, length));
            }
            else
            {
                column.Add(value);
            }
        }

        private static bool IsNaNText(string text) =>
            string.Equals(text, "nan", StringComparison.OrdinalIgnoreCase)
            || string.Equals(text, "-nan", StringComparison.OrdinalIgnoreCase)
            || string.Equals(text, "+nan", StringComparison.OrdinalIgnoreCase);

        private bool Fill()
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            return _len > 0;
        }

        // Reads one field; returns whether it ended the record (and how), and whether it was quoted.
        private (bool End, RecordEnd How, bool Quoted) ReadField()
        {
            _fieldLen = 0;
            if (_pos >= _len && !Fill())
            {
                return (true, RecordEnd.EndOfFile, false);
            }

            if (_buffer[_pos] == '"')
            {
                _pos++;
                var quoteLine = Line;
                while (true)
                {
                    if (_pos >= _len && !Fill())
                    {
                        throw new LineageException(DiagnosticCodes.InvalidDriftCsv, "a quoted field is not closed before the end of the file", _path, quoteLine);
                    }

                    var ch = _buffer[_pos++];
                    if (ch == '"')
                    {
                        if (_pos >= _len && !Fill())
                        {
                            return (true, RecordEnd.EndOfFile, true);
                        }

                        var next = _buffer[_pos];
                        if (next == '"')
                        {
                            Append('"');
                            _pos++;
                            continue;
                        }

                        return EndAfterQuote(next);
                    }

                    if (ch == '\n')
                    {
                        Line++;
                    }

                    Append(ch);
                }
            }

            while (true)
            {
                if (_pos >= _len && !Fill())
                {
                    return (true, RecordEnd.EndOfFile, false);
                }

                var ch = _buffer[_pos++];
                switch (ch)
                {
                    case ',':
                        return (false, RecordEnd.Line, false);
                    case '\n':
                        Line++;
                        return (true, RecordEnd.Line, false);
                    case '\r':
                        SkipLineFeed();
                        Line++;
                        return (true, RecordEnd.Line, false);
                    case '"':
                        throw new LineageException(DiagnosticCodes.InvalidDriftCsv, "a quote inside a field that does not start with one (write the field in quotes and the quote twice)", _path, Line);
                    default:
                        Append(ch);
                        break;
                }
            }
        }

        private (bool End, RecordEnd How, bool Quoted) EndAfterQuote(char next)
        {
            _pos++;
            switch (next)
            {
                case ',':
                    return (false, RecordEnd.Line, true);
                case '\n':
                    Line++;
                    return (true, RecordEnd.Line, true);
                case '\r':
                    SkipLineFeed();
                    Line++;
                    return (true, RecordEnd.Line, true);
                default:
                    throw new LineageException(DiagnosticCodes.InvalidDriftCsv, $"'{next}' after the closing quote of a field (expected a comma or the end of the line)", _path, Line);
            }
        }

        private void SkipLineFeed()
        {
            if (_pos >= _len && !Fill())
            {
                return;
            }

            if (_buffer[_pos] == '\n')
            {
                _pos++;
            }
        }

        private void Append(char ch)
        {
            if (_fieldLen == _field.Length)
            {
                Array.Resize(ref _field, _field.Length * 2);
            }

            _field[_fieldLen++] = ch;
        }
    }

    // Trimming of the field buffer without a string.
    private readonly struct ReadOnlySpanLike
    {
        private readonly char[] _chars;
        private readonly int _length;

        public ReadOnlySpanLike(char[] chars, int length)
        {
            _chars = chars;
            _length = length;
        }

        public void Trim(out int start, out int length)
        {
            start = 0;
            var end = _length;
            while (start < end && char.IsWhiteSpace(_chars[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(_chars[end - 1]))
            {
                end--;
            }

            length = end - start;
        }
    }
}

/// <summary>
/// Exact decimal-to-double conversion without a string: Clinger's fast path (at most 15 significant digits and a power
/// of ten up to 10^22: one IEEE operation on two exact doubles) and the Eisel-Lemire algorithm (up to 19 significant
/// digits; Lemire 2021, as Go's strconv implements it, with its table of 128-bit powers of ten rounded down) for the
/// 17-digit values that shortest round-trip printers write. Where Eisel-Lemire cannot decide (halfway cases, more than
/// 19 digits, exponents out of range, subnormals), the caller falls back to double.TryParse, which is exact too.
/// </summary>
internal static class FastDouble
{
    private const int MinExp10 = -348;
    private const int MaxExp10 = 347;

    private static readonly double[] PowersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    // (high, low) 64-bit halves of floor(10^e * 2^k), normalized to [2^127, 2^128), for e = MinExp10..MaxExp10.
    private static readonly Lazy<ulong[]> Table = new(BuildTable);

    public static bool TryParse(char[] s, int start, int length, out double value)
    {
        value = 0;
        var i = start;
        var end = start + length;
        var negative = false;
        if (s[i] == '-' || s[i] == '+')
        {
            negative = s[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        var sawDigit = false;
        while (i < end && s[i] >= '0' && s[i] <= '9')
        {
            if (mantissa != 0 || s[i] != '0')
            {
                if (++digits > 19)
                {
                    return false;
                }
            }

            mantissa = (mantissa * 10) + (ulong)(s[i] - '0');
            sawDigit = true;
            i++;
        }

        if (i < end && s[i] == '.')
        {
            i++;
            while (i < end && s[i] >= '0' && s[i] <= '9')
            {
                if (mantissa != 0 || s[i] != '0')
                {
                    if (++digits > 19)
                    {
                        return false;
                    }
                }

                mantissa = (mantissa * 10) + (ulong)(s[i] - '0');
                exponent--;
                sawDigit = true;
                i++;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        if (i < end && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var expNegative = false;
            if (i < end && (s[i] == '-' || s[i] == '+'))
            {
                expNegative = s[i] == '-';
                i++;
            }

            var e = 0;
            var expDigits = 0;
            while (i < end && s[i] >= '0' && s[i] <= '9')
            {
                e = (e * 10) + (s[i] - '0');
                i++;
                if (++expDigits > 4)
                {
                    return false;
                }
            }

            if (expDigits == 0)
            {
                return false;
            }

            exponent += expNegative ? -e : e;
        }

        if (i != end)
        {
            return false;
        }

        if (mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }

        if (mantissa <= (1UL << 53) && exponent >= -22 && exponent <= 22)
        {
            double result = mantissa;
            result = exponent < 0 ? result / PowersOfTen[-exponent] : result * PowersOfTen[exponent];
            value = negative ? -result : result;
            return true;
        }

        return EiselLemire(mantissa, exponent, negative, out value);
    }

    /// <summary>mantissa * 10^exp10 correctly rounded, or false when this method cannot be sure (then parse slowly).</summary>
    internal static bool EiselLemire(ulong mantissa, int exp10, bool negative, out double value)
    {
        value = 0;
        if (exp10 < MinExp10 || exp10 > MaxExp10)
        {
            return false;
        }

        var table = Table.Value;
        var index = 2 * (exp10 - MinExp10);
        var clz = LeadingZeros(mantissa);
        mantissa <<= clz;
        var retExp2 = (ulong)(((217706 * exp10) >> 16) + 64 + 1023) - (ulong)clz;
        var xHi = Multiply(mantissa, table[index], out var xLo);
        if ((xHi & 0x1FF) == 0x1FF && xLo + mantissa < mantissa)
        {
            var yHi = Multiply(mantissa, table[index + 1], out var yLo);
            var mergedHi = xHi;
            var mergedLo = xLo + yHi;
            if (mergedLo < xLo)
            {
                mergedHi++;
            }

            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && yLo + mantissa < mantissa)
            {
                return false;
            }

            xHi = mergedHi;
            xLo = mergedLo;
        }

        var msb = xHi >> 63;
        var retMantissa = xHi >> (int)(msb + 9);
        retExp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (retMantissa & 3) == 1)
        {
            return false; // halfway between two doubles
        }

        retMantissa += retMantissa & 1;
        retMantissa >>= 1;
        if (retMantissa >> 53 > 0)
        {
            retMantissa >>= 1;
            retExp2 += 1;
        }

        if (retExp2 - 1 >= 0x7FF - 1)
        {
            return false; // subnormal, zero or infinite: the slow path knows those
        }

        var bits = (retExp2 << 52) | (retMantissa & 0x000FFFFFFFFFFFFFUL);
        if (negative)
        {
            bits |= 0x8000000000000000UL;
        }

        value = BitConverter.Int64BitsToDouble(unchecked((long)bits));
        return true;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[2 * (MaxExp10 - MinExp10 + 1)];
        var two128 = System.Numerics.BigInteger.One << 128;
        for (var e = MinExp10; e <= MaxExp10; e++)
        {
            System.Numerics.BigInteger v;
            if (e >= 0)
            {
                v = System.Numerics.BigInteger.Pow(10, e);
                var bits = BitLength(v);
                v = bits > 128 ? v >> (bits - 128) : v << (128 - bits);
            }
            else
            {
                var p = System.Numerics.BigInteger.Pow(10, -e);
                v = (System.Numerics.BigInteger.One << (127 + BitLength(p))) / p;
            }

            var low = v & ulong.MaxValue;
            var high = v >> 64;
            System.Diagnostics.Debug.Assert(v < two128 && high >> 63 == 1, "normalized");
            table[2 * (e - MinExp10)] = (ulong)high;
            table[(2 * (e - MinExp10)) + 1] = (ulong)low;
        }

        return table;
    }

    private static int BitLength(System.Numerics.BigInteger v)
    {
        var bytes = v.ToByteArray();
        var top = bytes[bytes.Length - 1];
        var length = (bytes.Length - 1) * 8;
        if (top == 0)
        {
            return length;
        }

        while (top != 0)
        {
            length++;
            top >>= 1;
        }

        return length;
    }

    private static int LeadingZeros(ulong x)
    {
        var n = 0;
        if ((x & 0xFFFFFFFF00000000UL) == 0) { n += 32; x <<= 32; }
        if ((x & 0xFFFF000000000000UL) == 0) { n += 16; x <<= 16; }
        if ((x & 0xFF00000000000000UL) == 0) { n += 8; x <<= 8; }
        if ((x & 0xF000000000000000UL) == 0) { n += 4; x <<= 4; }
        if ((x & 0xC000000000000000UL) == 0) { n += 2; x <<= 2; }
        if ((x & 0x8000000000000000UL) == 0) { n += 1; }
        return n;
    }

    // The full 128-bit product of two 64-bit numbers: returns the high half.
    private static ulong Multiply(ulong a, ulong b, out ulong low)
    {
        ulong aLo = (uint)a, aHi = a >> 32, bLo = (uint)b, bHi = b >> 32;
        var ll = aLo * bLo;
        var lh = aLo * bHi;
        var hl = aHi * bLo;
        var hh = aHi * bHi;
        var mid = (ll >> 32) + (uint)lh + (uint)hl;
        low = (mid << 32) | (uint)ll;
        return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    }
}
