using CsCheck;

namespace Clearinghouse.Domain.Tests.Ids;

/// <summary>Ids are RFC 9562 version 7 UUIDs: they carry their millisecond, sort by it, and do not repeat.</summary>
public sealed class TimeOrderedIdTests
{
    // From 1970 to the end of 9999, all a DateTimeOffset holds (well within 48 bits of milliseconds).
    private static readonly long LastMillisecond = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static readonly Gen<DateTimeOffset> Instant =
        Gen.Long[0, LastMillisecond].Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms));

    [Fact]
    public void An_id_is_version_7_with_the_RFC_variant_and_carries_its_millisecond()
    {
        Instant.Sample(at =>
        {
            var id = TimeOrderedId.New(at);
            Span<byte> bytes = stackalloc byte[16];
            Assert.True(id.TryWriteBytes(bytes, bigEndian: true, out _));
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, bytes[8] >> 6);
            var milliseconds = (long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
            Assert.Equal(at.ToUnixTimeMilliseconds(), milliseconds);
        });
    }

    /// <summary>
    /// The earlier instant is drawn so that the later one always fits, so every sample asserts; adjacent
    /// milliseconds come up often. The random bits (Random.Shared, not injectable) cannot change the
    /// outcome: the millisecond prefix decides.
    /// </summary>
    [Fact]
    public void Ids_of_a_later_millisecond_sort_after_as_text()
    {
        var pairs =
            from later in Gen.Frequency((2, Gen.Const(1L)), (3, Gen.Long[1, 1_000]), (1, Gen.Long[1, 1_000_000]))
            from first in Gen.Frequency((3, Gen.Long[0, LastMillisecond - later]), (1, Gen.Const(LastMillisecond - later)), (1, Gen.Const(0L)))
            select (DateTimeOffset.FromUnixTimeMilliseconds(first), DateTimeOffset.FromUnixTimeMilliseconds(first + later));
        pairs.Sample((earlier, later) =>
        {
            var (firstText, secondText) = (TimeOrderedId.Text(earlier), TimeOrderedId.Text(later));
            Assert.Matches("^[0-9a-f]{32}$", firstText);
            Assert.Matches("^[0-9a-f]{32}$", secondText);
            Assert.True(string.CompareOrdinal(firstText, secondText) < 0, $"{firstText} < {secondText}");
        }, iter: 1_000);
    }

    /// <summary>Worked text prefixes: the first 12 hex digits are the Unix milliseconds, then the version nibble 7.</summary>
    [Theory]
    [InlineData(0L, "000000000000")]
    [InlineData(1L, "000000000001")]
    [InlineData(1_795_000_000_000L, "01a1ee565e00")]          // 1,795,000,000,000 = 0x1A1_EE56_5E00
    [InlineData(253_402_300_799_999L, "e677d21fdbff")]        // 9999-12-31T23:59:59.999Z = 0xE677_D21F_DBFF
    public void The_text_starts_with_the_millisecond_in_hex_and_the_version(long milliseconds, string prefix)
    {
        var text = TimeOrderedId.Text(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));

        Assert.Equal(prefix + "7", text[..13]);
        Assert.Contains(text[16], "89ab");
    }

    [Fact]
    public void A_million_ids_in_one_millisecond_from_four_threads_are_all_different()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000);
        var ids = new Guid[4][];
        Parallel.For(0, 4, t => ids[t] = [.. Enumerable.Range(0, 250_000).Select(_ => TimeOrderedId.New(at))]);

        Assert.Equal(1_000_000, ids.SelectMany(x => x).Distinct().Count());
    }

    [Fact]
    public void An_instant_before_1970_is_refused()
    {
        Assert.Throws<InvariantViolationException>(() => TimeOrderedId.New(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }
}
