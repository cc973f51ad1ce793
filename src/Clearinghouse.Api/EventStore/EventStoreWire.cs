using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Clearinghouse.EventStore.Protocol;
using Clearinghouse.Grains.Storage;
using Google.Protobuf;

namespace Clearinghouse.Api.EventStore;

/// <summary>Stored events as the EventStoreDB protocol carries them (docs/eventstore-protocol.md, "Events").</summary>
public static class EventStoreWire
{
    /// <summary>.NET ticks (100 ns) in a millisecond: "created" counts ticks since the Unix epoch, as EventStoreDB's does.</summary>
    private const long TicksPerMillisecond = 10_000;

    public static ReadResp Event(FeedEvent e, bool structuredIds)
    {
        var recorded = new ReadResp.Types.ReadEvent.Types.RecordedEvent
        {
            Id = Uuid(e.Id, structuredIds),
            StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(e.Stream) },
            StreamRevision = (ulong)e.Revision,
            CommitPosition = (ulong)e.Position,
            PreparePosition = (ulong)e.Position,
            Data = UnsafeByteOperations.UnsafeWrap(e.Json),
            CustomMetadata = Metadata(e),
        };
        recorded.Metadata["type"] = e.Type;
        recorded.Metadata["content-type"] = "application/json";
        recorded.Metadata["created"] = (e.AcceptedAt.ToUnixTimeMilliseconds() * TicksPerMillisecond).ToString(CultureInfo.InvariantCulture);
        return new ReadResp { Event = new ReadResp.Types.ReadEvent { Event = recorded, CommitPosition = (ulong)e.Position } };
    }

    public static ReadResp Checkpoint(long position) =>
        new() { Checkpoint = new ReadResp.Types.Checkpoint { CommitPosition = (ulong)position, PreparePosition = (ulong)position } };

    public static ReadResp StreamNotFound(string stream) =>
        new() { StreamNotFound = new ReadResp.Types.StreamNotFound { StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(stream) } } };

    public static ReadResp Confirmation(string subscriptionId) =>
        new() { Confirmation = new ReadResp.Types.SubscriptionConfirmation { SubscriptionId = subscriptionId } };

    public static readonly ReadResp CaughtUp = new() { CaughtUp = new ReadResp.Types.CaughtUp() };

    /// <summary>Who caused the event and when, as JSON (the event's own request stamp, as the audit trail files it).</summary>
    private static ByteString Metadata(FeedEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("actor", e.Actor);
            json.WriteString("acceptedAt", e.AcceptedAt.ToUniversalTime());
            json.WriteStartArray("regions");
            foreach (var region in e.Regions)
            {
                json.WriteStringValue(region);
            }
            json.WriteEndArray();
            json.WriteString("requestScope", e.RequestScope);
            json.WriteString("requestId", e.RequestId);
            json.WriteEndObject();
        }
        return ByteString.CopyFrom(buffer.WrittenSpan);
    }

    /// <summary>
    /// An event id as the reader asked: the canonical string, or the two halves of its big-endian 128 bits (as
    /// EventStoreDB's structured UUID, after Java's UUID).
    /// </summary>
    private static UUID Uuid(Guid id, bool structured)
    {
        if (!structured)
        {
            return new UUID { String = id.ToString("D") };
        }
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return new UUID
        {
            Structured = new UUID.Types.Structured
            {
                MostSignificantBits = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes[..8]),
                LeastSignificantBits = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes[8..]),
            },
        };
    }
}
