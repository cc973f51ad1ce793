using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Registry;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Registry;

/// <summary>The policy version in force on a service date: the latest one effective on or before it.</summary>
public sealed class PolicyInForceTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);

    private static RegionState RegionWith(params DateOnly[] effectiveDates)
    {
        var region = new RegionState();
        region.Apply(new RegionUpserted(new RequestStamp("platform", "r0", "f", Accepted), "610924", "汉阴县"));
        for (var i = 0; i < effectiveDates.Length; i++)
        {
            var policy = TestPolicies.Of(TestPolicies.Employee with { AnnualCapFen = 1_000_000 * (i + 1) });
            region.Apply(new PolicyPublished(new RequestStamp("platform", $"p{i + 1}", "f", Accepted), "610924", i + 1, effectiveDates[i], policy));
        }
        return region;
    }

    [Theory]
    [InlineData("2025-12-31", null)]
    [InlineData("2026-01-01", 1)]
    [InlineData("2026-06-30", 1)]
    [InlineData("2026-07-01", 2)]
    [InlineData("2026-12-31", 2)]
    [InlineData("2027-01-01", 3)]
    [InlineData("2099-12-31", 3)]
    public void Latest_version_effective_on_or_before_the_date_is_in_force(string date, int? expectedVersion)
    {
        var region = RegionWith(new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1), new DateOnly(2027, 1, 1));

        var inForce = region.PolicyInForce(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedVersion, inForce?.Version);
        if (inForce is not null)
        {
            Assert.Equal(1_000_000 * inForce.Version, inForce.Policy.Schemes[0].AnnualCapFen);
            Assert.Equal("610924", inForce.RegionCode);
        }
    }

    [Fact]
    public void Region_without_policies_has_none_in_force()
    {
        var region = RegionWith();

        Assert.True(region.Exists);
        Assert.Null(region.PolicyInForce(new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void Region_state_counts_its_events_and_remembers_requests()
    {
        var region = RegionWith(new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1));

        Assert.Equal(3, region.Version);
        Assert.Equal("汉阴县", region.Name);
        Assert.Equal(2, region.Policies.Count);
        Assert.Equal(3, region.FindRequest(RequestKey.Of("platform", "p2")));
        Assert.Null(region.FindRequest(RequestKey.Of("platform", "p3")));
    }

    [Fact]
    public void Region_stream_refuses_a_person_event()
    {
        var region = new RegionState();

        Assert.Throws<InvariantViolationException>(() => region.Apply(PersonStream.Enrolled()));
    }

    [Fact]
    public void Any_increasing_sequence_of_effective_dates_picks_the_last_one_not_after_the_date()
    {
        // The region grain publishes versions with strictly increasing effective dates.
        Gen.Select(Gen.Int[1, 400].Array[0, 8], Gen.Int[-10, 3_000])
            .Sample((gaps, probe) =>
            {
                var start = new DateOnly(2026, 1, 1);
                var dates = new DateOnly[gaps.Length];
                var day = 0;
                for (var i = 0; i < gaps.Length; i++)
                {
                    day += gaps[i];
                    dates[i] = start.AddDays(day);
                }
                var region = RegionWith(dates);
                var date = start.AddDays(probe);

                var expected = dates.Select((d, i) => (d, version: i + 1)).LastOrDefault(x => x.d <= date).version;

                Assert.Equal(expected == 0 ? null : expected, region.PolicyInForce(date)?.Version);
            }, iter: 2_000);
    }
}
