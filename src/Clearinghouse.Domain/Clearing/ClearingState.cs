using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The clearing stream folded: which period is open, where each period stands, and the outcome of every close
/// (for idempotent answers and the top-up rule). Prepayment balances live in the prepayment accounts; stores from
/// before them kept deposits in this stream, and this state still folds those (<see cref="PrepaymentBalances"/>)
/// until the stream's <see cref="PrepaymentsCarriedOver"/> moved them into the accounts.
/// </summary>
public sealed class ClearingState : IEventSourcedState
{
    private readonly Dictionary<string, PeriodRecord> _periods = new(StringComparer.Ordinal);
    private readonly List<PeriodClosed> _closed = [];
    private readonly Dictionary<string, long> _balances = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _prepaymentAccounts = new(StringComparer.Ordinal);
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }

    /// <summary>Null only before the first period is opened.</summary>
    public string? OpenPeriod { get; private set; }

    /// <summary>
    /// The balances this stream holds: the regions that deposited in an earlier store's clearing stream, with their
    /// balances (possibly drawn down to 0); empty once they were carried over into the prepayment accounts.
    /// </summary>
    public IReadOnlyDictionary<string, long> PrepaymentBalances => _balances;

    /// <summary>
    /// The regions that hold a prepayment account ("prepayment:{region}"): opened by a first deposit, or by an earlier
    /// store's deposits in this stream (whose balances the carry-over moves there).
    /// </summary>
    public IReadOnlyCollection<string> PrepaymentAccounts => _prepaymentAccounts;

    /// <summary>Whether the balances this stream held were carried into the prepayment accounts.</summary>
    public bool CarriedOver { get; private set; }

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
                Invariant.Require(!CarriedOver, "deposits are booked on the prepayment accounts once the clearing stream's balances were carried over");
                Invariant.Require(deposited.AmountFen > 0, "a deposit is positive");
                Invariant.Require(deposited.BalanceAfterFen == checked(BalanceOf(deposited.RegionCode) + deposited.AmountFen),
                    "the balance after a deposit is the balance before plus the deposit");
                _balances[deposited.RegionCode] = deposited.BalanceAfterFen;
                _prepaymentAccounts.Add(deposited.RegionCode);
                break;
            case PrepaymentAccountOpened opened:
                Invariant.Require(_prepaymentAccounts.Add(opened.RegionCode), "a region's prepayment account is opened once");
                break;
            case PeriodCutOff cut:
                Invariant.Require(OpenPeriod == cut.Period, "only the open period is cut off");
                Invariant.Require(cut.NextPeriod == ClearingPeriod.Next(cut.Period), "a cut-off opens the next month");
                _periods[cut.Period] = _periods[cut.Period] with { Phase = PeriodPhase.Closing, CutOff = cut };
                Open(cut.NextPeriod);
                break;
            case PeriodClosed closed:
                Invariant.Require(Find(closed.Period)?.Phase == PeriodPhase.Closing, "only a cut-off period is netted");
                // The balances this stream holds (an earlier store's, until carried over) follow the close; the
                // prepayment accounts book and check their own draws (PrepaymentDrawn).
                foreach (var region in closed.Regions)
                {
                    if (_balances.TryGetValue(region.RegionCode, out var balance))
                    {
                        Invariant.Require(balance - region.PrepaymentDrawnFen == region.PrepaymentBalanceAfterFen,
                            "what a close draws comes off the prepayment balance");
                        _balances[region.RegionCode] = region.PrepaymentBalanceAfterFen;
                    }
                }
                _periods[closed.Period] = _periods[closed.Period] with { Phase = PeriodPhase.Closed, Closed = closed };
                _closed.Add(closed);
                break;
            case PrepaymentsCarriedOver carried:
                Invariant.Require(!CarriedOver, "the clearing stream's balances are carried over once");
                Invariant.Require(carried.Balances.Length == _balances.Count && carried.Balances.All(b => _balances.GetValueOrDefault(b.RegionCode, -1) == b.AmountFen),
                    "the carry-over moves exactly the balances the clearing stream holds");
                _balances.Clear();
                CarriedOver = true;
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
