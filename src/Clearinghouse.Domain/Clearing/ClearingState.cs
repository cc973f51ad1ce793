using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The clearing stream folded: which period is open, where each period stands, what each region holds
/// in prepayment, and the outcome of every close (for idempotent answers and the top-up rule).
/// </summary>
public sealed class ClearingState : IEventSourcedState
{
    private readonly Dictionary<string, PeriodRecord> _periods = new(StringComparer.Ordinal);
    private readonly List<PeriodClosed> _closed = [];
    private readonly Dictionary<string, long> _balances = new(StringComparer.Ordinal);
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }

    /// <summary>Null only before the first period is opened.</summary>
    public string? OpenPeriod { get; private set; }

    /// <summary>The regions that ever deposited, with their balances (possibly drawn down to 0).</summary>
    public IReadOnlyDictionary<string, long> PrepaymentBalances => _balances;

    /// <summary>Closed periods in the order they closed.</summary>
    public IReadOnlyList<PeriodClosed> Closed => _closed;

    public PeriodRecord? Find(string period) => _periods.GetValueOrDefault(period);

    public IEnumerable<PeriodRecord> Periods => _periods.Values;

    public long BalanceOf(string regionCode) => _balances.GetValueOrDefault(regionCode);

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public void Apply(IStampedEvent e)
    {
        switch (e)
        {
            case PeriodOpened opened:
                Invariant.Require(OpenPeriod is null, "only the first period is opened on its own");
                Open(opened.Period);
                break;
            case PrepaymentDeposited deposited:
                Invariant.Require(deposited.AmountFen > 0, "a deposit is positive");
                Invariant.Require(deposited.BalanceAfterFen == checked(BalanceOf(deposited.RegionCode) + deposited.AmountFen),
                    "the balance after a deposit is the balance before plus the deposit");
                _balances[deposited.RegionCode] = deposited.BalanceAfterFen;
                break;
            case PeriodCutOff cut:
                Invariant.Require(OpenPeriod == cut.Period, "only the open period is cut off");
                Invariant.Require(cut.NextPeriod == ClearingPeriod.Next(cut.Period), "a cut-off opens the next month");
                _periods[cut.Period] = _periods[cut.Period] with { Phase = PeriodPhase.Closing, CutOff = cut };
                Open(cut.NextPeriod);
                break;
            case PeriodClosed closed:
                Invariant.Require(Find(closed.Period)?.Phase == PeriodPhase.Closing, "only a cut-off period is netted");
                foreach (var region in closed.Regions)
                {
                    Invariant.Require(BalanceOf(region.RegionCode) - region.PrepaymentDrawnFen == region.PrepaymentBalanceAfterFen,
                        "what a close draws comes off the prepayment balance");
                    // Only regions that ever deposited hold a prepayment account.
                    if (_balances.ContainsKey(region.RegionCode))
                    {
                        _balances[region.RegionCode] = region.PrepaymentBalanceAfterFen;
                    }
                }
                _periods[closed.Period] = _periods[closed.Period] with { Phase = PeriodPhase.Closed, Closed = closed };
                _closed.Add(closed);
                break;
            default:
                throw new InvariantViolationException($"the clearing stream holds no {e.GetType().Name} events");
        }
        Version++;
        _requests.Add(e.Request.Key, Version);
    }

    private void Open(string period)
    {
        Invariant.Require(!_periods.ContainsKey(period), $"period {period} is opened once");
        _periods[period] = new PeriodRecord(period, PeriodPhase.Open, null, null);
        OpenPeriod = period;
    }
}

/// <param name="CutOff">Set from the cut-off on.</param>
/// <param name="Closed">Set once netted.</param>
public sealed record PeriodRecord(string Period, PeriodPhase Phase, PeriodCutOff? CutOff, PeriodClosed? Closed);
