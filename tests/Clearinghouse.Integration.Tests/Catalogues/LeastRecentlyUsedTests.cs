using Clearinghouse.Grains.Catalogues;

namespace Clearinghouse.Integration.Tests.Catalogues;

/// <summary>The bound of the per-silo catalogue cache: the entry used least recently goes first.</summary>
public sealed class LeastRecentlyUsedTests
{
    [Fact]
    public void A_full_cache_forgets_the_entry_used_least_recently()
    {
        var cache = new LeastRecentlyUsed<string, int>(2);
        var created = new List<string>();
        int Create(string key)
        {
            created.Add(key);
            return created.Count;
        }

        Assert.Equal(1, cache.GetOrAdd("a", () => Create("a")));
        Assert.Equal(2, cache.GetOrAdd("b", () => Create("b")));
        Assert.Equal(1, cache.GetOrAdd("a", () => Create("a")));
        Assert.Equal(3, cache.GetOrAdd("c", () => Create("c")));

        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.GetOrAdd("a", () => Create("a")));
        Assert.Equal(4, cache.GetOrAdd("b", () => Create("b")));
        Assert.Equal(["a", "b", "c", "b"], created);
    }

    [Fact]
    public void Removing_forgets_only_the_value_it_names()
    {
        var cache = new LeastRecentlyUsed<string, string>(4);
        cache.GetOrAdd("k", () => "first");

        cache.Remove("k", "other");
        Assert.Equal("first", cache.GetOrAdd("k", () => "second"));

        cache.Remove("k", "first");
        Assert.Equal(0, cache.Count);
        Assert.Equal("second", cache.GetOrAdd("k", () => "second"));
    }
}
