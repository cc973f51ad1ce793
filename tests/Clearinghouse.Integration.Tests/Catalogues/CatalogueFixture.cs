using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Catalogues;

/// <summary>
/// A host on a clock the catalogue facts set to noon of the run's today in China, so "today" cannot turn under a
/// fact; and a few helpers every catalogue fact uses.
/// </summary>
public sealed class CatalogueFixture : ClearinghouseFixture
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public ShiftedClock Business { get; } = new(SuiteClock.Instance.GetUtcNow());

    protected override TimeProvider? Clock => Business;

    /// <summary>Sets the clock to noon in China of the run's today; answers that day.</summary>
    public DateOnly AtNoon()
    {
        var today = ChinaClock.Today;
        Business.MoveTo(new DateTimeOffset(today.ToDateTime(new TimeOnly(12, 0)), China));
        return today;
    }

    public async Task RegionAsync(string code) =>
        await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "region-" + code, RegionCode = code, Name = "Region " + code });

    public async Task<IReadOnlyList<CatalogueVersion>> VersionsAsync(string region) =>
        (await Registry.ListCatalogueVersionsAsync(new ListCatalogueVersionsRequest { RegionCode = region })).Versions;

    public async Task<CatalogueItemInForce> ItemAsync(string region, string code, DateOnly date) =>
        await Registry.GetCatalogueItemAsync(new GetCatalogueItemRequest { RegionCode = region, Code = code, Date = ChinaClock.Format(date) });
}
