using System.Security.Cryptography;
using System.Text;

namespace Clearinghouse.Cli.Reports;

/// <summary>
/// What the command line's input files (a daily report, a catalogue) share: UTF-8 (a byte-order mark is skipped,
/// an invalid byte refused), RFC 4180 records read one at a time, a fixed header (names in any case), blank lines
/// only at the end, a bound on the records, and a SHA-256 fingerprint of what was read (not of the file's bytes),
/// from which a default request id follows. Each fault is a <see cref="ReportFormatException"/> naming its line.
/// </summary>
public abstract class CheckedCsvFile<TRecord> : IDisposable where TRecord : class
{
    private readonly ReportRecords _records;
    private readonly string[] _header;
    private readonly string _noun;
    private readonly long _maxRecords;
    private bool _headerRead;
    private long _blankLine;

    /// <param name="noun">What the file is, for messages: "report", "catalogue".</param>
    /// <param name="recordsNoun">What its records are: "entries", "items".</param>
    protected CheckedCsvFile(TextReader text, string[] header, string noun, string recordsNoun, long maxRecords)
    {
        _records = new ReportRecords(text);
        _header = header;
        _noun = noun;
        RecordsNoun = recordsNoun;
        _maxRecords = maxRecords;
    }

    /// <summary>The file as strict UTF-8: an invalid byte is an error, not a replacement character.</summary>
    protected static StreamReader OpenText(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);

    protected IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    protected string RecordsNoun { get; }

    /// <summary>Records read so far.</summary>
    public long Records { get; private set; }

    /// <summary>The line of the last record read.</summary>
    public long Line { get; private set; }

    /// <summary>The next record, checked and fed to the fingerprint, or null at the end of the file.</summary>
    public TRecord? Next()
    {
        if (!_headerRead)
        {
            ReadHeader();
        }
        while (NextRecord() is { } record)
        {
            if (record.IsBlank)
            {
                // Blank lines may only end the file: remember the first until something else follows.
                _blankLine = _blankLine == 0 ? record.Line : _blankLine;
                continue;
            }
            if (_blankLine != 0)
            {
                throw new ReportFormatException(_blankLine, $"a blank line inside the {_noun} (blank lines may only end the file)");
            }
            if (Records == _maxRecords)
            {
                throw new ReportFormatException(record.Line, $"a {DisplayNoun} holds at most {_maxRecords} {RecordsNoun}");
            }
            if (record.Fields.Count != _header.Length)
            {
                throw new ReportFormatException(record.Line, $"{record.Fields.Count} fields, expected {_header.Length} ({string.Join(',', _header)})");
            }
            var parsed = Parse(record);
            Records++;
            Line = record.Line;
            Add(parsed);
            return parsed;
        }
        return null;
    }

    /// <summary>
    /// SHA-256 over the records read so far (their content; not the file's bytes), first 16 hex digits: the same
    /// records in the same order give the same value whatever their quoting, line ends or BOM.
    /// </summary>
    public string Fingerprint() => Convert.ToHexStringLower(Hash.GetCurrentHash())[..16];

    /// <summary>How the bound names the file ("daily report" for a report).</summary>
    protected virtual string DisplayNoun => _noun;

    /// <summary>One record with the header's number of fields, checked.</summary>
    protected abstract TRecord Parse(CsvRecord record);

    /// <summary>Feeds one record to <see cref="Hash"/>, length-prefixed so that no two lists encode alike.</summary>
    protected abstract void Add(TRecord record);

    protected static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private void ReadHeader()
    {
        _headerRead = true;
        var header = NextRecord() ?? throw new ReportFormatException(1, $"the file is empty: the header {string.Join(',', _header)} is missing");
        if (header.Fields.Count != _header.Length || !header.Fields.Zip(_header).All(f => f.First.Equals(f.Second, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ReportFormatException(header.Line, $"the header must be {string.Join(',', _header)}, got '{Shorten(string.Join(',', header.Fields))}'");
        }
    }

    private CsvRecord? NextRecord()
    {
        try
        {
            return _records.Next();
        }
        catch (DecoderFallbackException)
        {
            // The decoder reads ahead by a buffer, so the bad byte is on this line or a later one.
            throw new ReportFormatException(Line + 1, "the file is not valid UTF-8 (at this line or a later one)");
        }
    }

    public void Dispose()
    {
        Hash.Dispose();
        _records.Dispose();
        GC.SuppressFinalize(this);
    }
}
