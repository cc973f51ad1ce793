using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

public sealed class OutputTests
{
    [Fact]
    public void Plain_output_is_tab_separated_with_a_name_line_per_block()
    {
        var text = new StringWriter();
        var printer = new PlainPrinter(text);
        var summary = new PeriodSummary
        {
            Period = "2026-11", State = PeriodState.Closed, GrossTotalFen = 300_000, NetTotalFen = 50_001, NettingEfficiencyBp = 8333,
            RegionCount = 3, SettlementCount = 7, ReversalCount = 1, NextPeriod = "2026-12", CutOffAt = "2026-11-28T02:00:00Z",
        };
        printer.Print(Views.Summary(summary));
        printer.Print(Views.Transfers("2026-11", [new Transfer
        {
            TransferId = "2026-11/002", FromRegionCode = "110101", ToRegionCode = "000000", AmountFen = 50_001, Kind = TransferKind.AmountDue,
            Status = TransferStatus.Executed, BankReference = "CNAPS-1", ExecutedAt = "2026-12-01T02:00:00.000000Z",
        }]));

        var lines = text.ToString().Split(Environment.NewLine);
        Assert.Equal("# summary", lines[0]);
        Assert.Contains("gross_yuan\t3000.00", lines);
        Assert.Contains("net_yuan\t500.01", lines);
        Assert.Contains("netting_efficiency\t83.33%", lines);
        Assert.Contains("forced\tno", lines);
        Assert.Contains("open_discrepancy_count\t0", lines);
        Assert.DoesNotContain("# open_discrepancies", lines);
        var transfers = Array.IndexOf(lines, "# transfers");
        Assert.Equal("", lines[transfers - 1]);
        Assert.Equal("transfer_id\tfrom\tto\tkind\tamount_yuan\tstatus\tbank_reference\texecuted_at", lines[transfers + 1]);
        Assert.Equal("2026-11/002\t110101\t000000\tamount_due\t500.01\texecuted\tCNAPS-1\t2026-12-01T02:00:00.000000Z", lines[transfers + 2]);
    }

    [Fact]
    public void Tabs_and_line_breaks_inside_values_become_spaces()
    {
        Assert.Equal("a b c d", PlainPrinter.Clean("a\tb\nc\rd"));
        Assert.Equal("plain", PlainPrinter.Clean("plain"));
    }

    [Fact]
    public void A_statement_prints_its_lines_with_a_total_row_and_a_top_up_notice()
    {
        var statement = new Statement
        {
            Period = "2026-11", RegionCode = "110101", ReceivableTotalFen = 10, PayableTotalFen = 30, NetFen = -20, AmountDueFen = 20,
            TopUpNotice = new TopUpNotice { ShortfallFen = 14, ThresholdFen = 14, PeriodCount = 1 },
        };
        statement.Lines.Add(new StatementLine
        {
            CounterpartyRegionCode = "310101", ReceivableFen = 10, PayableFen = 30, SettlementCount = 2, ReversalCount = 1,
            SeriousIllnessAdvancedFen = 4, AssistanceAdvancedFen = 0, SeriousIllnessOwedFen = -3, AssistanceOwedFen = 12,
        });
        statement.OpenDiscrepancies.Add(new OpenDiscrepancy { DiscrepancyId = "d1", CareRegionCode = "110101", BusinessDate = "2026-11-02", Kind = DiscrepancyKind.AmountMismatch, RequestId = "s-1" });
        var text = new StringWriter();
        new PlainPrinter(text).Print(Views.Statement(statement));

        var lines = text.ToString().Split(Environment.NewLine);
        Assert.Contains("310101\t0.10\t0.30\t2\t1\t0.04\t0.00\t-0.03\t0.12", lines);
        Assert.Contains("total\t0.10\t0.30\t2\t1\t0.04\t0.00\t-0.03\t0.12", lines);
        Assert.Contains("net\tpays 0.20", lines);
        Assert.Contains("top_up_shortfall_yuan\t0.14", lines);
        Assert.Contains("open_discrepancy_count\t1", lines);
        Assert.Contains("d1\t110101\t2026-11-02\tamount_mismatch\ts-1", lines);
    }

    [Fact]
    public void A_settlement_prints_each_tier_apart()
    {
        var settlement = new Settlement
        {
            SettlementId = "s-1", TotalFen = 10_200_003, SelfPayCFen = 200_000, EligibleFen = 10_000_003, DeductibleFen = 80_000, RatioBp = 8_500,
            FundPayFen = 1_000_000, QualifyingSelfBurdenFen = 9_000_003, SeriousIllnessPayFen = 5_380_002, AssistancePayFen = 2_534_000,
            AccountPayFen = 1_000_000, CashPayFen = 286_001,
        };
        var text = new StringWriter();
        new PlainPrinter(text).Print(Views.Settlement(settlement));

        var lines = text.ToString().Split(Environment.NewLine);
        Assert.Contains("fund_pay_yuan\t10000.00", lines);
        Assert.Contains("qualifying_self_burden_yuan\t90000.03", lines);
        Assert.Contains("serious_illness_pay_yuan\t53800.02", lines);
        Assert.Contains("assistance_pay_yuan\t25340.00", lines);
        Assert.Contains("cash_pay_yuan\t2860.01", lines);
        Assert.Contains("ratio\t85.00%", lines);
    }

    [Fact]
    public void The_rich_printer_writes_tables_without_interpreting_markup()
    {
        var text = new StringWriter();
        new RichPrinter(text).Print(new FieldsBlock("x", "Title [red]", [new("k", "Label", "[bold]not markup[/]")]));
        var written = text.ToString();
        Assert.Contains("[bold]not markup[/]", written);
        Assert.Contains("Title [red]", written);
    }
}
