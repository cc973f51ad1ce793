using System.Collections.Immutable;

namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// Everything about one visit that the calculation needs, already looked up. <see cref="AssistanceStatus"/> is the
/// person's assistance status in force on the service date.
/// </summary>
public sealed record VisitFacts(
    VisitType VisitType,
    PersonCategory Category,
    bool RegisteredForCareRegion,
    bool UsePersonalAccount,
    ImmutableArray<LineItem> Items,
    AssistanceStatus AssistanceStatus = AssistanceStatus.None);

/// <summary>
/// The person's running figures for the calendar year of the service date: the basic fund's, the tiers'
/// (cumulative qualifying self-burden, serious-illness paid, assistance paid) and the account balance.
/// </summary>
public sealed record YearToDate(
    long FundPaidFen,
    long OutpatientDeductibleUsedFen,
    long AccountBalanceFen,
    long QualifyingSelfBurdenFen = 0,
    long SeriousIllnessPaidFen = 0,
    long AssistancePaidFen = 0);
