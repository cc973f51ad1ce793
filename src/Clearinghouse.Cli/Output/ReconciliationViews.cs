using Clearinghouse.V1;

namespace Clearinghouse.Cli.Output;

/// <summary>Reconciliation's wire messages → blocks: a report's result, discrepancy lists, one discrepancy, a period's days.</summary>
public static class ReconciliationViews
{
    public static IEnumerable<Block> Result(ReconciliationResult result, string requestId)
    {
        yield return new FieldsBlock("reconciliation", $"Reconciliation of region {result.CareRegionCode} for {result.BusinessDate}",
        [
            new("reconciliation_id", "Reconciliation", result.ReconciliationId),
            new("care_region", "Care region", result.CareRegionCode),
            new("business_date", "Business date", result.BusinessDate),
            new("request_id", "Request id", requestId),
            new("matched_count", "Matched", Views.Count(result.MatchedCount)),
            new("region_entry_count", "Region entries", Views.Count(result.RegionEntryCount)),
            new("clearinghouse_entry_count", "Clearinghouse entries", Views.Count(result.ClearinghouseEntryCount)),
            new("discrepancy_count", "Discrepancies", Views.Count(result.Discrepancies.Count)),
        ]);
        yield return Discrepancies("Discrepancies found", result.Discrepancies, withResolution: false);
    }

    /// <summary>A table of discrepancies; <paramref name="withResolution"/> adds the day and how, by whom, when and why each was resolved.</summary>
    public static Block Discrepancies(string title, IEnumerable<Discrepancy> discrepancies, bool withResolution)
    {
        List<Column> columns =
        [
            new("discrepancy_id", "Discrepancy"),
            new("kind", "Kind"),
            new("entry_kind", "Entry"),
            new("request_id", "Request id"),
            new("region_fund_yuan", "Region fund", AlignRight: true),
            new("region_account_yuan", "Region account", AlignRight: true),
            new("clearinghouse_fund_yuan", "Ledger fund", AlignRight: true),
            new("clearinghouse_account_yuan", "Ledger account", AlignRight: true),
            new("status", "Status"),
        ];
        if (withResolution)
        {
            columns.Insert(1, new("business_date", "Day"));
            columns.AddRange([new("resolution", "Resolution"), new("officer", "Officer"), new("resolved_at", "Resolved at"), new("note", "Note")]);
        }
        var rows = discrepancies.Select(d =>
        {
            List<string> row =
            [
                d.DiscrepancyId, Views.Kind(d.Kind), EntryKind(d.EntryKind), d.RequestId,
                Money.Yuan(d.RegionFundPayFen), Money.Yuan(d.RegionAccountPayFen),
                Money.Yuan(d.ClearinghouseFundPayFen), Money.Yuan(d.ClearinghouseAccountPayFen), Status(d.Status),
            ];
            if (withResolution)
            {
                row.Insert(1, d.BusinessDate);
                row.AddRange([Resolution(d.Resolution), d.Officer, d.ResolvedAt, d.Note]);
            }
            return (IReadOnlyList<string>)row;
        });
        // Amounts are yuan; "ledger" is the clearinghouse's record. Short labels keep the table readable on a terminal.
        return new TableBlock("discrepancies", title + " (amounts in yuan)", columns, [.. rows]);
    }

    public static IEnumerable<Block> Discrepancy(Discrepancy d)
    {
        yield return new FieldsBlock("discrepancy", $"Discrepancy {d.DiscrepancyId}",
        [
            new("discrepancy_id", "Discrepancy", d.DiscrepancyId),
            new("care_region", "Care region", d.CareRegionCode),
            new("business_date", "Business date", d.BusinessDate),
            new("kind", "Kind", Views.Kind(d.Kind)),
            new("entry_kind", "Entry", EntryKind(d.EntryKind)),
            new("request_id", "Request id", d.RequestId),
            new("region_fund_yuan", "Region fund (yuan)", Money.Yuan(d.RegionFundPayFen)),
            new("region_account_yuan", "Region account (yuan)", Money.Yuan(d.RegionAccountPayFen)),
            new("clearinghouse_fund_yuan", "Clearinghouse fund (yuan)", Money.Yuan(d.ClearinghouseFundPayFen)),
            new("clearinghouse_account_yuan", "Clearinghouse account (yuan)", Money.Yuan(d.ClearinghouseAccountPayFen)),
            new("status", "Status", Status(d.Status)),
            new("reconciliation_id", "Found by", d.ReconciliationId),
            new("resolution", "Resolution", Resolution(d.Resolution)),
            new("officer", "Officer", d.Officer),
            new("resolved_at", "Resolved at", d.ResolvedAt),
            new("note", "Note", d.Note),
        ]);
    }

    public static IEnumerable<Block> Status(ReconciliationStatus status)
    {
        yield return new TableBlock("days", $"Reconciliation of region {status.CareRegionCode} in {status.Period}",
        [
            new("business_date", "Business date"),
            new("reconciled", "Reconciled"),
            new("matched_count", "Matched", AlignRight: true),
            new("region_entry_count", "Region entries", AlignRight: true),
            new("clearinghouse_entry_count", "Clearinghouse entries", AlignRight: true),
            new("open_discrepancy_count", "Open discrepancies", AlignRight: true),
            new("reconciled_at", "Reconciled at"),
            new("reconciliation_id", "Reconciliation"),
        ], [.. status.Days.Select(d => (IReadOnlyList<string>)
            [
                d.BusinessDate, Views.YesNo(d.Reconciled), Views.Count(d.MatchedCount), Views.Count(d.RegionEntryCount),
                Views.Count(d.ClearinghouseEntryCount), Views.Count(d.OpenDiscrepancyCount), d.ReconciledAt, d.ReconciliationId,
            ])]);
    }

    public static string EntryKind(ReportEntryKind kind) => kind switch
    {
        ReportEntryKind.Settlement => "settlement",
        ReportEntryKind.Reversal => "reversal",
        _ => "unspecified",
    };

    public static string Status(DiscrepancyStatus status) => status switch
    {
        DiscrepancyStatus.Open => "open",
        DiscrepancyStatus.Resolved => "resolved",
        DiscrepancyStatus.Superseded => "superseded",
        _ => "unspecified",
    };

    /// <summary>How a discrepancy was resolved, in the words the resolve command takes; empty while unresolved.</summary>
    public static string Resolution(DiscrepancyResolution resolution) => resolution switch
    {
        DiscrepancyResolution.AcceptClearinghouse => "accept-clearinghouse",
        DiscrepancyResolution.Reversed => "reversed",
        DiscrepancyResolution.WrittenOff => "written-off",
        _ => "",
    };
}
