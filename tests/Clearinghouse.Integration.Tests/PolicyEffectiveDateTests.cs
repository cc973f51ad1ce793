using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The past stays put: a region's first policy version may take effect on a past date (the region brings
/// the policy it already has), every later one only today (China time) or later. A refusal writes nothing.
/// The hosts run on a clock of this class, set to noon of the run's today in China before each fact, so
/// "today" cannot turn under a fact, even on a run started at a month's last second.
/// </summary>
public sealed class PolicyEffectiveDateTests : IClassFixture<PolicyEffectiveDateTests.Fixture>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly Fixture _fixture;
    private readonly DateOnly _today;

    public PolicyEffectiveDateTests(Fixture fixture)
    {
        _fixture = fixture;
        _today = ChinaClock.Today;
        fixture.Business.MoveTo(At(_today, 12, 0, 0));
    }

    private RegistryService.RegistryServiceClient Registry => _fixture.Registry;

    [Fact]
    public async Task A_first_version_may_take_effect_in_the_past()
    {
        const string Region = "410102";
        await RegionAsync(Region);
        var before = await _fixture.Database.CountsAsync();

        var first = await PublishAsync(Region, "first", new DateOnly(2019, 1, 1));

        Assert.Equal((1, "2019-01-01"), (first.Version, first.EffectiveFrom));
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1 }, await _fixture.Database.CountsAsync());
        var region = await Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Region });
        Assert.Equal([first], region.PolicyVersions);
    }

    [Fact]
    public async Task A_second_version_dated_yesterday_is_refused_with_nothing_written_and_one_dated_today_is_published()
    {
        const string Region = "410103";
        await RegionAsync(Region);
        var first = await PublishAsync(Region, "v1", new DateOnly(2019, 1, 1));
        var before = await _fixture.Database.CountsAsync();
        var yesterday = _today.AddDays(-1);

        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Registry.PublishPolicyAsync(Request(Region, "v2-yesterday", yesterday)));

        Assert.Equal(
            $"effective_from {ChinaClock.Format(yesterday)} is earlier than today {ChinaClock.Format(_today)} (China time): only a region's first policy version may take effect in the past",
            refused.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
        Assert.Equal([first], (await Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Region })).PolicyVersions);

        var second = await PublishAsync(Region, "v2-today", _today);

        Assert.Equal((2, ChinaClock.Format(_today)), (second.Version, second.EffectiveFrom));
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1 }, await _fixture.Database.CountsAsync());
        Assert.Equal([first, second], (await Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Region })).PolicyVersions);
        // The refused request id was never taken: sent again it is refused again, not answered as a retry.
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Registry.PublishPolicyAsync(Request(Region, "v2-yesterday", yesterday)));
    }

    [Fact]
    public async Task A_version_announced_for_a_later_day_still_keeps_later_versions_after_it()
    {
        const string Region = "410104";
        await RegionAsync(Region);
        await PublishAsync(Region, "v1", new DateOnly(2019, 1, 1));
        var announced = await PublishAsync(Region, "v2", _today.AddDays(10));
        var before = await _fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Registry.PublishPolicyAsync(Request(Region, "v3", _today.AddDays(5))));

        Assert.Equal(
            $"effective_from {ChinaClock.Format(_today.AddDays(5))} must be later than version 2's {announced.EffectiveFrom}",
            refused.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task Today_turns_at_midnight_in_China()
    {
        const string BeforeMidnight = "410105";
        const string AfterMidnight = "410106";
        await RegionAsync(BeforeMidnight);
        await RegionAsync(AfterMidnight);
        await PublishAsync(BeforeMidnight, "v1", new DateOnly(2019, 1, 1));
        await PublishAsync(AfterMidnight, "v1", new DateOnly(2019, 1, 1));

        // Seconds before midnight in China (16:00 UTC), today's date is still accepted.
        _fixture.Business.MoveTo(At(_today, 23, 59, 50));
        var lastMinute = await PublishAsync(BeforeMidnight, "v2", _today);
        Assert.Equal(2, lastMinute.Version);

        // At midnight in China the same date is yesterday, although UTC has hours of that day left.
        _fixture.Business.MoveTo(At(_today.AddDays(1), 0, 0, 0));
        var before = await _fixture.Database.CountsAsync();
        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Registry.PublishPolicyAsync(Request(AfterMidnight, "v2", _today)));
        Assert.StartsWith(
            $"effective_from {ChinaClock.Format(_today)} is earlier than today {ChinaClock.Format(_today.AddDays(1))} (China time)",
            refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
    }

    private static DateTimeOffset At(DateOnly date, int hour, int minute, int second) =>
        new(date.ToDateTime(new TimeOnly(hour, minute, second)), China);

    private async Task RegionAsync(string code) =>
        await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "region-" + code, RegionCode = code, Name = "Region " + code });

    private async Task<PolicyVersion> PublishAsync(string region, string id, DateOnly effectiveFrom) =>
        await Registry.PublishPolicyAsync(Request(region, id, effectiveFrom));

    private static PublishPolicyRequest Request(string region, string id, DateOnly effectiveFrom) =>
        new() { RequestId = "policy-" + id, RegionCode = region, EffectiveFrom = ChinaClock.Format(effectiveFrom), Policy = Policies.Standard() };

    /// <summary>The run's clock, movable by the facts of this class only.</summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        public ShiftedClock Business { get; } = new(SuiteClock.Instance.GetUtcNow());

        protected override TimeProvider? Clock => Business;
    }
}
