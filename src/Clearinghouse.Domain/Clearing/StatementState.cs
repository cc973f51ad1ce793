using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Clearing;

/// <summary>One region's statement of one period, folded from its stream: issued at close, then confirmed.</summary>
public sealed class StatementState : IEventSourcedState
{
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }

    /// <summary>Null until the period is closed.</summary>
    public StatementIssued? Issued { get; private set; }

    public StatementConfirmed? Confirmation { get; private set; }

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public void Apply(IStampedEvent e)
    {
        switch (e)
        {
            case StatementIssued issued:
                Invariant.Require(Issued is null, "a statement is issued once");
                Issued = issued;
                break;
            case StatementConfirmed confirmed:
                Invariant.Require(Issued is not null && Confirmation is null, "an issued statement is confirmed once");
                Confirmation = confirmed;
                break;
            default:
                throw new InvariantViolationException($"a statement stream holds no {e.GetType().Name} events");
        }
        Version++;
        _requests.Add(e.Request.Key, Version);
    }
}
