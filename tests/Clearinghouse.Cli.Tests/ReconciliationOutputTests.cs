using Clearinghouse.Cli.Export;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

/// <summary>What reconcile, discrepancies and resolve print, and the discrepancy CSV rows: amounts in yuan from fen.</summary>
public sealed class ReconciliationOutputTests
{
    private static Discrepancy Mismatch() => new()
    {
        DiscrepancyId = "d1", Kind = DiscrepancyKind.AmountMismatch, RequestId = "S-10", EntryKind = ReportEntryKind.Settlement,
        RegionFundPayFen = 12_346, RegionAccountPayFen = 5, ClearinghouseFundPayFen = 12_345, ClearinghouseAccountPayFen = 5,
        Status = DiscrepancyStatus.Resolved, CareRegionCode = "140105", BusinessDate = "2026-05-12", ReconciliationId = "r1",
        Resolution = DiscrepancyResolution.AcceptClearinghouse, Note = "typo, \"fixed\"", Officer = "Officer Wang", ResolvedAt = "2026-05-12T03:00:00.000000Z",
    };

    [Fact]
    public void A_result_prints_its_counts_and_a_table_of_discrepancies()
    {
        var result = new ReconciliationResult
        {
            ReconciliationId = "r1", CareRegionCode = "140105", BusinessDate = "2026-05-12", MatchedCount = 20, RegionEntryCount = 23, ClearinghouseEntryCount = 22,
        };
        result.Discrepancies.Add(Mismatch());
        var text = new StringWriter();
        new PlainPrinter(text).Print(ReconciliationViews.Result(result, "report-140105-2026-05-12-0123456789abcdef"));

        var lines = text.ToString().Split(Environment.NewLine);
        Assert.Equal("# reconciliation", lines[0]);
        Assert.Contains("request_id\treport-140105-2026-05-12-0123456789abcdef", lines);
        Assert.Contains("matched_count\t20", lines);
        Assert.Contains("region_entry_count\t23", lines);
        Assert.Contains("clearinghouse_entry_count\t22", lines);
        Assert.Contains("discrepancy_count\t1", lines);
        var table = Array.IndexOf(lines, "# discrepancies");
        Assert.Equal(
            "discrepancy_id\tkind\tentry_kind\trequest_id\tregion_fund_yuan\tregion_account_yuan\tclearinghouse_fund_yuan\tclearinghouse_account_yuan\tstatus",
            lines[table + 1]);
        Assert.Equal("d1\tamount_mismatch\tsettlement\tS-10\t123.46\t0.05\t123.45\t0.05\tresolved", lines[table + 2]);
    }

    [Fact]
    public void A_listing_adds_the_day_and_the_resolution()
    {
        var text = new StringWriter();
        new PlainPrinter(text).Print(ReconciliationViews.Discrepancies("all", [Mismatch()], withResolution: true));
        var lines = text.ToString().Split(Environment.NewLine);
        Assert.Equal("d1\t2026-05-12\tamount_mismatch\tsettlement\tS-10\t123.46\t0.05\t123.45\t0.05\tresolved\taccept-clearinghouse\tOfficer Wang\t2026-05-12T03:00:00.000000Z\ttypo, \"fixed\"", lines[2]);
    }

    [Fact]
    public void A_discrepancy_row_has_every_amount_in_fen_and_yuan_and_quotes_what_needs_it()
    {
        var row = DiscrepancyLayout.Row(Mismatch());
        Assert.Equal(DiscrepancyLayout.Header.Length, row.Length);
        using var bytes = new MemoryStream();
        CsvFile.Write(bytes, DiscrepancyLayout.Header, [row]);
        var written = System.Text.Encoding.UTF8.GetString(bytes.ToArray()).Split("\r\n", 2)[1];
        Assert.Equal(
            "d1,140105,2026-05-12,amount_mismatch,settlement,S-10,12346,123.46,5,0.05,12345,123.45,5,0.05,resolved,r1,accept-clearinghouse,Officer Wang,\"typo, \"\"fixed\"\"\",2026-05-12T03:00:00.000000Z\r\n",
            written);
        var open = DiscrepancyLayout.Row(new Discrepancy { DiscrepancyId = "d2", Kind = DiscrepancyKind.MissingInRegion, Status = DiscrepancyStatus.Open });
        Assert.Equal(("open", "", "", "", ""), (open[14], open[16], open[17], open[18], open[19]));
    }
}
