using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Reports;

/// <summary>
/// A care region's daily report file (README, "Officer command line"), read entry by entry: UTF-8 (a
/// byte-order mark is skipped), RFC 4180, the header <c>request_id,kind,fund_pay_fen,account_pay_fen</c>,
/// then one entry per record: kind SETTLEMENT or REVERSAL (any case), amounts whole fen within
/// 0..<see cref="MaxAmountFen"/>. Blank lines may end the file, nowhere else. Anything else is a
/// <see cref="ReportFormatException"/> naming its line. Also computes the <see cref="Fingerprint"/> of the
/// entries read, from which the default request id follows.
/// </summary>
public sealed class DailyReportReader : IDisposable
{
    public static readonly string[] Header = ["request_id", "kind", "fund_pay_fen", "account_pay_fen"];

    /// <summary>The server's bound on an amount (100 million yuan): a larger one is a typo, refused here with its line.</summary>
    public const long MaxAmountFen = 10_000_000_000;

    /// <summary>The server's bound on a request id.</summary>
    public const int MaxRequestIdLength = 128;

    /// <summary>The server's bound on the lines of one report.</summary>
    public const int MaxEntries = 1_000_000;

    private readonly ReportRecords _records;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _headerRead;
    private long _blankLine;

    public DailyReportReader(TextReader text)
    {
        _records = new ReportRecords(text);
    }

    /// <summary>The file as strict UTF-8: an invalid byte is an error, not a replacement character.</summary>
    public static DailyReportReader Open(string path) =>
        new(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false));

    /// <summary>Entries read so far.</summary>
    public long Entries { get; private set; }

    /// <summary>The line of the last entry read.</summary>
    public long Line { get; private set; }

    /// <summary>The next entry, or null at the end of the file.</summary>
    public ReportEntry? Next()
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
                throw new ReportFormatException(_blankLine, "a blank line inside the report (blank lines may only end the file)");
            }
            if (Entries == MaxEntries)
            {
                throw new ReportFormatException(record.Line, $"a daily report holds at most {MaxEntries} entries");
            }
            var entry = Entry(record);
            Entries++;
            Line = record.Line;
            Add(entry);
            return entry;
        }
        return null;
    }

    /// <summary>
    /// SHA-256 over the entries read so far (request id, kind, amounts; not the file's bytes), first 16 hex
    /// digits: the same entries in the same order give the same value whatever their quoting, line ends or BOM.
    /// </summary>
    public string Fingerprint() => Convert.ToHexStringLower(_hash.GetCurrentHash())[..16];

    /// <summary>Reads the rest of the file, checking every line; answers the fingerprint and the entry count.</summary>
    public (string Fingerprint, long Entries) ReadToEnd()
    {
        while (Next() is not null)
        {
        }
        return (Fingerprint(), Entries);
    }

    public static ReportEntryKind Kind(string text) =>
        text.Equals("SETTLEMENT", StringComparison.OrdinalIgnoreCase) ? ReportEntryKind.Settlement
        : text.Equals("REVERSAL", StringComparison.OrdinalIgnoreCase) ? ReportEntryKind.Reversal
        : ReportEntryKind.Unspecified;

    private void ReadHeader()
    {
        _headerRead = true;
        var header = NextRecord() ?? throw new ReportFormatException(1, $"the file is empty: the header {string.Join(',', Header)} is missing");
        if (header.Fields.Count != Header.Length || !header.Fields.Zip(Header).All(f => f.First.Equals(f.Second, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ReportFormatException(header.Line, $"the header must be {string.Join(',', Header)}, got '{Shorten(string.Join(',', header.Fields))}'");
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

    private static ReportEntry Entry(CsvRecord record)
    {
        if (record.Fields.Count != Header.Length)
        {
            throw new ReportFormatException(record.Line, $"{record.Fields.Count} fields, expected {Header.Length} ({string.Join(',', Header)})");
        }
        var requestId = record.Fields[0];
        if (string.IsNullOrWhiteSpace(requestId))
        {
            throw new ReportFormatException(record.Line, "request_id is empty");
        }
        if (requestId.Length > MaxRequestIdLength)
        {
            throw new ReportFormatException(record.Line, $"request_id is longer than {MaxRequestIdLength} characters");
        }
        var kind = Kind(record.Fields[1]);
        if (kind == ReportEntryKind.Unspecified)
        {
            throw new ReportFormatException(record.Line, $"kind must be SETTLEMENT or REVERSAL, got '{Shorten(record.Fields[1])}'");
        }
        return new ReportEntry
        {
            RequestId = requestId,
            Kind = kind,
            FundPayFen = Amount(record, 2),
            AccountPayFen = Amount(record, 3),
        };
    }

    /// <summary>Whole fen: digits only (no sign, spaces, decimals or grouping), within 0..MaxAmountFen.</summary>
    private static long Amount(CsvRecord record, int index)
    {
        var text = record.Fields[index];
        if (text.Length is 0 or > 11
            || text.AsSpan().ContainsAnyExceptInRange('0', '9')
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var fen)
            || fen > MaxAmountFen)
        {
            throw new ReportFormatException(record.Line, $"{Header[index]} must be a whole number of fen within 0..{MaxAmountFen}, got '{Shorten(text)}'");
        }
        return fen;
    }

    /// <summary>Feeds one entry to the fingerprint, length-prefixed so that no two entry lists encode alike.</summary>
    private void Add(ReportEntry entry)
    {
        var id = Encoding.UTF8.GetBytes(entry.RequestId);
        Span<byte> fixedPart = stackalloc byte[4 + 1 + 8 + 8];
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart, id.Length);
        fixedPart[4] = (byte)entry.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[5..], entry.FundPayFen);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[13..], entry.AccountPayFen);
        _hash.AppendData(fixedPart);
        _hash.AppendData(id);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    public void Dispose()
    {
        _hash.Dispose();
        _records.Dispose();
    }
}
