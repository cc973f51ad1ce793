using Clearinghouse.Api;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The host's memory of recent settlements' owners (pure code, no host needed): it answers for what it was
/// told, forgets the oldest first, and never holds more than its capacity, however many callers add at once.
/// Reverse's routing through it is covered end to end by every reversal test.
/// </summary>
public sealed class RecentSettlementOwnersTests
{
    [Fact]
    public void It_answers_for_the_settlements_it_was_told_of_and_forgets_the_oldest_first()
    {
        var owners = new RecentSettlementOwners(capacity: 3);
        owners.Remember("s1", "p1");
        owners.Remember("s2", "p2");
        owners.Remember("s1", "p1");
        owners.Remember("s3", "p3");
        Assert.Equal(("p1", "p2", "p3"), (owners.Find("s1"), owners.Find("s2"), owners.Find("s3")));
        Assert.Null(owners.Find("s9"));

        owners.Remember("s4", "p4");
        Assert.Null(owners.Find("s1"));
        Assert.Equal(("p2", "p3", "p4"), (owners.Find("s2"), owners.Find("s3"), owners.Find("s4")));
        Assert.Equal(3, owners.Count);
    }

    [Fact]
    public async Task Concurrent_callers_never_leave_it_above_its_capacity_nor_with_a_wrong_owner()
    {
        const int capacity = 1_000;
        var owners = new RecentSettlementOwners(capacity);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                owners.Remember($"t{t}-s{i}", $"p{t}");
            }
        })));
        Assert.True(owners.Count <= capacity, $"{owners.Count} entries held, capacity {capacity}");
        // Whatever it still holds names the right owner.
        var held = Enumerable.Range(0, 8).SelectMany(t => Enumerable.Range(0, 20_000).Select(i => (Key: $"t{t}-s{i}", Owner: $"p{t}")))
            .Where(e => owners.Find(e.Key) is not null).ToList();
        Assert.Equal(owners.Count, held.Count);
        Assert.All(held, e => Assert.Equal(e.Owner, owners.Find(e.Key)));
        // And the newest settlement is always there.
        owners.Remember("after", "p-after");
        Assert.Equal("p-after", owners.Find("after"));
        Assert.True(owners.Count <= capacity);
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        Assert.ThrowsAny<Exception>(() => new RecentSettlementOwners(0));
    }
}
