using Clearinghouse.Cli.Reports;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

/// <summary>The daily report file: header, kinds, RFC 4180 quoting, BOM, line ends; every fault names its line.</summary>
public sealed class DailyReportReaderTests
{
    private const string Header = "request_id,kind,fund_pay_fen,account_pay_fen\r\n";

    private static List<ReportEntry> ReadAll(string text)
    {
        using var report = new DailyReportReader(new StringReader(text));
        var entries = new List<ReportEntry>();
        while (report.Next() is { } entry)
        {
            entries.Add(entry);
        }
        return entries;
    }

    private static ReportFormatException Refused(string text) =>
        Assert.Throws<ReportFormatException>(() => ReadAll(text));

    private static ReportEntry Entry(string requestId, ReportEntryKind kind, long fund, long account) =>
        new() { RequestId = requestId, Kind = kind, FundPayFen = fund, AccountPayFen = account };

    [Fact]
    public void Entries_are_read_in_order_with_kinds_in_any_case()
    {
        var entries = ReadAll(Header + "S-1,SETTLEMENT,12345,678\r\nS-2,settlement,0,0\r\nV-1,Reversal,10000000000,1\r\n");
        Assert.Equal(
            [Entry("S-1", ReportEntryKind.Settlement, 12_345, 678), Entry("S-2", ReportEntryKind.Settlement, 0, 0), Entry("V-1", ReportEntryKind.Reversal, 10_000_000_000, 1)],
            entries);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var entries = ReadAll(Header + "\"S,1\",\"SETTLEMENT\",\"5\",6\r\n\"say \"\"hi\"\"\",REVERSAL,1,2\r\n\"two\r\nlines\",SETTLEMENT,3,4\r\n");
        Assert.Equal(["S,1", "say \"hi\"", "two\r\nlines"], entries.Select(e => e.RequestId));
        // The quoted line break moves the line count on: the next record's fault names its real line.
        var fault = Refused(Header + "\"two\r\nlines\",SETTLEMENT,3,4\r\nS-9,SETTLEMENT,x,0\r\n");
        Assert.Equal(4, fault.Line);
    }

