namespace Clearinghouse.Domain.Events;

/// <summary>State folded from one stream. Apply is pure and never throws for an event the stream can hold.</summary>
public interface IEventSourcedState
{
    /// <summary>Number of events applied: the version the next append expects.</summary>
    long Version { get; }

    void Apply(IStampedEvent e);

    /// <summary>The event an earlier request (scope/request id) produced in this stream, if any.</summary>
    IStampedEvent? FindRequest(RequestKey requestKey);
}
