using Clearinghouse.Domain.Events;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Events;

public sealed class RequestIndexTests
{
    // Short texts over a small alphabet with a multi-byte character, so that keys often share prefixes
    // and a ("ab", "c") / ("a", "bc") split comes up.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["ab城"], 0, 6];

    [Fact]
    public void Every_request_is_found_at_the_version_of_its_first_event_and_no_other_key_is()
    {
        Gen.Select(Text, Text).Array[1, 60].Sample(keys =>
        {
            var index = new RequestIndex();
            var expected = new Dictionary<RequestKey, long>();
            for (var i = 0; i < keys.Length; i++)
            {
                var key = RequestKey.Of(keys[i].Item1, keys[i].Item2);
                index.Add(key, i + 1);
                expected.TryAdd(key, i + 1);
            }

            Assert.Equal(expected.Count, index.Count);
            foreach (var (key, version) in expected)
            {
                Assert.Equal(version, index.Find(key));
            }
            foreach (var (scope, id) in keys)
            {
                var other = RequestKey.Of(scope + "x", id);
                Assert.Equal(expected.TryGetValue(other, out var v) ? v : null, index.Find(other));
            }
        });
    }

    [Fact]
    public void A_digest_tells_where_the_scope_ends_and_reads_long_ids_whole()
    {
        Assert.NotEqual(IdDigest.Of("ab", "c"), IdDigest.Of("a", "bc"));
        Assert.NotEqual(IdDigest.Of("abc"), IdDigest.Of("ab", "c"));
        Assert.Equal(IdDigest.Of("610924", "q-1"), IdDigest.Of("610924", "q-1"));

        // Past the stack buffer: the last character still counts.
        var longId = new string('x', 2_000);
        Assert.NotEqual(IdDigest.Of(longId + "a"), IdDigest.Of(longId + "b"));
        Assert.Equal(IdDigest.Of(longId + "a"), IdDigest.Of(new string('x', 2_000) + "a"));
    }
}
