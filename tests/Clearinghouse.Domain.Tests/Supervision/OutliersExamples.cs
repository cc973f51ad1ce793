using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class OutliersExamples
{
    private const string Period = "2026-11";

    /// <summary>People of one insured region, each with one outpatient visit of 10,000 fen at a hospital of their own.</summary>
    private static List<SupervisedVisit> Peers(int people) =>
        [.. Enumerable.Range(0, people).Select(i => Outpatient($"V{i:D3}", 1 + i % 28, hospital: $"H{i:D3}", lines: [Line("A", 10, 1_000)]) with { PersonId = $"P{i:D3}" })];

    [Fact]
    public void A_person_with_many_visits_is_flagged_on_count_with_the_peer_figures()
    {
        var visits = Peers(30);
        visits.AddRange(Enumerable.Range(1, 12).Select(d => Outpatient($"F{d:D2}", d, hospital: "H00", lines: [Line("A", 1, 1_000)]) with { PersonId = "FREQ" }));

        var finding = Outliers.Evaluate(visits, Period, SupervisionThresholds.Default).Single(f => f["subject"].Text == "FREQ");

        Assert.Equal("outliers|person:FREQ|2026-11|outpatient_visit_count", finding.Key);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(12, finding.SettlementIds.Length);
        Assert.Equal(12, finding["value"].Number);
        Assert.Equal(1, finding["median"].Number);
        Assert.Equal(0, finding["mad"].Number);
        Assert.Equal(1, finding["effective_mad"].Number);
        Assert.Equal(6, finding["threshold"].Number);
        Assert.Equal(31, finding["peers"].Number);
        Assert.Equal(Insured, finding["peer_group"].Text);
    }

    [Fact]
    public void A_person_with_one_costly_visit_is_flagged_on_amount_and_just_above_is_medium()
    {
        // Median 10,000 fen and MAD 0: median + 5 × 1,000 is 15,000, but the value must also pass 5 × the median.
        var visits = Peers(30);
        visits.Add(Outpatient("BIG", 2, lines: [Line("A", 1, 50_001)]) with { PersonId = "COSTLY" });

        var finding = Assert.Single(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default), f => f["subject_kind"].Text == Outliers.PersonSubject);
        Assert.Equal("outliers|person:COSTLY|2026-11|outpatient_total_fen", finding.Key);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(EvidenceUnit.Fen, finding["value"].Unit);
        Assert.Equal(50_000, finding["threshold"].Number);
        Assert.Equal(1_000, finding["effective_mad"].Number);
        Assert.Equal(["BIG"], finding.SettlementIds.ToArray());
    }

    [Fact]
    public void Over_the_ledger_s_visits_each_peer_group_is_judged_by_its_own_region_s_thresholds()
    {
        var visits = Peers(30);
        visits.AddRange(Enumerable.Range(1, 12).Select(d => Outpatient($"F{d:D2}", d, hospital: "H00", lines: [Line("A", 1, 1_000)]) with { PersonId = "FREQ" }));
        var ledger = visits.Select(PeriodVisit.Of).ToList();
        var fewPeers = SupervisionThresholds.Default with { OutlierMinPeers = 100 };

        var same = Outliers.Evaluate(ledger, Period, _ => SupervisionThresholds.Default).ToList();
        var insuredStrict = Outliers.Evaluate(ledger, Period, region => region == Insured ? fewPeers : SupervisionThresholds.Default).ToList();

        Assert.Equal(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default), same);
        Assert.Contains(same, f => f["subject"].Text == "FREQ");
        Assert.DoesNotContain(insuredStrict, f => f["subject_kind"].Text == Outliers.PersonSubject);
        Assert.Equal(same.Where(f => f["subject_kind"].Text == Outliers.HospitalSubject), insuredStrict);
    }

    [Fact]
    public void At_the_threshold_nothing_is_flagged()
    {
        var visits = Peers(30);
        visits.Add(Outpatient("BIG", 2, lines: [Line("A", 1, 50_000)]) with { PersonId = "COSTLY" });
        Assert.Empty(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default));
    }

    [Fact]
    public void A_busy_hospital_is_flagged_without_naming_its_settlements()
    {
        var visits = Peers(50);
        visits.AddRange(Enumerable.Range(0, 40).Select(i => Outpatient($"B{i:D2}", 1 + i % 28, hospital: "BUSY", lines: [Line("A", 10, 1_000)]) with { PersonId = $"Q{i:D2}" }));

        var finding = Assert.Single(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default), f => f["subject_kind"].Text == Outliers.HospitalSubject && f["measure"].Text == Outliers.CountMeasure);
        Assert.Equal("outliers|hospital:BUSY|2026-11|outpatient_visit_count", finding.Key);
        Assert.Empty(finding.SettlementIds);
        Assert.Equal(40, finding["value"].Number);
        Assert.Equal(1, finding["median"].Number);
        Assert.Equal(Beijing, finding["peer_group"].Text);
    }

    [Fact]
    public void A_group_below_the_minimum_size_and_reversed_visits_are_not_judged()
    {
        var visits = Peers(18);
        visits.AddRange(Enumerable.Range(1, 12).Select(d => Outpatient($"F{d:D2}", d) with { PersonId = "FREQ" }));
        Assert.Empty(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default));

        var reversed = Peers(30);
        reversed.AddRange(Enumerable.Range(1, 12).Select(d => Outpatient($"F{d:D2}", d, lines: [Line("A", 10, 1_000)]).AsReversed() with { PersonId = "FREQ" }));
        Assert.Empty(Outliers.Evaluate(reversed, Period, SupervisionThresholds.Default));
    }

    [Fact]
    public void Stays_are_judged_against_stays_not_against_outpatient_visits()
    {
        var visits = Peers(30);
        visits.Add(Stay("STAY", 1, 9, lines: [Line("A", 1, 900_000)]) with { PersonId = "P000" });
        Assert.Empty(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default));
    }

    [Fact]
    public void People_are_judged_against_their_own_insured_region_only()
    {
        var visits = Peers(30);
        visits.AddRange(Peers(30).Select(v => v with { SettlementId = "T" + v.SettlementId, PersonId = "T" + v.PersonId, InsuredRegionCode = "120000", TotalFen = 40 * v.TotalFen }));
        Assert.DoesNotContain(Outliers.Evaluate(visits, Period, SupervisionThresholds.Default), f => f["subject_kind"].Text == Outliers.PersonSubject);
    }
}
