using System.Text;

namespace Clearinghouse.Cli.Export;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records ended by CRLF; a field holding a comma, a double
/// quote, CR or LF (or starting or ending with a space) is enclosed in double quotes with its quotes
/// doubled. Every record must have the header's field count.
/// </summary>
public sealed class CsvWriter(TextWriter writer, IReadOnlyList<string> header)
{
    private bool _headerWritten;

    public IReadOnlyList<string> Header { get; } = header;

    /// <summary>Data records written so far (the header not counted).</summary>
    public long Rows { get; private set; }

    public void WriteRow(IReadOnlyList<string> fields)
    {
        if (fields.Count != Header.Count)
        {
            throw new ArgumentException($"a record has {fields.Count} fields, the header {Header.Count}", nameof(fields));
        }
        if (!_headerWritten)
        {
            _headerWritten = true;
            writer.Write(Record(Header));
        }
        writer.Write(Record(fields));
        Rows++;
    }

    /// <summary>Writes the header if no record did (an empty export still has its header).</summary>
    public void Finish()
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            writer.Write(Record(Header));
        }
        writer.Flush();
    }

    public static string Record(IReadOnlyList<string> fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }
            line.Append(Field(fields[i]));
        }
        return line.Append("\r\n").ToString();
    }

    public static string Field(string value)
    {
        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
