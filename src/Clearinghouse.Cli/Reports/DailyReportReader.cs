using System.Buffers.Binary;
using System.Globalization;
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
public sealed class DailyReportReader(TextReader text)
    : CheckedCsvFile<ReportEntry>(text, Header, "report", "entries", MaxEntries)
{
    public static readonly string[] Header = ["request_id", "kind", "fund_pay_fen", "account_pay_fen"];

    /// <summary>The server's bound on an amount (100 million yuan): a larger one is a typo, refused here with its line.</summary>
    public const long MaxAmountFen = 10_000_000_000;

    /// <summary>The server's bound on a request id.</summary>
    public const int MaxRequestIdLength = 128;

    /// <summary>The server's bound on the lines of one report.</summary>
    public const int MaxEntries = 1_000_000;

    public static DailyReportReader Open(string path) => new(OpenText(path));

    /// <summary>Entries read so far.</summary>
    public long Entries => Records;

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

    protected override string DisplayNoun => "daily report";

    protected override ReportEntry Parse(CsvRecord record)
    {
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
    protected override void Add(ReportEntry entry)
    {
        var id = Encoding.UTF8.GetBytes(entry.RequestId);
        Span<byte> fixedPart = stackalloc byte[4 + 1 + 8 + 8];
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart, id.Length);
        fixedPart[4] = (byte)entry.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[5..], entry.FundPayFen);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[13..], entry.AccountPayFen);
        Hash.AppendData(fixedPart);
        Hash.AppendData(id);
    }
}
