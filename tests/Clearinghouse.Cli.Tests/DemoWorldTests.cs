using Clearinghouse.Cli.Commands.Demo;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

/// <summary>The demo's world follows from its run key alone, and its month reads back from a region's name.</summary>
public sealed class DemoWorldTests
{
    private static readonly DemoMonth Month = new("2026-12", "2026-12-05");

    [Fact]
    public void The_same_key_gives_the_same_requests_and_another_key_other_codes_and_ids()
    {
        var first = DemoWorld.For("demo");
        var again = DemoWorld.For("demo");
        Assert.Equal(first.RegionCodes, again.RegionCodes);
        Assert.Equal(first.Visits(Month), again.Visits(Month));

        var other = DemoWorld.For("other");
        Assert.NotEqual(first.RegionCodes, other.RegionCodes);
        Assert.Empty(first.Visits(Month).Select(v => v.RequestId).Intersect(other.Visits(Month).Select(v => v.RequestId)));
        Assert.NotEqual(first.PersonId(0), other.PersonId(0));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("resume")]
    [InlineData("x")]
    public void Region_codes_are_six_digits_outside_every_province_and_distinct(string key)
    {
        var codes = DemoWorld.For(key).RegionCodes;
        Assert.Equal(DemoWorld.RegionCount, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^9[0-9]{5}$", code));
    }

    [Fact]
    public void Every_visit_is_out_of_region_at_a_hospital_of_its_care_region_and_dated_the_visit_day()
    {
        var world = DemoWorld.For("demo");
        var visits = world.Visits(Month);
        Assert.Equal(DemoWorld.SettlementCount, visits.Count);
        Assert.Equal(visits.Count, visits.Select(v => v.RequestId).Distinct().Count());
        var insured = Enumerable.Range(0, world.PersonCount).ToDictionary(world.PersonId, p => world.RegionCodes[world.InsuredRegion(p)]);
        Assert.All(visits, v =>
        {
            Assert.NotEqual(insured[v.PersonId], v.CareRegionCode);
            Assert.StartsWith($"DEMO-demo-{v.CareRegionCode}-H", v.HospitalCode, StringComparison.Ordinal);
            Assert.Equal(Month.VisitDay, v.ServiceDate);
            Assert.InRange(v.Items.Count, 1, 5);
            Assert.All(v.Items, item => Assert.True(item.AmountFen > 0 && item.Quantity > 0 && item.Category != ItemCategory.Unspecified));
        });
        // Every region is a care region and an insured one, so the month has both directions to net.
        Assert.Equal(world.RegionCodes.Order(StringComparer.Ordinal), visits.Select(v => v.CareRegionCode).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_month_reads_back_from_a_region_name_of_the_same_key_only()
    {
        var world = DemoWorld.For("demo");
        var name = world.RegionName(2, Month);
        Assert.Equal("Demo region C (run demo; month 2026-12; visits 2026-12-05)", name);
        Assert.Equal(Month, DemoMonth.FromRegionName(name, "demo"));
        Assert.Null(DemoMonth.FromRegionName(name, "other"));
        Assert.Null(DemoMonth.FromRegionName("Shenyang Heping", "demo"));
        Assert.Null(DemoMonth.FromRegionName(name + " ", "demo"));
    }

    [Theory]
    [InlineData("2026-12-06T03:00:00Z", "2026-12", "2026-12-05")]
    [InlineData("2026-12-31T16:00:00Z", "2027-01", "2026-12-31")]
    [InlineData("2026-12-31T15:59:59Z", "2026-12", "2026-12-30")]
    public void A_month_starting_now_dates_its_visits_the_day_before_in_china_time(string now, string open, string visitDay) =>
        Assert.Equal(new DemoMonth(open, visitDay), DemoMonth.Starting(open, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-12-05T15:59:59.999999Z", "2026-12-05")]
    [InlineData("2026-12-05T16:00:00Z", "2026-12-06")]
    public void The_business_day_of_an_answer_is_its_china_date(string acceptedAt, string day) =>
        Assert.Equal(day, DemoMonth.BusinessDay(acceptedAt));
}
