using System.Diagnostics;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using static Clearinghouse.Integration.Tests.Support.CatalogueStream;

namespace Clearinghouse.Integration.Tests.Catalogues;

/// <summary>
/// A catalogue of a province's size: 100,000 items published in one call, read back by the settlement path's
/// <see cref="ICatalogues"/> and by GetCatalogueItem; and the read models rebuilt from a database that holds one.
/// Times are printed, not asserted (docs/catalogues.md records them).
/// </summary>
public sealed class LargeCatalogueTests(CatalogueFixture fixture, ITestOutputHelper output) : IClassFixture<CatalogueFixture>
{
    private const int Size = 100_000;

    [Fact]
    public async Task A_catalogue_of_100000_items_is_published_in_one_call_and_loaded_once_per_silo()
    {
        const string Region = "440101";
        var today = fixture.AtNoon();
        await fixture.RegionAsync(Region);
        var items = Items("G", Size).ToList();
        var before = await fixture.Database.CountsAsync();

        var started = Stopwatch.GetTimestamp();
        var version = await fixture.Registry.PublishAsync(Messages(Header("cat-large", Region, new DateOnly(2020, 1, 1)), items, batchSize: 10_000));
        var published = Stopwatch.GetElapsedTime(started);

        Assert.Equal((1, Size), (version.Version, version.ItemCount));
        // One header and 20 events of 5,000 items.
        Assert.Equal(before with { Events = before.Events + 21, RequestKeys = before.RequestKeys + 1, Streams = before.Streams + 2 }, await fixture.Database.CountsAsync());

        var catalogues = fixture.Host.Services.GetRequiredService<ICatalogues>();
        started = Stopwatch.GetTimestamp();
        var loaded = await catalogues.InForceAsync(Region, today);
        var firstLoad = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var again = await catalogues.InForceAsync(Region, today);
        var cached = Stopwatch.GetElapsedTime(started);

        Assert.NotNull(loaded);
        Assert.Same(loaded, again);
        Assert.Equal(Size, loaded.Count);
        foreach (var i in new[] { 1, 2, 49_999, 100_000 })
        {
            var found = await fixture.ItemAsync(Region, $"G{i:D6}", today);
            Assert.Equal(items[i - 1], found.Item);
        }
        Assert.Null(await catalogues.InForceAsync(Region, new DateOnly(2019, 12, 31)));

        var (visit, settled) = await SettleFiftyLinesAsync(Region, today);
        output.WriteLine(
            $"published {Size:N0} items in {published.TotalMilliseconds:N0} ms; first ICatalogues.InForceAsync (load) {firstLoad.TotalMilliseconds:N0} ms, " +
            $"second (cached) {cached.TotalMilliseconds:N3} ms; a 50-line visit settled against it in {settled.TotalMilliseconds:N1} ms");
        Assert.Equal(1, visit.CatalogueVersion);
    }

    /// <summary>
    /// A visit of 50 lines, G000001..G000050 at 2.00 a unit: every even item is limited to 100 + i fen, so its line is
    /// over the limit by 100 − i; over-limit self-pay is Σ (100 − 2k) for k = 1..25 = 1,850.
    /// </summary>
    private async Task<(Settlement Visit, TimeSpan Elapsed)> SettleFiftyLinesAsync(string care, DateOnly today)
    {
        const string Insured = "450102";
        await fixture.RegionAsync(Insured);
        await fixture.Registry.PublishPolicyAsync(new PublishPolicyRequest
            { RequestId = "large-policy", RegionCode = Insured, EffectiveFrom = "2020-01-01", Policy = Policies.Standard() });
        await fixture.Registry.RegisterHospitalAsync(new RegisterHospitalRequest
            { RequestId = "large-h1", RegionCode = care, HospitalCode = "LARGE-H1", Name = "Large 1", Level = 2 });
        await fixture.Registry.EnrollPersonAsync(new EnrollPersonRequest
            { RequestId = "large-enrol", PersonId = "large-1", InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active });
        var request = new SettleRequest
        {
            RequestId = "large-visit", CareRegionCode = care, HospitalCode = "LARGE-H1", PersonId = "large-1",
            VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(today),
        };
        request.Items.AddRange(Enumerable.Range(1, 50).Select(i => new LineItem
            { Code = $"G{i:D6}", Name = $"line {i}", Category = ItemCategory.C, Quantity = 1, UnitPriceFen = 200 }));

        var started = Stopwatch.GetTimestamp();
        var visit = await fixture.Settlements.SettleAsync(request);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var read = await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = visit.SettlementId });
        Assert.Equal((10_000L, 1_850L), (visit.TotalFen, visit.OverLimitSelfPayFen));
        Assert.Equal(visit.TotalFen, visit.EligibleFen + visit.CopayBFen + visit.SelfPayCFen + visit.OverLimitSelfPayFen);
        // Each line in the catalogue's category (1 + i mod 3), whatever was sent.
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ItemCategory)(1 + i % 3)), read.Items.Select(line => line.Category));
        return (visit, elapsed);
    }

    [Fact]
    public async Task Callers_of_a_version_not_yet_loaded_share_one_load()
    {
        const string Region = "440103";
        var today = fixture.AtNoon();
        await fixture.RegionAsync(Region);
        await fixture.Registry.PublishAsync(Messages(Header("cat-shared", Region, new DateOnly(2020, 1, 1)), Items("S", 20_000)));
        var catalogues = fixture.Host.Services.GetRequiredService<ICatalogues>();

        var loaded = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await catalogues.InForceAsync(Region, today))));

        // One load gives one instance: had each caller loaded the version, each would hold its own.
        Assert.All(loaded, catalogue => Assert.Same(loaded[0], catalogue));
        Assert.Equal(20_000, loaded[0]!.Count);
    }

    [Fact]
    public async Task Read_models_rebuilt_from_a_database_with_a_catalogue_hold_the_same_rows_and_the_catalogue_still_reads()
    {
        const string Region = "440102";
        var today = fixture.AtNoon();
        await fixture.RegionAsync(Region);
        await fixture.Registry.PublishAsync(Messages(Header("cat-rebuilt", Region, new DateOnly(2020, 1, 1)), Items("H", 12_345)));
        var rows = await RowsAsync();

        await fixture.RestartHostAsync(() => ReadModelRebuilds.RunAsync(fixture.ConnectionString));

        Assert.Equal(rows, await RowsAsync());
        Assert.Equal(Item("H012345", ItemCategory.A, name: "药品 H 12345", unit: "次"), (await fixture.ItemAsync(Region, "H012345", today)).Item);
        var retried = await fixture.Registry.PublishAsync(Messages(Header("cat-rebuilt", Region, new DateOnly(2020, 1, 1)), Items("H", 12_345)));
        Assert.Equal(1, retried.Version);
    }

    /// <summary>The audit trail and the request keys of the catalogue streams, without the commit sequence a rebuild renumbers.</summary>
    private async Task<List<string>> RowsAsync()
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select 'audit ' || actor || ' ' || kind || ' ' || array_to_string(regions, ',') || ' ' || stream_key || ' ' || stream_version || ' ' || scope || ' ' || request_id
              from clearinghouse.audit_actions where stream_key like 'catalogue:%'
            union all
            select 'key ' || scope || ' ' || request_id || ' ' || fingerprint || ' ' || stream_key from clearinghouse.request_keys where stream_key like 'catalogue:%'
            order by 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        Assert.NotEmpty(rows);
        return rows;
    }
}
