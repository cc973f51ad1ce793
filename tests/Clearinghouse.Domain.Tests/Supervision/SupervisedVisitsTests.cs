using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Domain.Tests.Support;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>A stored settlement as the rules read it: every figure from its place in the event.</summary>
public sealed class SupervisedVisitsTests
{
    private static readonly SettlementBreakdown Breakdown = new(
        TotalFen: 180_000, SelfPayCFen: 10_000, CopayBFen: 5_000, EligibleFen: 165_000, DeductibleFen: 60_000, RatioBp: 7_500,
        FundPayFen: 78_750, AccountPayFen: 1_000, CashPayFen: 100_250, QualifyingSelfBurdenFen: 0, SeriousIllnessPayFen: 2_000, AssistancePayFen: 500);

    private static SettlementAccepted Settlement(VisitType type, VisitDetail? visit) => new(
        PersonStream.Stamp("settle-S1"), "S1", "2026-03", PersonStream.PersonId, PersonStream.InsuredRegion, PersonStream.CareRegion,
        "H-2", 2, type, new DateOnly(2026, 3, 8), UsePersonalAccount: true, RegisteredForCareRegion: false, PolicyVersion: 1, Breakdown,
        [
            new LineItem("310100001", "bed", ItemCategory.A, 3, 120_000, UnitPriceFen: 40_000, PriceLimitFen: 35_000, OverLimitFen: 15_000),
            new LineItem("250101001", "test", ItemCategory.B, 1, 60_000),
        ],
        visit);

    [Fact]
    public void A_stay_maps_its_dates_diagnosis_money_and_lines()
    {
        var settled = Settlement(VisitType.Inpatient, new VisitDetail(new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 8), "K35.800"));

        var visit = SupervisedVisits.From(settled, reversed: true);

        Assert.Equal(
            new SupervisedVisit(
                "S1", PersonStream.PersonId, PersonStream.InsuredRegion, PersonStream.CareRegion, "H-2", VisitType.Inpatient,
                new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 8), "K35.800", PersonStream.AcceptedAt,
                180_000, 78_750 + 2_000 + 500, visit!.Lines, Reversed: true),
            visit);
        Assert.Equal<SupervisedLine>(
            [new SupervisedLine("310100001", 3, 40_000, 120_000, 35_000, 15_000), new SupervisedLine("250101001", 1, 0, 60_000, 0, 0)],
            visit.Lines);
    }

    [Fact]
    public void An_outpatient_visit_has_no_stay_dates_and_may_name_a_diagnosis()
    {
        var visit = SupervisedVisits.From(Settlement(VisitType.Outpatient, new VisitDetail(null, null, "J18.9")), reversed: false)!;

        Assert.Equal((null, null, "J18.9", false), (visit.AdmissionDate, visit.DischargeDate, visit.MainDiagnosis, visit.Reversed));
        Assert.Null(SupervisedVisits.From(Settlement(VisitType.Outpatient, null), reversed: false)!.MainDiagnosis);
    }

    [Fact]
    public void A_stay_stored_without_its_dates_is_left_out()
    {
        Assert.Null(SupervisedVisits.From(Settlement(VisitType.Inpatient, null), reversed: false));
    }
}
