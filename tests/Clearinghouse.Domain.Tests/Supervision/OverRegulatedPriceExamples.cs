using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class OverRegulatedPriceExamples
{
    private static List<Finding> Find(params SupervisedVisit[] visits) => [.. OverRegulatedPrice.Find(visits, SupervisionThresholds.Default)];

    [Fact]
    public void A_unit_price_twenty_percent_over_the_limit_is_medium_with_the_excess_in_fen_and_basis_points()
    {
        var finding = Assert.Single(Find(Outpatient("V1", 3, lines: [Line("M1", 3, 1_200, 1_000), Line("M2", 1, 500, 800)])));

        Assert.Equal(["V1"], finding.SettlementIds.ToArray());
        Assert.Equal(["M1"], finding.LineCodes.ToArray());
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(1_200, finding["unit_price"].Number);
        Assert.Equal(1_000, finding["price_limit"].Number);
        Assert.Equal(2_000, finding["excess_bp"].Number);
        Assert.Equal(3, finding["quantity"].Number);
        Assert.Equal(600, finding["over_limit"].Number);
        Assert.Equal("over_regulated_price||V1|M1", finding.Key);
    }

    [Theory]
    [InlineData(1_001, Severity.Low)]
    [InlineData(1_099, Severity.Low)]
    [InlineData(1_100, Severity.Medium)]
    [InlineData(1_499, Severity.Medium)]
    [InlineData(1_500, Severity.High)]
    public void Severity_follows_the_excess_over_the_limit(long unitPriceFen, Severity severity)
    {
        Assert.Equal(severity, Assert.Single(Find(Outpatient("V1", 3, lines: [Line("M1", 1, unitPriceFen, 1_000)]))).Severity);
    }

    [Fact]
    public void At_the_limit_without_a_limit_or_reversed_nothing_is_flagged()
    {
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("M1", 2, 1_000, 1_000), Line("M2", 2, 99_999)])));
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("M1", 2, 1_200, 1_000)]).AsReversed()));
    }

    [Fact]
    public void Lines_of_one_code_in_one_visit_make_one_finding_and_each_visit_its_own()
    {
        var findings = Find(
            Stay("S1", 1, 4, lines: [Line("M1", 2, 1_200, 1_000), Line("M1", 1, 1_100, 1_000)]),
            Outpatient("V1", 6, lines: [Line("M1", 1, 1_200, 1_000)]));

        Assert.Equal(2, findings.Count);
        var stay = findings.Single(f => f.Involves("S1"));
        Assert.Equal(3, stay["quantity"].Number);
        Assert.Equal(500, stay["over_limit"].Number);
        Assert.Equal(1_200, stay["unit_price"].Number);
    }
}
