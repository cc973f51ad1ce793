using System.Globalization;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Export;

/// <summary>
/// The CSV layout of <c>discrepancies --csv</c> (README, "Officer command line"): one row per discrepancy,
/// every amount twice, integer fen (<c>*_fen</c>, authoritative) and yuan with two decimals (<c>*_yuan</c>);
/// resolution, officer, note and resolved_at empty while unresolved.
/// </summary>
public static class DiscrepancyLayout
{
    public static readonly string[] Header =
    [
        "discrepancy_id", "care_region_code", "business_date", "kind", "entry_kind", "request_id",
        "region_fund_pay_fen", "region_fund_pay_yuan", "region_account_pay_fen", "region_account_pay_yuan",
        "clearinghouse_fund_pay_fen", "clearinghouse_fund_pay_yuan", "clearinghouse_account_pay_fen", "clearinghouse_account_pay_yuan",
        "status", "reconciliation_id", "resolution", "officer", "note", "resolved_at",
    ];

    public static string[] Row(Discrepancy d) =>
    [
        d.DiscrepancyId, d.CareRegionCode, d.BusinessDate, Views.Kind(d.Kind), ReconciliationViews.EntryKind(d.EntryKind), d.RequestId,
        Fen(d.RegionFundPayFen), Money.Yuan(d.RegionFundPayFen), Fen(d.RegionAccountPayFen), Money.Yuan(d.RegionAccountPayFen),
        Fen(d.ClearinghouseFundPayFen), Money.Yuan(d.ClearinghouseFundPayFen), Fen(d.ClearinghouseAccountPayFen), Money.Yuan(d.ClearinghouseAccountPayFen),
        ReconciliationViews.Status(d.Status), d.ReconciliationId, ReconciliationViews.Resolution(d.Resolution), d.Officer, d.Note, d.ResolvedAt,
    ];

    private static string Fen(long value) => value.ToString(CultureInfo.InvariantCulture);
}
