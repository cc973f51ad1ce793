using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Serialization.Upcasting;
using Marten;

namespace Clearinghouse.Storage.ReadModels.Supervision;

/// <summary>Reads a feed event's stored JSON with the store's serializer and upcasters, as the event log reads streams.</summary>
public sealed class StoredEventDecoder(IDocumentStore store) : IEventDecoder
{
    private readonly ISerializer _serializer = store.Options.Serializer();

    public IStampedEvent Decode(FeedEvent e) => EventUpcasters.Read(_serializer, e.Type, e.Json);
}
