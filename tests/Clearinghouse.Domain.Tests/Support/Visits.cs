using System.Collections.Immutable;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>Short builders for line items and visit facts.</summary>
public static class Visits
{
    public static LineItem A(long amountFen) => new("A-" + amountFen, "category A item", ItemCategory.A, 1, amountFen);
    public static LineItem B(long amountFen) => new("B-" + amountFen, "category B item", ItemCategory.B, 1, amountFen);
    public static LineItem C(long amountFen) => new("C-" + amountFen, "category C item", ItemCategory.C, 1, amountFen);

    public static VisitFacts Inpatient(params LineItem[] items) =>
        new(VisitType.Inpatient, PersonCategory.Active, RegisteredForCareRegion: true, UsePersonalAccount: false, items.ToImmutableArray());

    public static VisitFacts Outpatient(params LineItem[] items) =>
        new(VisitType.Outpatient, PersonCategory.Active, RegisteredForCareRegion: true, UsePersonalAccount: false, items.ToImmutableArray());

    public static YearToDate NothingYet { get; } = new(FundPaidFen: 0, OutpatientDeductibleUsedFen: 0, AccountBalanceFen: 0);
}
