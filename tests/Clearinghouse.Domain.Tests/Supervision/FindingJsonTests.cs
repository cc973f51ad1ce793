using System.Text.Json;
using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>A finding, its evidence included, goes to JSON and back unchanged, so it can be stored as it is.</summary>
public sealed class FindingJsonTests
{
    [Fact]
    public void Every_rules_finding_round_trips_through_json()
    {
        var visits = new[]
        {
            Stay("S1", 1, 10, lines: [Line("M1", 2, 1_200, 1_000)]), Outpatient("V1", 5, Tianjin),
            Stay("S2", 12, 14, "K35.1"), Outpatient("V2", 20, Beijing, lines: [Line("D", 60)]), Outpatient("V3", 20, Tianjin, "T1", lines: [Line("D", 60)]),
            Outpatient("V4", 25, lines: [Line("D", 1)]), Outpatient("V5", 25, lines: [Line("D", 1)]),
        };
        var findings = Supervisor.Evaluate(visits, SupervisionThresholds.Default);
        Assert.Equal(
            RuleId.PersonRules.Order(StringComparer.Ordinal).ToArray(),
            findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToArray());

        foreach (var finding in findings)
        {
            var json = JsonSerializer.Serialize(finding);
            Assert.Equal(finding, JsonSerializer.Deserialize<Finding>(json));
        }
    }

    [Fact]
    public void A_visit_round_trips_through_json_outpatient_or_stay()
    {
        foreach (var visit in new[] { Outpatient("V1", 3, lines: [Line("A", 2, 300, 250)]), Stay("S1", 1, 4, "K35.800").AsReversed() })
        {
            var back = JsonSerializer.Deserialize<SupervisedVisit>(JsonSerializer.Serialize(visit))!;
            Assert.Equal(visit.ToString(), back.ToString());
            Assert.Equal(visit.Lines.ToArray(), back.Lines.ToArray());
        }
    }
}
