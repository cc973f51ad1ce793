using Clearinghouse.Domain.Events;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// A stored event of the feed (<see cref="FeedEvent"/>) read as its current shape, earlier shapes upcast, as the
/// event log reads its streams: for readers that follow $all and act on the events (fund supervision).
/// </summary>
public interface IEventDecoder
{
    IStampedEvent Decode(FeedEvent e);
}