    [Theory]
    [InlineData("\uFEFF")]
    [InlineData("")]
    public void A_byte_order_mark_and_bare_line_feeds_are_tolerated(string bom)
    {
        var entries = ReadAll(bom + "request_id,kind,fund_pay_fen,account_pay_fen\nS-1,SETTLEMENT,1,2\nS-2,REVERSAL,3,4");
        Assert.Equal(["S-1", "S-2"], entries.Select(e => e.RequestId));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_when_reading_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Header + "S-1,SETTLEMENT,1,2\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            using var report = DailyReportReader.Open(path);
            Assert.Equal(Entry("S-1", ReportEntryKind.Settlement, 1, 2), report.Next());
            Assert.Null(report.Next());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Blank_trailing_lines_end_the_report_but_a_blank_line_inside_it_is_refused()
    {
        Assert.Equal(2, ReadAll(Header + "S-1,SETTLEMENT,1,2\r\nS-2,SETTLEMENT,1,2\r\n\r\n\r\n").Count);
        var fault = Refused(Header + "S-1,SETTLEMENT,1,2\r\n\r\nS-2,SETTLEMENT,1,2\r\n");
        Assert.Equal(3, fault.Line);
        Assert.Contains("blank line", fault.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_alone_is_an_empty_report()
    {
        Assert.Empty(ReadAll(Header));
        Assert.Empty(ReadAll("REQUEST_ID,Kind,fund_pay_fen,account_pay_fen"));
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("request_id,kind,fund_pay_fen\r\n", 1, "header")]
    [InlineData("request_id,kind,account_pay_fen,fund_pay_fen\r\n", 1, "header")]
    [InlineData("S-1,SETTLEMENT,1,2\r\n", 1, "header")]
    [InlineData(Header + "S-1,SETTLEMENT,1\r\n", 2, "3 fields")]
    [InlineData(Header + "S-1,SETTLEMENT,1,2,3\r\n", 2, "5 fields")]
    [InlineData(Header + "S-1,SETTLEMENT,1,2\r\nS-2,REFUND,1,2\r\n", 3, "kind")]
    [InlineData(Header + "S-1,,1,2\r\n", 2, "kind")]
    [InlineData(Header + ",SETTLEMENT,1,2\r\n", 2, "request_id")]
    [InlineData(Header + "   ,SETTLEMENT,1,2\r\n", 2, "request_id")]
    [InlineData(Header + "S-1,SETTLEMENT,-5,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,5,-2\r\n", 2, "account_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,12.50,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,+5,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT, 5,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,1e3,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,10000000001,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,99999999999999999999,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,５,2\r\n", 2, "fund_pay_fen")]
    [InlineData(Header + "S-1,SETTLEMENT,1,2\r\n\"S-2,SETTLEMENT,1,2\r\n", 3, "not closed")]
    [InlineData(Header + "\"S-1\"x,SETTLEMENT,1,2\r\n", 2, "closing quote")]
    [InlineData(Header + "S\"1,SETTLEMENT,1,2\r\n", 2, "double quote")]
    public void A_malformed_report_is_refused_naming_the_line(string text, long line, string what)
    {
        var fault = Refused(text);
        Assert.True(fault.Line == line, $"line {fault.Line}, expected {line}: {fault.What}");
        Assert.Contains(what, fault.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_id_longer_than_the_server_takes_is_refused()
    {
        Assert.Single(ReadAll(Header + new string('a', 128) + ",SETTLEMENT,1,2\r\n"));
        Assert.Equal(2, Refused(Header + new string('a', 129) + ",SETTLEMENT,1,2\r\n").Line);
    }

    [Fact]
    public void An_unclosed_quote_stops_at_the_record_length_bound_instead_of_reading_the_whole_file()
    {
        var text = Header + "\"S-1,SETTLEMENT,1,2\r\n" + string.Concat(Enumerable.Repeat("S-2,SETTLEMENT,1,2\r\n", 1_000));
        var fault = Refused(text);
        Assert.Equal(2, fault.Line);
        Assert.Contains("longer than", fault.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. System.Text.Encoding.UTF8.GetBytes(Header + "S-"), 0xC3, 0x28, .. ",SETTLEMENT,1,2\r\n"u8]);
            using var report = DailyReportReader.Open(path);
            var fault = Assert.Throws<ReportFormatException>(() => report.ReadToEnd());
            Assert.Contains("UTF-8", fault.What, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_fingerprint_follows_the_entries_not_the_bytes()
    {
        static string Of(string text) => new DailyReportReader(new StringReader(text)).ReadToEnd().Fingerprint;

        var plain = Of(Header + "S-1,SETTLEMENT,1,2\r\nV-1,REVERSAL,3,4\r\n");
        // The same entries: quoted, lower case, LF line ends, a BOM, a trailing blank line.
        Assert.Equal(plain, Of("\uFEFFrequest_id,kind,fund_pay_fen,account_pay_fen\n\"S-1\",settlement,\"1\",2\nV-1,reversal,3,4\n\n"));
        // Any change of an entry, or of their order, is another report.
        Assert.NotEqual(plain, Of(Header + "S-1,SETTLEMENT,1,3\r\nV-1,REVERSAL,3,4\r\n"));
        Assert.NotEqual(plain, Of(Header + "S-1,REVERSAL,1,2\r\nV-1,REVERSAL,3,4\r\n"));
        Assert.NotEqual(plain, Of(Header + "V-1,REVERSAL,3,4\r\nS-1,SETTLEMENT,1,2\r\n"));
        Assert.NotEqual(plain, Of(Header + "S-1,SETTLEMENT,1,2\r\n"));
        Assert.NotEqual(plain, Of(Header + "S-1,SETTLEMENT,1,2\r\nV-1,REVERSAL,3,4\r\nV-1,REVERSAL,3,4\r\n"));
        // Request ids are length-prefixed: moving characters between ids changes the fingerprint.
        Assert.NotEqual(Of(Header + "ab,SETTLEMENT,1,2\r\nc,SETTLEMENT,1,2\r\n"), Of(Header + "a,SETTLEMENT,1,2\r\nbc,SETTLEMENT,1,2\r\n"));
        Assert.Matches("^[0-9a-f]{16}$", plain);
    }

    [Fact]
    public void The_default_report_request_id_is_stable()
    {
        // Pinned: a change here makes every re-run of an earlier file a new submission instead of a retry.
        var fingerprint = new DailyReportReader(new StringReader(Header + "S-1,SETTLEMENT,1,2\r\n")).ReadToEnd().Fingerprint;
        Assert.Equal("report-110101-2026-11-20-" + fingerprint, RequestIds.Report("110101", "2026-11-20", fingerprint));
        Assert.Equal(PinnedFingerprint, fingerprint);
        Assert.Equal("resolve-0123456789abcdef", RequestIds.Resolve("0123456789abcdef"));
    }

    /// <summary>SHA-256 of int32 LE 3, byte 1 (settlement), int64 LE 1, int64 LE 2, "S-1": computed independently.</summary>
    private const string PinnedFingerprint = "e1931b1be9fa6476";

    [Fact]
    public void A_large_report_streams_reading_only_a_bounded_window_ahead_of_the_entry_it_returns()
    {
        const int Count = 200_000;
        var source = new GeneratedReport(Header, Count, i => $"S-{i},SETTLEMENT,{i},0\r\n");
        using var report = new DailyReportReader(source);
        long fundTotal = 0;
        var lookAhead = 0L;
        var returned = 0;
        while (report.Next() is { } entry)
        {
            Assert.Equal(($"S-{returned}", ReportEntryKind.Settlement, (long)returned, 0L), (entry.RequestId, entry.Kind, entry.FundPayFen, entry.AccountPayFen));
            fundTotal += entry.FundPayFen;
            returned++;
            // Streaming: what was pulled from the file beyond the lines returned stays within a buffer's reach.
            lookAhead = Math.Max(lookAhead, source.LinesProduced - returned);
        }
        Assert.Equal(Count, returned);
        Assert.Equal(Count, report.Entries);
        // 0 + 1 + … + 199,999 = 199,999 × 200,000 / 2.
        Assert.Equal(19_999_900_000L, fundTotal);
        Assert.InRange(lookAhead, 0, 10_000);
    }

    /// <summary>A report produced line by line as it is read, counting how far the reader has pulled.</summary>
    private sealed class GeneratedReport(string header, int count, Func<int, string> line) : TextReader
    {
        private string _pending = header;
        private int _offset;
        private int _next;

        public int LinesProduced => _next;

        public override int Read(char[] buffer, int index, int length) => Read(buffer.AsSpan(index, length));

        public override int Read(Span<char> buffer)
        {
            if (_offset == _pending.Length)
            {
                if (_next == count)
                {
                    return 0;
                }
                _pending = line(_next++);
                _offset = 0;
            }
            var n = Math.Min(buffer.Length, _pending.Length - _offset);
            _pending.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Peek() => throw new NotSupportedException("the reader must not need to peek");
    }
}
