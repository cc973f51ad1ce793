using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class FlagPartiesExamples
{
    private const string Period = "2026-11";

    [Fact]
    public void A_person_outlier_names_the_insured_region_the_first_settlement_s_care_region_and_hospital_and_every_care_region()
    {
        // 30 peers with one visit each in Beijing; FREQ with 12 visits, the first (by id) in Tianjin.
        var visits = Enumerable.Range(0, 30)
            .Select(i => Outpatient($"V{i:D3}", 1 + i % 28, hospital: $"H{i:D3}", lines: [Line("A", 10, 1_000)]) with { PersonId = $"P{i:D3}" })
            .Concat(Enumerable.Range(1, 12).Select(d =>
                Outpatient($"F{d:D2}", d, careRegion: d == 1 ? Tianjin : Beijing, hospital: d == 1 ? "TJ1" : "H00", lines: [Line("A", 1, 1_000)]) with { PersonId = "FREQ" }))
            .Select(PeriodVisit.Of)
            .ToDictionary(v => v.SettlementId);
        var finding = Outliers.Evaluate(visits.Values, Period, _ => SupervisionThresholds.Default).Single(f => f["subject"].Text == "FREQ");

        var parties = FlagParties.OfOutlier(finding, id => visits[id]);

        Assert.Equal((Insured, Tianjin, "TJ1", "FREQ"), (parties.InsuredRegionCode, parties.CareRegionCode, parties.HospitalCode, parties.PersonId));
        Assert.Equal([Beijing, Tianjin], parties.CareRegionCodes.ToArray());
    }

    [Fact]
    public void A_hospital_outlier_names_its_care_region_as_both_regions_and_no_person()
    {
        var visits = Enumerable.Range(0, 50)
            .Select(i => Outpatient($"V{i:D3}", 1 + i % 28, hospital: $"H{i:D3}", lines: [Line("A", 10, 1_000)]) with { PersonId = $"P{i:D3}" })
            .Concat(Enumerable.Range(0, 40).Select(i => Outpatient($"B{i:D2}", 1 + i % 28, hospital: "BUSY", lines: [Line("A", 10, 1_000)]) with { PersonId = $"Q{i:D2}" }))
            .Select(PeriodVisit.Of)
            .ToList();
        var finding = Outliers.Evaluate(visits, Period, _ => SupervisionThresholds.Default)
            .Single(f => f["subject"].Text == "BUSY" && f["measure"].Text == Outliers.CountMeasure);

        var parties = FlagParties.OfOutlier(finding, id => throw new InvalidOperationException($"a hospital's finding names no settlement, not {id}"));

        Assert.Equal((Beijing, Beijing, "BUSY", ""), (parties.InsuredRegionCode, parties.CareRegionCode, parties.HospitalCode, parties.PersonId));
        Assert.Equal([Beijing], parties.CareRegionCodes.ToArray());
    }

    [Fact]
    public void A_person_rule_s_finding_names_the_trigger_s_parties_and_every_care_region_once_sorted()
    {
        var trigger = Outpatient("T", 3, careRegion: Beijing, hospital: "H7");

        var parties = FlagParties.OfTrigger(trigger, [Tianjin, Beijing, Tianjin]);

        Assert.Equal((Insured, Beijing, "H7", Person), (parties.InsuredRegionCode, parties.CareRegionCode, parties.HospitalCode, parties.PersonId));
        Assert.Equal([Beijing, Tianjin], parties.CareRegionCodes.ToArray());
    }
}
