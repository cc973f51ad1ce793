using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>The settlement-to-visit mapping as the processor meets it (stays, dropped stay dates), and flag ids.</summary>
public sealed class SupervisedVisitMappingTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static SettlementAccepted Settlement(VisitType type, DateOnly serviceDate, VisitDetail? visit, params LineItem[] items) => new(
        new RequestStamp("310101", "r-1", "f", Accepted), "S1", "2026-11", "P1", "110101", "310101", "H1", 3, type, serviceDate,
        UsePersonalAccount: false, RegisteredForCareRegion: true, PolicyVersion: 1,
        new SettlementBreakdown(30_000, 0, 0, 30_000, 0, 8_000, 24_000, 0, 6_000, SeriousIllnessPayFen: 1_000), [.. items], visit);

    [Fact]
    public void A_stay_maps_with_its_dates_diagnosis_lines_and_what_the_funds_paid()
    {
        var visit = SupervisedVisits.From(reversed: false, settlement: Settlement(
            VisitType.Inpatient, new DateOnly(2026, 11, 19), new VisitDetail(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 19), "K35.800"),
            new LineItem("D1", "drug", ItemCategory.B, 2, 3_000, UnitPriceFen: 1_500, PriceLimitFen: 1_000, OverLimitFen: 1_000)))!;

        Assert.Equal(
            ("S1", "P1", "110101", "310101", "H1", new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 19), "K35.800", Accepted, 30_000L, 25_000L, false),
            (visit.SettlementId, visit.PersonId, visit.InsuredRegionCode, visit.CareRegionCode, visit.HospitalCode, visit.Admission, visit.Discharge,
             visit.MainDiagnosis, visit.AcceptedAt, visit.TotalFen, visit.FundPaidFen, visit.Reversed));
        Assert.Equal(new SupervisedLine("D1", 2, 1_500, 3_000, 1_000, 1_000), Assert.Single(visit.Lines));
    }

    [Fact]
    public void A_stay_without_its_dates_is_not_judged_and_an_outpatient_visit_drops_stay_dates()
    {
        Assert.Null(SupervisedVisits.From(reversed: false, settlement: Settlement(VisitType.Inpatient, new DateOnly(2026, 11, 19), null)));
        Assert.Null(SupervisedVisits.From(reversed: false, settlement: Settlement(
            VisitType.Inpatient, new DateOnly(2026, 11, 18), new VisitDetail(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 19), "K35"))));
        var outpatient = SupervisedVisits.From(reversed: false, settlement: Settlement(
            VisitType.Outpatient, new DateOnly(2026, 11, 19), new VisitDetail(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 19), "J18.9")))!;
        Assert.Equal(((DateOnly?)null, (DateOnly?)null, "J18.9"), (outpatient.AdmissionDate, outpatient.DischargeDate, outpatient.MainDiagnosis));
    }

    [Fact]
    public void A_flag_id_is_derived_from_the_finding_key_alone()
    {
        Assert.Equal(FlagIds.Of("charged_twice|resent|V1,V2|"), FlagIds.Of("charged_twice|resent|V1,V2|"));
        Assert.NotEqual(FlagIds.Of("charged_twice|resent|V1,V2|"), FlagIds.Of("charged_twice|resent|V1,V3|"));
        Assert.Matches("^F[0-9a-f]{20}$", FlagIds.Of("x"));
        Assert.Equal("flag:" + FlagIds.Of("x"), FlagIds.Stream(FlagIds.Of("x")));
    }
}
