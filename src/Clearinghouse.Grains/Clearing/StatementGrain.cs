using Clearinghouse.Domain;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Clearing;

/// <summary>
/// A region's statement of one period. The clearing grain starts the stream at close; this grain only
/// adds the region's confirmation. Until the statement is issued it re-reads its stream on every call,
/// since the close writes it from elsewhere.
/// </summary>
public sealed class StatementGrain(IEventLog eventLog, BusinessClock clock) : EventSourcedGrain<StatementState>(eventLog), IStatementGrain
{
    private string Period => this.GetPrimaryKeyString()[..7];

    private string RegionCode => this.GetPrimaryKeyString()[8..];

    protected override string StreamKey => StreamKeys.Statement(Period, RegionCode);

    public async Task<StatementView?> Get()
    {
        if (State.Issued is null)
        {
            await Reload();
        }
        return View();
    }

    public async Task<StatementView> Confirm(ConfirmStatement command)
    {
        if (State.Issued is null)
        {
            await Reload();
        }
        if (await Replay<StatementConfirmed>(RegionCode, command.RequestId, command.Fingerprint) is not null)
        {
            return View()!;
        }
        if (State.Confirmation is not null)
        {
            // Confirming again changes nothing and writes nothing, but its request id must still be its own.
            await RequireRequestIdUnused(RegionCode, command.RequestId);
        }
        else
        {
            if (State.Issued is null)
            {
                throw RejectedException.NotFound($"region {RegionCode} has no statement for period {Period}");
            }
            var stamp = RequestStamps.Of(RegionCode, command.RequestId, command.Fingerprint, clock.AcceptedNow());
            await Commit(new StatementConfirmed(stamp, Period, RegionCode));
        }
        return View()!;
    }

    private StatementView? View() => State.Issued is { } issued ? new StatementView(issued, State.Confirmation) : null;
}
