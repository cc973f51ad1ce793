using Clearinghouse.Cli.Export;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

public sealed class ExportLayoutTests
{
    private static Statement Sample()
    {
        var statement = new Statement
        {
            Period = "2026-11", RegionCode = "110101", ReceivableTotalFen = 1_000, PayableTotalFen = 123_456, NetFen = -122_456,
            PrepaymentDrawnFen = 100_000, AmountDueFen = 22_456, PrepaymentBalanceFen = 0, Confirmed = true, ConfirmedAt = "2026-11-28T01:02:03Z",
            TopUpNotice = new TopUpNotice { BalanceFen = 0, ThresholdFen = 85_719, ShortfallFen = 85_719, PeriodCount = 1 },
        };
        statement.Lines.Add(new StatementLine { CounterpartyRegionCode = "310101", ReceivableFen = 1_000, PayableFen = 0, SettlementCount = 2, ReversalCount = 1 });
        statement.Lines.Add(new StatementLine { CounterpartyRegionCode = "440103", ReceivableFen = 0, PayableFen = 123_456, SettlementCount = 3, ReversalCount = 0 });
        return statement;
    }

    [Fact]
    public void A_statement_gives_one_line_row_per_counterparty_then_one_region_row()
    {
        var rows = ExportLayout.StatementRows(Sample()).ToList();

        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal(ExportLayout.StatementHeader.Length, row.Length));
        var column = ExportLayout.StatementHeader.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        Assert.Equal(["line", "line", "region"], rows.Select(r => r[column["row_type"]]));
        Assert.Equal(["310101", "440103", ""], rows.Select(r => r[column["counterparty_region_code"]]));
        Assert.Equal(["1000", "0", "1000"], rows.Select(r => r[column["receivable_fen"]]));
        Assert.Equal(["0.00", "1234.56", "1234.56"], rows.Select(r => r[column["payable_yuan"]]));
        Assert.Equal(["2", "3", "5"], rows.Select(r => r[column["settlement_count"]]));

        var region = rows[2];
        Assert.Equal(("-122456", "-1224.56"), (region[column["net_fen"]], region[column["net_yuan"]]));
        Assert.Equal(("100000", "22456", "0"), (region[column["prepayment_drawn_fen"]], region[column["amount_due_fen"]], region[column["prepayment_balance_fen"]]));
        Assert.Equal(("true", "2026-11-28T01:02:03Z"), (region[column["confirmed"]], region[column["confirmed_at"]]));
        Assert.Equal(("85719", "857.19"), (region[column["top_up_shortfall_fen"]], region[column["top_up_shortfall_yuan"]]));
        // Region-only columns are empty on line rows.
        Assert.All(rows.Take(2), row => Assert.Equal("", row[column["net_fen"]]));
        Assert.All(rows.Take(2), row => Assert.Equal("", row[column["confirmed"]]));
    }

    [Fact]
    public void A_region_without_lines_still_has_its_region_row_and_no_notice_leaves_the_top_up_empty()
    {
        var statement = new Statement { Period = "2026-11", RegionCode = "120101", PrepaymentBalanceFen = 5_000 };
        var row = Assert.Single(ExportLayout.StatementRows(statement));
        var column = Array.IndexOf(ExportLayout.StatementHeader, "top_up_shortfall_fen");
        Assert.Equal("region", row[2]);
        Assert.Equal("", row[column]);
        Assert.Equal("5000", row[Array.IndexOf(ExportLayout.StatementHeader, "prepayment_balance_fen")]);
        Assert.Equal("false", row[Array.IndexOf(ExportLayout.StatementHeader, "confirmed")]);
    }

    [Fact]
    public void A_transfer_row_carries_fen_and_yuan()
    {
        var row = ExportLayout.TransferRow("2026-11", new Transfer { FromRegionCode = "000000", ToRegionCode = "310101", AmountFen = 7, Kind = TransferKind.Payout });
        Assert.Equal(["2026-11", "000000", "310101", "payout", "7", "0.07"], row);
        Assert.Equal(ExportLayout.TransferHeader.Length, row.Length);
    }
}
