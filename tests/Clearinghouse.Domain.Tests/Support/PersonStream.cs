using System.Collections.Immutable;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>Events of one person's stream, built as a grain would build them.</summary>
public static class PersonStream
{
    public const string InsuredRegion = "610924";
    public const string CareRegion = "110105";
    public const string PersonId = "P-0001";

    public static readonly DateTimeOffset AcceptedAt = new(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);

    public static RequestStamp Stamp(string requestId) => new(InsuredRegion, requestId, "fp-" + requestId, AcceptedAt);

    public static PersonEnrolled Enrolled(Scheme scheme = Scheme.Employee, PersonCategory category = PersonCategory.Active) =>
        new(Stamp("enrol"), PersonId, InsuredRegion, scheme, category);

    public static ContributionRecorded Contribution(string requestId, long accountCreditFen, long balanceAfterFen) =>
        new(Stamp(requestId), InsuredRegion, "2026-03", EmployerFen: 0, IndividualFen: accountCreditFen, accountCreditFen, PooledCreditFen: 0, balanceAfterFen);

    public static SettlementAccepted Settled(
        string settlementId, VisitFacts visit, DateOnly serviceDate, int hospitalLevel, SettlementBreakdown breakdown) =>
        new(
            Stamp("settle-" + settlementId),
            settlementId,
            ChinaTime.PeriodOf(AcceptedAt),
            PersonId,
            InsuredRegion,
            CareRegion,
            HospitalCode: "H-" + hospitalLevel,
            hospitalLevel,
            visit.VisitType,
            serviceDate,
            visit.UsePersonalAccount,
            visit.RegisteredForCareRegion,
            PolicyVersion: 1,
            breakdown,
            visit.Items);

    /// <summary>The full reversal of a settlement: exactly what it took, booked to its service year.</summary>
    public static SettlementReversed Reversed(SettlementAccepted settlement) =>
        new(
            Stamp("reverse-" + settlement.SettlementId),
            "R-" + settlement.SettlementId,
            settlement.SettlementId,
            ChinaTime.PeriodOf(AcceptedAt),
            settlement.PersonId,
            settlement.InsuredRegionCode,
            settlement.CareRegionCode,
            Reason: "duplicate bill",
            ServiceYear: settlement.ServiceDate.Year,
            FundPayFen: settlement.Breakdown.FundPayFen,
            AccountPayFen: settlement.Breakdown.AccountPayFen,
            OutpatientDeductibleFen: settlement.VisitType == VisitType.Outpatient ? settlement.Breakdown.DeductibleFen : 0,
            QualifyingSelfBurdenFen: settlement.Breakdown.QualifyingSelfBurdenFen,
            SeriousIllnessPayFen: settlement.Breakdown.SeriousIllnessPayFen,
            AssistancePayFen: settlement.Breakdown.AssistancePayFen);

    public static ImmutableArray<LineItem> Items(params LineItem[] items) => items.ToImmutableArray();
}
