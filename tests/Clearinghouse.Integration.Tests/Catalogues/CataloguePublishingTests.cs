using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.CatalogueStream;

namespace Clearinghouse.Integration.Tests.Catalogues;

/// <summary>
/// Publishing a care region's catalogue and reading it back (docs/catalogues.md): versions in order, the version in
/// force on each side of a later version's effective date, a retry answered as the first call, and every refusal
/// leaving the store as it was.
/// </summary>
public sealed class CataloguePublishingTests : IClassFixture<CatalogueFixture>
{
    private readonly CatalogueFixture _fixture;
    private readonly DateOnly _today;

    public CataloguePublishingTests(CatalogueFixture fixture)
    {
        _fixture = fixture;
        _today = fixture.AtNoon();
    }

    private RegistryService.RegistryServiceClient Registry => _fixture.Registry;

    [Fact]
    public async Task A_published_catalogue_reads_back_by_version_and_date()
    {
        const string Region = "310101";
        await _fixture.RegionAsync(Region);
        var before = await _fixture.Database.CountsAsync();

        var first = await Registry.PublishAsync(Messages(
            Header("cat-1", Region, new DateOnly(2019, 1, 1)),
            [Item("A001", ItemCategory.A, 1_250), Item("B002", ItemCategory.B), Item("C003", ItemCategory.C, 99)], batchSize: 2));
        var second = await Registry.PublishAsync(Messages(
            Header("cat-2", Region, _today.AddDays(10)), [Item("A001", ItemCategory.B, 1_000), Item("D004", ItemCategory.A)]));

        Assert.Equal((Region, 1, "2019-01-01", 3, "cat-1"), (first.RegionCode, first.Version, first.EffectiveFrom, first.ItemCount, first.RequestId));
        Assert.Equal((2, ChinaClock.Format(_today.AddDays(10)), 2), (second.Version, second.EffectiveFrom, second.ItemCount));
        Assert.Equal([first, second], await _fixture.VersionsAsync(Region));
        // Two headers in the region's stream, each version's items in its own; one request key per version.
        Assert.Equal(
            before with { Events = before.Events + 4, RequestKeys = before.RequestKeys + 2, Streams = before.Streams + 3 },
            await _fixture.Database.CountsAsync());
        Assert.Equal(["catalogue_published_v1", "catalogue_published_v1"], (await _fixture.Database.StreamAsync("catalogue:" + Region)).Select(e => e.Type));
        Assert.Equal(["catalogue_items_listed_v1"], (await _fixture.Database.StreamAsync($"catalogue:{Region}:1")).Select(e => e.Type));

        var beforeSecond = await _fixture.ItemAsync(Region, "A001", _today.AddDays(9));
        Assert.Equal((1, "2019-01-01"), (beforeSecond.Version, beforeSecond.EffectiveFrom));
        Assert.Equal(Item("A001", ItemCategory.A, 1_250), beforeSecond.Item);
        var fromSecond = await _fixture.ItemAsync(Region, "A001", _today.AddDays(10));
        Assert.Equal(2, fromSecond.Version);
        Assert.Equal(Item("A001", ItemCategory.B, 1_000), fromSecond.Item);
        Assert.Equal(Item("B002", ItemCategory.B), (await _fixture.ItemAsync(Region, "B002", new DateOnly(2019, 1, 1))).Item);
        Assert.False((await _fixture.ItemAsync(Region, "B002", _today)).Item.HasPriceLimitFen);

        var notInSecond = await Rpc.RefusedAsync(StatusCode.NotFound, () => _fixture.ItemAsync(Region, "B002", _today.AddDays(10)));
        Assert.Equal($"item B002 is not in catalogue version 2 of region {Region} (in force on {ChinaClock.Format(_today.AddDays(10))})", notInSecond.Status.Detail);
        var beforeFirst = await Rpc.RefusedAsync(StatusCode.NotFound, () => _fixture.ItemAsync(Region, "A001", new DateOnly(2018, 12, 31)));
        Assert.Equal($"region {Region} has no catalogue version in force on 2018-12-31", beforeFirst.Status.Detail);
        var unknownRegion = await Rpc.RefusedAsync(StatusCode.NotFound, () => _fixture.ItemAsync("310199", "A001", _today));
        Assert.Equal("region 310199 not found", unknownRegion.Status.Detail);
        await Rpc.RefusedAsync(StatusCode.NotFound, () => _fixture.VersionsAsync("310199"));
    }

