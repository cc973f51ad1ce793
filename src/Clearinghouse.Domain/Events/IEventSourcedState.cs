namespace Clearinghouse.Domain.Events;

/// <summary>State folded from one stream. Apply is pure and never throws for an event the stream can hold.</summary>
public interface IEventSourcedState
{
    /// <summary>Number of events applied: the version the next append expects.</summary>
    long Version { get; }

    void Apply(IStampedEvent e);

    /// <summary>
    /// The stream version of the event an earlier request (scope/request id) produced in this stream, if
    /// any (its first event, when it produced several). The grain reads that event back to answer a retry.
    /// </summary>
    long? FindRequest(RequestKey requestKey);
}
