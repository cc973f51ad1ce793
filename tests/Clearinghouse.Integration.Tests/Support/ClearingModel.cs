using System.Numerics;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>One settlement or reversal as booked in a period: what the insured region owes the care region.</summary>
public sealed record Booking(string InsuredRegionCode, string CareRegionCode, long ObligationFen, bool IsReversal);

public sealed record ExpectedLine(string Counterparty, long ReceivableFen, long PayableFen, long SettlementCount, long ReversalCount);

public sealed record ExpectedTopUp(long BalanceFen, long ThresholdFen, long ShortfallFen, int PeriodCount);

public sealed record ExpectedStatement(
    string RegionCode, IReadOnlyList<ExpectedLine> Lines, long ReceivableTotalFen, long PayableTotalFen, long NetFen,
    long DrawnFen, long DueFen, long BalanceAfterFen, ExpectedTopUp? TopUp);

public sealed record ExpectedClose(
    long GrossTotalFen, long NetTotalFen, int EfficiencyBp, int RegionCount, long SettlementCount, long ReversalCount,
    IReadOnlyDictionary<string, ExpectedStatement> Statements);

/// <summary>
/// The test's own reading of docs/domain.md and the top-up rule, written without the domain library:
/// pairs from bookings, both directions per counterparty, nets, prepayment first, 70% of the average
/// net payable over the last three closed periods.
/// </summary>
public sealed class ClearingModel
{
    private readonly Dictionary<string, long> _balances = [];
    private readonly List<Dictionary<string, long>> _closedNetPayables = [];

    public long BalanceOf(string region) => _balances.GetValueOrDefault(region);

    public void Deposit(string region, long amountFen) => _balances[region] = BalanceOf(region) + amountFen;

    public ExpectedClose Close(IEnumerable<Booking> bookings)
    {
        var pairs = new Dictionary<(string Insured, string Care), (long Fen, long Settlements, long Reversals)>();
        foreach (var b in bookings)
        {
            var key = (b.InsuredRegionCode, b.CareRegionCode);
            var (fen, settlements, reversals) = pairs.GetValueOrDefault(key);
            pairs[key] = b.IsReversal ? (fen - b.ObligationFen, settlements, reversals + 1) : (fen + b.ObligationFen, settlements + 1, reversals);
        }

        var lines = new Dictionary<string, Dictionary<string, (long Receivable, long Payable, long Settlements, long Reversals)>>();
        void Book(string region, string counterparty, long receivable, long payable, long settlements, long reversals)
        {
            if (!lines.TryGetValue(region, out var mine))
            {
                lines[region] = mine = [];
            }
            var line = mine.GetValueOrDefault(counterparty);
            mine[counterparty] = (line.Receivable + receivable, line.Payable + payable, line.Settlements + settlements, line.Reversals + reversals);
        }
        long gross = 0, settlementCount = 0, reversalCount = 0;
        foreach (var ((insured, care), (fen, settlements, reversals)) in pairs)
        {
            gross += Math.Abs(fen);
            settlementCount += settlements;
            reversalCount += reversals;
            // The care region receives what the insured region owes; a negative pair runs the other way.
            Book(care, insured, Math.Max(fen, 0), Math.Max(-fen, 0), settlements, reversals);
            Book(insured, care, Math.Max(-fen, 0), Math.Max(fen, 0), settlements, reversals);
        }

        var netPayables = new Dictionary<string, long>();
        var statements = new Dictionary<string, ExpectedStatement>();
        long netTotal = 0;
        foreach (var (region, mine) in lines)
        {
            var receivable = mine.Values.Sum(l => l.Receivable);
            var payable = mine.Values.Sum(l => l.Payable);
            var net = receivable - payable;
            var balance = BalanceOf(region);
            var drawn = net < 0 ? Math.Min(balance, -net) : 0;
            var due = net < 0 ? -net - drawn : 0;
            netTotal += Math.Max(net, 0);
            netPayables[region] = Math.Max(-net, 0);
            _balances[region] = balance - drawn;
            statements[region] = new ExpectedStatement(
                region,
                mine.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new ExpectedLine(l.Key, l.Value.Receivable, l.Value.Payable, l.Value.Settlements, l.Value.Reversals)).ToList(),
                receivable, payable, net, drawn, due, balance - drawn, null);
        }

        var history = _closedNetPayables.TakeLast(2).Append(netPayables).ToList();
        var concerned = statements.Keys.Concat(_balances.Keys).Concat(history.SelectMany(h => h.Keys)).Distinct().ToList();
        foreach (var region in concerned)
        {
            var sum = history.Sum(h => h.GetValueOrDefault(region));
            var n = history.Count;
            var balance = BalanceOf(region);
            ExpectedTopUp? topUp = null;
            if (new BigInteger(balance) * 10 * n < new BigInteger(sum) * 7)
            {
                var threshold = (long)((new BigInteger(sum) * 7 + 10 * n - 1) / (10 * n));
                topUp = new ExpectedTopUp(balance, threshold, threshold - balance, n);
            }
            if (statements.TryGetValue(region, out var statement))
            {
                statements[region] = statement with { TopUp = topUp };
            }
            else if (_balances.ContainsKey(region) || topUp is not null)
            {
                statements[region] = new ExpectedStatement(region, [], 0, 0, 0, 0, 0, balance, topUp);
            }
        }
        _closedNetPayables.Add(netPayables);

        var efficiency = gross == 0 ? 0 : (int)((gross - netTotal) * 10_000 / gross);
        return new ExpectedClose(gross, netTotal, efficiency, lines.Count, settlementCount, reversalCount, statements);
    }
}
