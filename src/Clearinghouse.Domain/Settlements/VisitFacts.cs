using System.Collections.Immutable;

namespace Clearinghouse.Domain.Settlements;

/// <summary>Everything about one visit that the calculation needs, already looked up.</summary>
public sealed record VisitFacts(
    VisitType VisitType,
    PersonCategory Category,
    bool RegisteredForCareRegion,
    bool UsePersonalAccount,
    ImmutableArray<LineItem> Items);

/// <summary>The person's running figures for the calendar year of the service date.</summary>
public sealed record YearToDate(long FundPaidFen, long OutpatientDeductibleUsedFen, long AccountBalanceFen);
