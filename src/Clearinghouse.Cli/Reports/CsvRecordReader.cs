using System.Text;

namespace Clearinghouse.Cli.Reports;

/// <summary>One CSV record and the physical line it starts on (1-based).</summary>
public sealed record CsvRecord(long Line, IReadOnlyList<string> Fields)
{
    /// <summary>An empty line: one empty, unquoted field.</summary>
    public bool IsBlank => Fields.Count == 1 && Fields[0].Length == 0;
}

/// <summary>
/// Reads RFC 4180 records one at a time from a text stream, never more than one record in memory: fields
/// separated by commas; a field enclosed in double quotes may hold commas, line breaks and doubled quotes.
/// Records end with CRLF (RFC 4180) or a bare LF or CR (what editors also write). Line numbers count
/// physical lines, so a quoted line break moves the next record's line on.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    /// <summary>A record longer than this is no report line: refuse it rather than read an unclosed quote to the end of the file.</summary>
    public const int MaxRecordLength = 4_096;

    private const int End = -1;

    private readonly StringBuilder _field = new();
    private long _line = 1;
    private int _recordLength;
    private long _recordLine;

    /// <summary>The next record, or null at the end of the text.</summary>
    public CsvRecord? Next()
    {
        var c = reader.Read();
        if (c == End)
        {
            return null;
        }
        _recordLine = _line;
        _recordLength = 0;
        var fields = new List<string>(4);
        while (true)
        {
            _field.Clear();
            c = c == '"' ? ReadQuoted() : ReadUnquoted(c);
            fields.Add(_field.ToString());
            if (c == ',')
            {
                c = reader.Read();
                continue;
            }
            // The record's end: a line break or the end of the text.
            if (c == '\r' && reader.Peek() == '\n')
            {
                reader.Read();
            }
            if (c != End)
            {
                _line++;
            }
            return new CsvRecord(_recordLine, fields);
        }
    }

    /// <summary>Reads an unquoted field starting with <paramref name="c"/>; returns the character that ends it.</summary>
    private int ReadUnquoted(int c)
    {
        while (c is not (',' or '\r' or '\n' or End))
        {
            if (c == '"')
            {
                throw new ReportFormatException(_line, "a double quote inside an unquoted field (enclose the field in quotes and double the quote)");
            }
            Append(c);
            c = reader.Read();
        }
        return c;
    }

    /// <summary>Reads a quoted field after its opening quote; returns the character after the closing quote.</summary>
    private int ReadQuoted()
    {
        while (true)
        {
            var c = reader.Read();
            if (c == End)
            {
                throw new ReportFormatException(_recordLine, "a quoted field is not closed before the end of the file");
            }
            if (c == '"')
            {
                if (reader.Peek() != '"')
                {
                    break;
                }
                reader.Read();
            }
            else if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
            {
                _line++;
            }
            Append(c);
        }
        var after = reader.Read();
        if (after is not (',' or '\r' or '\n' or End))
        {
            throw new ReportFormatException(_line, "text after the closing quote of a field");
        }
        return after;
    }

    private void Append(int c)
    {
        if (++_recordLength > MaxRecordLength)
        {
            throw new ReportFormatException(_recordLine, $"the record is longer than {MaxRecordLength} characters");
        }
        _field.Append((char)c);
    }
}
