using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Clearinghouse.Domain.Events;

/// <summary>
/// Which event of a stream each request produced: its stream version, found by request key. A grain
/// answers a retry by reading that one event back from its stream. The index holds plain values (a
/// digest of the key and a version), never the strings or the events themselves: a person grain keeps
/// one entry per settlement for as long as it is active, and a table of values is something the garbage
/// collector neither promotes nor traces. Keeping the events made every gen-0 collection copy them and
/// lengthened the tail latency (see docs/performance.md).
/// </summary>
public sealed class RequestIndex
{
    private readonly Dictionary<IdDigest, long> _versions = [];

    public int Count => _versions.Count;

    /// <summary>Records the version of the event a request produced; a request's first event wins.</summary>
    public void Add(RequestKey key, long version) => _versions.TryAdd(IdDigest.Of(key.Scope, key.RequestId), version);

    /// <summary>
    /// The stream version of the event this request produced, if it was seen. A digest match is checked
    /// by the caller against the event's own stamp, so even a (2⁻¹²⁸) collision is never taken for a retry.
    /// </summary>
    public long? Find(RequestKey key) => _versions.TryGetValue(IdDigest.Of(key.Scope, key.RequestId), out var version) ? version : null;

    /// <summary>Every entry, in version order: for describing a state, never on a request's path.</summary>
    public IEnumerable<KeyValuePair<IdDigest, long>> InVersionOrder() => _versions.OrderBy(entry => entry.Value).ThenBy(entry => entry.Key.Value);
}

/// <summary>
/// The first 128 bits of the SHA-256 of one or two identifiers: a fixed-size value that stands for a
/// string key in tables a grain keeps for its whole life. Two parts are hashed with a separator byte that
/// UTF-8 text never contains (0xFF), so ("a", "bc") and ("ab", "c") differ.
/// </summary>
public readonly record struct IdDigest(UInt128 Value)
{
    private const int StackLimit = 512;

    public static IdDigest Of(string id) => Of(id, null);

    public static IdDigest Of(string first, string? second)
    {
        var length = Encoding.UTF8.GetByteCount(first) + (second is null ? 0 : 1 + Encoding.UTF8.GetByteCount(second));
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(first, buffer);
            if (second is not null)
            {
                buffer[written++] = 0xFF;
                written += Encoding.UTF8.GetBytes(second, buffer[written..]);
            }
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return new IdDigest(MemoryMarshal.Read<UInt128>(hash));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
