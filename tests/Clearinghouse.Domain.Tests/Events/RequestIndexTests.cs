using System.Globalization;
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

        // Past the stack buffer: the last character still counts.
        var longId = new string('x', 2_000);
        Assert.NotEqual(IdDigest.Of(longId + "a"), IdDigest.Of(longId + "b"));
    }

    /// <summary>
    /// Digests pinned to SHA-256 vectors computed outside .NET (Python's hashlib): the first 16 bytes of
    /// the hash read as a little-endian UInt128. "abc" is the FIPS 180-2 example
    /// (ba7816bf 8f01cfea 414140de 5dae2223 …); the two-part keys are UTF-8 of the parts joined by 0xFF.
    /// Stored digests key every retry lookup, so a change of separator, encoding or byte order must fail here.
    /// </summary>
    [Theory]
    [InlineData("abc", null, "2322ae5dde404141eacf018fbf1678ba")]
    [InlineData("610924", "q-1", "67b0a2c87360335486a783cff59afde0")]    // sha256("610924" 0xFF "q-1") = e0fd9af5 cf83a786 54336073 c8a2b067 …
    [InlineData("城", "ab", "255145b3e2b9a037bfbd6d7199745b27")]         // sha256(e5 9f 8e 0xFF "ab") = 275b7499 716dbdbf 37a0b9e2 b3455125 …
    public void A_digest_is_the_first_128_bits_of_sha256_of_the_utf8_parts(string first, string? second, string expectedHex) =>
        Assert.Equal(new IdDigest(UInt128.Parse(expectedHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)), IdDigest.Of(first, second));

    [Fact]
    public void A_digest_of_an_id_longer_than_the_stack_buffer_hashes_every_byte()
    {
        // sha256("x" × 2000 + "a") = 4a40945f 2fe5119f 3848b02d 83171342 …, computed outside .NET.
        var expected = new IdDigest(UInt128.Parse("421317832db048389f11e52f5f94404a", NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Equal(expected, IdDigest.Of(new string('x', 2_000) + "a"));
    }
}
