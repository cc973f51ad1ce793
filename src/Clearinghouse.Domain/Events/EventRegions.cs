using System.Collections.Immutable;

namespace Clearinghouse.Domain.Events;

/// <summary>
/// The regions an event concerns, as the audit trail files it: an auditor asking "what was done to region X"
/// finds every event that names X as a party. Clearing-wide events (a period opened or cut off) concern no
/// single region. Events of a person's stream that name no region concern the person's insured region, which
/// is the scope their request was accepted in (see docs/idempotency.md); the same holds for a resolved
/// discrepancy and its care region.
/// </summary>
public static class EventRegions
{
    public static ImmutableArray<string> Of(IStampedEvent e) => e switch
    {
        PersonEnrolled x => [x.InsuredRegionCode],
        ContributionRecorded x => [x.InsuredRegionCode],
        PersonSuspended or PersonReinstated or AssistanceStatusSet => [e.Request.Scope],
        RegistrationFiled x => Distinct(e.Request.Scope, x.CareRegionCode),
        SettlementAccepted x => Distinct(x.CareRegionCode, x.InsuredRegionCode),
        SettlementReversed x => Distinct(x.CareRegionCode, x.InsuredRegionCode),
        RegionUpserted x => [x.RegionCode],
        PolicyPublished x => [x.RegionCode],
        HospitalRegistered x => [x.RegionCode],
        CataloguePublished x => [x.RegionCode],
        CatalogueItemsListed x => [x.RegionCode],
        PrepaymentDeposited x => [x.RegionCode],
        PrepaymentAccountOpened x => [x.RegionCode],
        PrepaymentWithdrawn x => [x.RegionCode],
        PrepaymentDrawn x => [x.RegionCode],
        PrepaymentCarriedOver x => [x.RegionCode],
        PrepaymentsCarriedOver x => [.. x.Balances.Select(b => b.RegionCode)],
        PrepaymentDrawsBooked x => [.. x.Draws.Select(d => d.RegionCode)],
        TransferExecuted x => [x.Transfer.FromRegionCode == Clearing.ClearingAccount.Code ? x.Transfer.ToRegionCode : x.Transfer.FromRegionCode],
        PeriodOpened or PeriodCutOff => [],
        PeriodClosed x => x.StatementRegionCodes,
        StatementIssued x => [x.Position.RegionCode],
        StatementConfirmed x => [x.RegionCode],
        DailyReportReconciled x => [x.CareRegionCode],
        DiscrepancyResolved => [e.Request.Scope],
        PooledFundBooked x => [x.RegionCode],
        SettlementFlagged x => x.Parties,
        FlagResolved x => x.Parties,
        SupervisionCheckpointed => [],
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event type the audit trail does not know"),
    };

    private static ImmutableArray<string> Distinct(string first, string second) =>
        first == second ? [first] : [first, second];
}
