using System.Text;
using CsvHelper;

namespace Clearinghouse.Cli.Reports;

/// <summary>One CSV record and the physical line it starts on (1-based).</summary>
public sealed record CsvRecord(long Line, IReadOnlyList<string> Fields)
{
    /// <summary>An empty line: one empty, unquoted field.</summary>
    public bool IsBlank => Fields.Count == 1 && Fields[0].Length == 0;
}

/// <summary>
/// The records of a report file, one at a time, read by CsvHelper (RFC 4180; records end with CRLF, LF or
/// CR; a BOM is skipped; empty lines are returned, not skipped). Line numbers count physical lines, so a
/// quoted line break moves the next record's line on. Malformed quoting, which CsvHelper would recover
/// from, is refused here as a <see cref="ReportFormatException"/>, and so is a record longer than
/// <see cref="MaxRecordLength"/>.
/// </summary>
public sealed class ReportRecords : IDisposable
{
    /// <summary>A record longer than this is no report line: refuse it rather than read an unclosed quote to the end of the file.</summary>
    public const int MaxRecordLength = 4_096;

    private readonly CsvReader _csv;

    /// <summary>Malformed records CsvHelper found, by the line they start on: it may report one while scanning ahead.</summary>
    private readonly Dictionary<long, CsvMalformedReason> _malformed = [];

    public ReportRecords(TextReader text)
    {
        _csv = CsvReader.Create(text, CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            SkipEmptyLines = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = record => _malformed.TryAdd(record.LineNumber, record.Reason),
            // Bounds what an unclosed quote makes the reader buffer: a record of MaxRecordLength characters is at most 3 bytes each.
            BufferSize = 16 * 1024,
            MaxRecordSize = 3 * MaxRecordLength,
        }, leaveOpen: false);
    }

    /// <summary>The next record, or null at the end of the text.</summary>
    public CsvRecord? Next()
    {
        bool read;
        try
        {
            read = _csv.Read();
        }
        catch (CsvFormatException e)
        {
            // With these options CsvHelper refuses only a record that outgrew MaxRecordSize; anything else keeps its own words.
            var at = Math.Max(1, e.LineNumber);
            throw e.Message.Contains("MaxRecordSize", StringComparison.Ordinal) ? TooLong(at) : new ReportFormatException(at, e.Message);
        }
        if (!read)
        {
            return null;
        }
        var line = _csv.LineNumber;
        if (Encoding.UTF8.GetCharCount(_csv.RawRecord) > MaxRecordLength)
        {
            throw TooLong(line);
        }
        if (_malformed.Remove(line, out var reason))
        {
            throw new ReportFormatException(line, reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "a quoted field is not closed before the end of the file",
                CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
                CsvMalformedReason.StrayQuote => "a double quote inside an unquoted field (enclose the field in quotes and double the quote)",
                _ => $"malformed CSV ({reason})",
            });
        }
        return new CsvRecord(line, _csv.Current.ToArray());
    }

    private static ReportFormatException TooLong(long line) =>
        new(line, $"the record is longer than {MaxRecordLength} characters");

    public void Dispose() => _csv.Dispose();
}
