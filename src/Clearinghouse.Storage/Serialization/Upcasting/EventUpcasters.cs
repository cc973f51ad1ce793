using System.Data.Common;
using System.Text.Json;
using Clearinghouse.Domain.Events;
using Clearinghouse.Storage.EventLog;
using Marten;

namespace Clearinghouse.Storage.Serialization.Upcasting;

/// <summary>
/// Every earlier stored shape of an event and how it is read as the current one (docs/event-store.md, "Events
/// that change shape"). A changed event gets a new stored name; its old name stays here with an upcaster, and
/// stored JSON is never edited. Every reader of stored events goes through here: stream reads, one event by version
/// and the read-model rebuild (<see cref="ReadAsync"/>); Marten's own upcasting is registered for its queries.
/// </summary>
internal static class EventUpcasters
{
    private static readonly Dictionary<string, (Type Stored, Func<object, IStampedEvent> Upcast)> ByStoredName = new(StringComparer.Ordinal)
    {
        [ContributionRecordedV1.StoredName] = (typeof(ContributionRecordedV1), old => ((ContributionRecordedV1)old).Upcast()),
        [SettlementAcceptedV1.StoredName] = (typeof(SettlementAcceptedV1), old => ((SettlementAcceptedV1)old).Upcast()),
    };

    public static void Register(StoreOptions options)
    {
        options.Events.Upcast<ContributionRecordedV1, ContributionRecorded>(ContributionRecordedV1.StoredName, old => old.Upcast());
        options.Events.Upcast<SettlementAcceptedV1, SettlementAccepted>(SettlementAcceptedV1.StoredName, old => old.Upcast());
    }

    /// <summary>The stored event in column <paramref name="ordinal"/>, read as the current shape of its type.</summary>
    public static async ValueTask<IStampedEvent> ReadAsync(
        ISerializer serializer, string storedName, DbDataReader reader, int ordinal, CancellationToken cancellationToken)
    {
        if (ByStoredName.TryGetValue(storedName, out var old))
        {
            return old.Upcast(await serializer.FromJsonAsync(old.Stored, reader, ordinal, cancellationToken));
        }
        return (IStampedEvent)await serializer.FromJsonAsync(EventTypeNames.TypeOf(storedName), reader, ordinal, cancellationToken);
    }

    /// <summary>
    /// The stored event's JSON, read as the current shape of its type: synchronously, from bytes already read (a
    /// whole stream's rows arrive in one message, and the asynchronous reader cost several times the CPU for them).
    /// </summary>
    public static IStampedEvent Read(ISerializer serializer, string storedName, ReadOnlyMemory<byte> json)
    {
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(json, out var bytes)
            ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
            : new MemoryStream(json.ToArray(), writable: false);
        if (ByStoredName.TryGetValue(storedName, out var old))
        {
            return old.Upcast(serializer.FromJson(old.Stored, stream));
        }
        return (IStampedEvent)serializer.FromJson(EventTypeNames.TypeOf(storedName), stream);
    }

    /// <summary>
    /// <see cref="Read"/> with other JSON options than Marten's own (<see cref="FoldJson"/>: a stream read to fold
    /// state, its settlements' line items skipped), straight from the bytes.
    /// </summary>
    public static IStampedEvent Read(JsonSerializerOptions options, string storedName, ReadOnlySpan<byte> json)
    {
        if (ByStoredName.TryGetValue(storedName, out var old))
        {
            return old.Upcast(JsonSerializer.Deserialize(json, old.Stored, options)!);
        }
        return (IStampedEvent)JsonSerializer.Deserialize(json, EventTypeNames.TypeOf(storedName), options)!;
    }
}
