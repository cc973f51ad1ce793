using System.Collections.Immutable;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Events;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Catalogues;

/// <summary>The catalogue grain's state: the published headers in order, and the version in force on a date.</summary>
public sealed class CatalogueStateTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 6, 15, 1, 30, 0, TimeSpan.Zero);

    private static CataloguePublished Published(int version, DateOnly effectiveFrom, int items = 3) =>
        new(new RequestStamp("310101", $"cat-{version}", "f", Accepted.AddMinutes(version), "operator:li"), "310101", version, effectiveFrom, items);

    [Fact]
    public void The_fold_keeps_each_header_and_finds_its_request()
    {
        var state = new CatalogueState();
        Assert.Null(state.Latest);
        Assert.Null(state.InForce(new DateOnly(2030, 1, 1)));

        state.Apply(Published(1, new DateOnly(2020, 1, 1), items: 7));
        state.Apply(Published(2, new DateOnly(2026, 7, 1)));

        Assert.Equal(2, state.Version);
        Assert.Equal(
            [
                new CatalogueVersionInfo("310101", 1, new DateOnly(2020, 1, 1), 7, Accepted.AddMinutes(1), "cat-1"),
                new CatalogueVersionInfo("310101", 2, new DateOnly(2026, 7, 1), 3, Accepted.AddMinutes(2), "cat-2"),
            ],
            state.Versions);
        Assert.Equal(2, state.Latest!.Version);
        Assert.Equal(2, state.FindRequest(new RequestKey("310101", "cat-2")));
        Assert.Null(state.FindRequest(new RequestKey("310102", "cat-2")));
        Assert.Null(state.InForce(new DateOnly(2019, 12, 31)));
        Assert.Equal(1, state.InForce(new DateOnly(2020, 1, 1))!.Version);
        Assert.Equal(1, state.InForce(new DateOnly(2026, 6, 30))!.Version);
        Assert.Equal(2, state.InForce(new DateOnly(2026, 7, 1))!.Version);
    }

    [Fact]
    public void A_catalogue_stream_holds_headers_only()
    {
        var items = new CatalogueItemsListed(Published(1, default).Request, "310101", 1, ImmutableArray<CatalogueItem>.Empty);
        Assert.Throws<InvariantViolationException>(() => new CatalogueState().Apply(items));
    }

    [Fact]
    public void The_version_in_force_is_the_latest_effective_on_or_before_the_date()
    {
        // Increasing effective dates (as publishing keeps them) and any date: the answer is the reference's scan.
        var gen = Gen.Select(Gen.Int[1, 60].Array[0, 12], Gen.Int[-30, 800]);
        gen.Sample((gaps, offset) =>
        {
            var start = new DateOnly(2020, 1, 1);
            var state = new CatalogueState();
            var effective = start;
            var dates = new List<DateOnly>();
            for (var v = 0; v < gaps.Length; v++)
            {
                effective = effective.AddDays(gaps[v]);
                dates.Add(effective);
                state.Apply(Published(v + 1, effective));
            }
            var date = start.AddDays(offset);
            var expected = dates.FindLastIndex(d => d <= date) is var i and >= 0 ? i + 1 : (int?)null;
            return state.InForce(date)?.Version == expected;
        });
    }
}