    [Fact]
    public async Task A_region_without_a_catalogue_lists_no_versions_and_has_none_in_force()
    {
        const string Region = "310102";
        await _fixture.RegionAsync(Region);

        Assert.Empty(await _fixture.VersionsAsync(Region));
        await Rpc.RefusedAsync(StatusCode.NotFound, () => _fixture.ItemAsync(Region, "A001", _today));
    }

    [Fact]
    public async Task A_retry_is_answered_as_the_first_call_however_its_batches_are_cut_and_other_content_under_its_id_is_refused()
    {
        const string Region = "310103";
        await _fixture.RegionAsync(Region);
        var items = Items("R", 7).ToList();
        var first = await Registry.PublishAsync(Messages(Header("cat-retry", Region, new DateOnly(2020, 1, 1)), items, batchSize: 3));
        var before = await _fixture.Database.CountsAsync();

        var retry = await Registry.PublishAsync(Messages(Header("cat-retry", Region, new DateOnly(2020, 1, 1)), items, batchSize: 5));

        Assert.Equal(first, retry);
        Assert.Equal(before, await _fixture.Database.CountsAsync());

        var changed = items.Select(i => i.Clone()).ToList();
        changed[6].Name = "changed";
        var refused = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Registry.PublishAsync(Messages(Header("cat-retry", Region, new DateOnly(2020, 1, 1)), changed)));
        Assert.Contains("request_id 'cat-retry' was already used", refused.Status.Detail, StringComparison.Ordinal);
        await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Registry.PublishAsync(Messages(Header("cat-retry", Region, new DateOnly(2020, 1, 2)), items)));
        Assert.Equal(before, await _fixture.Database.CountsAsync());
        Assert.Equal([first], await _fixture.VersionsAsync(Region));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "no header", "the first message of a catalogue must be its header" },
        { "header twice", "message 3 of the catalogue holds no item batch: only the first message is the header" },
        { "header only", "a catalogue holds at least one item: no item batch followed the header" },
        { "bad code", "items[1][0].code must be 1..64 ASCII letters, digits, '-', '_' or '.', got 'X 1'" },
        { "no name", "items[0][1].name is required" },
        { "no category", "items[0][1].category must be A, B or C" },
        { "no unit", "items[0][0].unit is required" },
        { "long unit", "items[0][0].unit must be at most 16 characters" },
        { "zero limit", "items[0][1].price_limit_fen must be within 1..10000000000 fen when present, got 0" },
        { "duplicate code", "items[1][1].code 'A001' is also items[0][0].code: codes are unique within a catalogue" },
        { "large batch", "items[0] holds 10001 items; a batch holds at most 10000" },
        { "bad date", "header.effective_from must be a date YYYY-MM-DD, got '2026-02-30'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_catalogue_writes_nothing(string what, string detail)
    {
        const string Region = "310104";
        await _fixture.RegionAsync(Region);
        var header = Header("cat-bad-" + what.Replace(' ', '-'), Region, _today);
        IEnumerable<PublishCatalogueRequest> messages = what switch
        {
            "no header" => [Batch(Item("A001"))],
            "header twice" => [header, Batch(Item("A001")), header],
            "header only" => [header],
            "bad code" => [header, Batch(Item("A001")), Batch(Item("X 1"))],
            "no name" => [header, Batch(Item("A001"), new CatalogueItem { Code = "B002", Category = ItemCategory.A, Unit = "盒" })],
            "no category" => [header, Batch(Item("A001"), Item("B002", ItemCategory.Unspecified))],
            "no unit" => [header, Batch(Item("A001", unit: " "))],
            "long unit" => [header, Batch(Item("A001", unit: new string('u', 17)))],
            "zero limit" => [header, Batch(Item("A001"), Item("B002", priceLimitFen: 0))],
            "duplicate code" => [header, Batch(Item("A001"), Item("B002")), Batch(Item("C003"), Item("A001"))],
            "large batch" => [header, Batch(Items("L", 10_001))],
            "bad date" => [new PublishCatalogueRequest { Header = new CatalogueHeader { RequestId = "cat-bad-date", RegionCode = Region, EffectiveFrom = "2026-02-30" } }, Batch(Item("A001"))],
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        var before = await _fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Registry.PublishAsync(messages), what);

        Assert.Equal(detail, refused.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
        Assert.Empty(await _fixture.VersionsAsync(Region));
    }

    [Fact]
    public async Task A_catalogue_for_an_unknown_region_is_refused()
    {
        var before = await _fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.NotFound, () => Registry.PublishAsync(Messages(Header("cat-nowhere", "310198", _today), [Item("A001")])));

        Assert.Equal("region 310198 not found", refused.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_first_version_may_start_in_the_past_a_later_one_only_today_or_later_and_after_the_latest()
    {
        const string Region = "310105";
        await _fixture.RegionAsync(Region);
        var first = await Registry.PublishAsync(Messages(Header("cat-v1", Region, new DateOnly(2018, 6, 1)), [Item("A001")]));
        var before = await _fixture.Database.CountsAsync();
        var yesterday = _today.AddDays(-1);

        var past = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Registry.PublishAsync(Messages(Header("cat-v2", Region, yesterday), [Item("A001")])));

        Assert.Equal(
            $"effective_from {ChinaClock.Format(yesterday)} is earlier than today {ChinaClock.Format(_today)} (China time): only a care region's first catalogue version may take effect in the past",
            past.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());

        var later = await Registry.PublishAsync(Messages(Header("cat-v2", Region, _today.AddDays(3)), [Item("A001")]));
        var notAfter = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Registry.PublishAsync(Messages(Header("cat-v3", Region, _today.AddDays(3)), [Item("A001")])));
        Assert.Equal(
            $"effective_from {ChinaClock.Format(_today.AddDays(3))} must be later than catalogue version 2's {ChinaClock.Format(_today.AddDays(3))}",
            notAfter.Status.Detail);
        var third = await Registry.PublishAsync(Messages(Header("cat-v3", Region, _today.AddDays(4)), [Item("A001")]));
        Assert.Equal([first, later, third], await _fixture.VersionsAsync(Region));
    }

    [Fact]
    public async Task Only_an_operator_publishes_a_catalogue_and_anyone_reads_it()
    {
        const string Region = "310106";
        await _fixture.RegionAsync(Region);
        await Registry.PublishAsync(Messages(Header("cat-access", Region, new DateOnly(2020, 1, 1)), [Item("A001", ItemCategory.A)]));
        var before = await _fixture.Database.CountsAsync();

        foreach (var caller in new[] { TestCallers.Region(Region), TestCallers.Officer, TestCallers.PlatformOf(Region) })
        {
            var client = new RegistryService.RegistryServiceClient(_fixture.Host.ChannelFor(caller));
            await Rpc.RefusedAsync(
                StatusCode.PermissionDenied, () => client.PublishAsync(Messages(Header("cat-by-" + caller.Role, Region, _today), [Item("B002")])), caller.ToString());
            var item = await client.GetCatalogueItemAsync(new GetCatalogueItemRequest { RegionCode = Region, Code = "A001", Date = ChinaClock.Format(_today) });
            Assert.Equal(ItemCategory.A, item.Item.Category);
            Assert.Single((await client.ListCatalogueVersionsAsync(new ListCatalogueVersionsRequest { RegionCode = Region })).Versions);
        }
        Assert.Equal(before, await _fixture.Database.CountsAsync());
    }
}
