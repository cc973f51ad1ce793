using System.Buffers.Binary;

namespace Clearinghouse.Domain;

/// <summary>
/// UUID version 7 ids (RFC 9562: 48 bits of Unix milliseconds, then 74 random bits): of settlements,
/// reversals, registrations, reconciliations, discrepancies and events. <see cref="Guid.CreateVersion7()"/> fills its random bits from a read of
/// /dev/urandom: one system call per id on .NET's portable Linux build, which on a virtual machine is a
/// visible share of the host's CPU (see docs/performance.md). These ids must be unique and time-ordered, not unpredictable: nothing
/// is granted to whoever knows one. So the random bits come from <see cref="Random.Shared"/>
/// (xoshiro256**, seeded from the OS once per thread), which makes two equal ids within one millisecond
/// a 2^-74 chance per pair; a clash would be refused by the store's keys, not silently merged.
/// </summary>
public static class TimeOrderedId
{
    public static Guid New(DateTimeOffset at)
    {
        var milliseconds = at.ToUnixTimeMilliseconds();
        Invariant.Require(milliseconds is >= 0 and < 1L << 48, "an instant at or after 1970, as a UUIDv7 timestamp holds");
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        // Big-endian, as the RFC lays it out: timestamp, version nibble, variant bits.
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)milliseconds << 16 | (ulong)(bytes[6] & 0x0F | 0x70) << 8 | bytes[7]);
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static Guid New() => New(DateTimeOffset.UtcNow);

    /// <summary>
    /// The id as the API and the ledger carry it: 32 lower-case hex digits, which sort (ordinally) by the
    /// millisecond, so ids of records accepted later sort later.
    /// </summary>
    public static string Text(DateTimeOffset at) => New(at).ToString("N");
}
