using System.Globalization;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Export;

/// <summary>
/// The CSV layouts of <c>export</c> (README, "Officer command line"). Every amount appears twice: integer
/// fen (<c>*_fen</c>, authoritative) and yuan with two decimals (<c>*_yuan</c>, formatted from fen).
/// <para>statements-PERIOD.csv: one <c>line</c> row per region × counterparty, then one <c>region</c> row per
/// region carrying its totals (receivable/payable totals, settlement/reversal counts summed over its lines)
/// and the columns only a region has (net, drawn, due, balance, confirmed, top-up, discrepancies), which
/// are empty on line rows. Regions in code order, lines in counterparty order. The last four columns are the
/// serious-illness and assistance parts of what the region advanced and owes (the line's, or summed over its
/// lines), in fen.</para>
/// <para>transfers-PERIOD.csv: one row per transfer, in the server's order.</para>
/// </summary>
public static class ExportLayout
{
    public const string LineRow = "line";
    public const string RegionRow = "region";

    public static readonly string[] StatementHeader =
    [
        "period", "region_code", "row_type", "counterparty_region_code",
        "receivable_fen", "receivable_yuan", "payable_fen", "payable_yuan", "settlement_count", "reversal_count",
        "net_fen", "net_yuan", "prepayment_drawn_fen", "prepayment_drawn_yuan", "amount_due_fen", "amount_due_yuan",
        "prepayment_balance_fen", "prepayment_balance_yuan", "confirmed", "confirmed_at",
        "top_up_shortfall_fen", "top_up_shortfall_yuan", "open_discrepancy_count",
        "serious_illness_advanced_fen", "assistance_advanced_fen", "serious_illness_owed_fen", "assistance_owed_fen",
    ];

    public static readonly string[] TransferHeader = ["period", "from_region_code", "to_region_code", "kind", "amount_fen", "amount_yuan"];

    /// <summary>The rows of one statement: its lines, then its region row.</summary>
    public static IEnumerable<string[]> StatementRows(Statement s)
    {
        const string none = "";
        foreach (var line in s.Lines)
        {
            yield return
            [
                s.Period, s.RegionCode, LineRow, line.CounterpartyRegionCode,
                Fen(line.ReceivableFen), Money.Yuan(line.ReceivableFen), Fen(line.PayableFen), Money.Yuan(line.PayableFen),
                Fen(line.SettlementCount), Fen(line.ReversalCount),
                none, none, none, none, none, none, none, none, none, none, none, none, none,
                Fen(line.SeriousIllnessAdvancedFen), Fen(line.AssistanceAdvancedFen), Fen(line.SeriousIllnessOwedFen), Fen(line.AssistanceOwedFen),
            ];
        }
        var shortfall = s.TopUpNotice?.ShortfallFen;
        yield return
        [
            s.Period, s.RegionCode, RegionRow, none,
            Fen(s.ReceivableTotalFen), Money.Yuan(s.ReceivableTotalFen), Fen(s.PayableTotalFen), Money.Yuan(s.PayableTotalFen),
            Fen(s.Lines.Sum(l => l.SettlementCount)), Fen(s.Lines.Sum(l => l.ReversalCount)),
            Fen(s.NetFen), Money.Yuan(s.NetFen), Fen(s.PrepaymentDrawnFen), Money.Yuan(s.PrepaymentDrawnFen),
            Fen(s.AmountDueFen), Money.Yuan(s.AmountDueFen), Fen(s.PrepaymentBalanceFen), Money.Yuan(s.PrepaymentBalanceFen),
            s.Confirmed ? "true" : "false", s.ConfirmedAt,
            shortfall is { } f ? Fen(f) : none, shortfall is { } y ? Money.Yuan(y) : none,
            Fen(s.OpenDiscrepancies.Count),
            Fen(s.Lines.Sum(l => l.SeriousIllnessAdvancedFen)), Fen(s.Lines.Sum(l => l.AssistanceAdvancedFen)),
            Fen(s.Lines.Sum(l => l.SeriousIllnessOwedFen)), Fen(s.Lines.Sum(l => l.AssistanceOwedFen)),
        ];
    }

    public static string[] TransferRow(string period, Transfer t) =>
        [period, t.FromRegionCode, t.ToRegionCode, Views.Kind(t.Kind), Fen(t.AmountFen), Money.Yuan(t.AmountFen)];

    private static string Fen(long value) => value.ToString(CultureInfo.InvariantCulture);
}
