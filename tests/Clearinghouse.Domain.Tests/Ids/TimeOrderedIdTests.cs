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

    [Fact]
    public void Ids_of_a_later_millisecond_sort_after_as_text()
    {
        Gen.Select(Instant, Gen.Long[1, 1_000_000]).Sample((at, later) =>
        {
            if (at.ToUnixTimeMilliseconds() + later > LastMillisecond)
            {
                return;
            }
            var (firstText, secondText) = (TimeOrderedId.Text(at), TimeOrderedId.Text(at.AddMilliseconds(later)));
            Assert.Matches("^[0-9a-f]{32}$", firstText);
            Assert.True(string.CompareOrdinal(firstText, secondText) < 0, $"{firstText} < {secondText}");
        });
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
