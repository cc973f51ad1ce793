using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Supervision;

/// <summary>One flag, folded from its stream: the finding and, once an officer decided, the resolution.</summary>
public sealed class FlagState : IEventSourcedState
{
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }

    public SettlementFlagged? Flagged { get; private set; }

    public FlagResolved? Resolution { get; private set; }

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public FlagView? View() => Flagged is null ? null : new FlagView(Flagged, Resolution);

    public void Apply(IStampedEvent e)
    {
        Version++;
        _requests.Add(e.Request.Key, Version);
        switch (e)
        {
            case SettlementFlagged flagged:
                Flagged = flagged;
                break;
            case FlagResolved resolved:
                Resolution = resolved;
                break;
        }
    }
}

/// <summary>A flag as read: the finding and its resolution (null while open).</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.flag_view.v1")]
public sealed record FlagView([property: Id(0)] SettlementFlagged Flagged, [property: Id(1)] FlagResolved? Resolution)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public FlagStatus Status => Resolution?.Resolution switch
    {
        null => FlagStatus.Open,
        FlagResolution.Confirmed => FlagStatus.Confirmed,
        _ => FlagStatus.FalsePositive,
    };
}
