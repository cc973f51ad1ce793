using System.Collections.Immutable;
using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// 清算 / 轧差: multilateral netting of one period's obligations (docs/domain.md). Pure and deterministic:
/// no I/O, no clock, and every output is sorted by region code (ordinal), so the input order never
/// shows in the result.
/// <para>
/// Booking rule. A pair insured region I → care region C has gross g = settled − reversed.
/// When g ≥ 0, C has a receivable of g from I and I a payable of g to C. When g &lt; 0 (more reversed
/// than settled this period) the obligation runs the other way: I has a receivable of −g from C and C
/// a payable of −g to I. Receivables and payables are therefore never negative. A statement line
/// shows both directions between two regions without offsetting them; only the net position offsets.
/// </para>
/// <para>
/// Net position = receivable total − payable total (positive: the region receives); nets sum to 0.
/// A net debtor's payable net is drawn from its prepayment balance first, min(balance, −net), and the
/// rest is its amount due; a net creditor draws nothing. Transfers: each net debtor pays the clearing
/// account (<see cref="TransferKind.PrepaymentDraw"/> and <see cref="TransferKind.AmountDue"/>, each
/// only when &gt; 0), and the clearing account pays each net creditor its net (<see cref="TransferKind.Payout"/>).
/// </para>
/// <para>
/// Pairs with nothing settled and nothing reversed (all four figures 0) add no line; a pair whose
/// settlements and reversals cancel to a gross of 0 still adds a line with its counts.
/// Malformed input (bad region code, payer == payee, duplicate pair, negative figure, figure above
/// <see cref="NettingLimits"/>) is a programming error of the caller: it fails the invariant.
/// </para>
/// </summary>
public static class Netting
{
    public static NettingResult Compute(IEnumerable<PairObligation> obligations, IReadOnlyDictionary<string, long> prepaymentBalances)
    {
        RequireValidBalances(prepaymentBalances);

        var book = Book(obligations);
        var positions = Positions(book, prepaymentBalances);
        var transfers = Transfers(positions);
        var summary = Summarize(positions, book);
        var result = new NettingResult(positions, transfers, summary);

        NettingInvariants.Check(result, book.GrossTotalFen, book.SettlementCount, book.ReversalCount, prepaymentBalances);
        NettingInvariants.CheckTiers(result, book.SeriousIllnessFen, book.AssistanceFen);
        return result;
    }

    /// <summary>
    /// The position a close would give one region from these obligations and its prepayment balance: its lines,
    /// totals, net, draw and amount due. Only the pairs the region is party to decide it, so the others are left
    /// out; a region with none has an empty position (its balance untouched).
    /// </summary>
    public static RegionPosition PositionOf(string regionCode, IEnumerable<PairObligation> obligations, long prepaymentBalanceFen)
    {
        var own = obligations.Where(p => p.InsuredRegionCode == regionCode || p.CareRegionCode == regionCode);
        return Compute(own, new Dictionary<string, long> { [regionCode] = prepaymentBalanceFen }).PositionOf(regionCode)
            ?? new RegionPosition(regionCode, [], 0, 0, 0, 0, 0, prepaymentBalanceFen);
    }

    /// <summary>floor((gross − net) × 10000 / gross); 0 when nothing was owed. Rounded down, so it is never overstated.</summary>
    public static int EfficiencyBp(long grossTotalFen, long netTotalFen)
    {
        Invariant.Require(netTotalFen >= 0, "the net total is not negative");
        Invariant.Require(netTotalFen <= grossTotalFen, "the net total never exceeds the gross total");
        if (grossTotalFen == 0)
        {
            return 0;
        }
        var efficiency = (int)((Int128)(grossTotalFen - netTotalFen) * BasisPoints.Whole / grossTotalFen);
        Invariant.Require(efficiency is >= 0 and <= BasisPoints.Whole, "efficiency is within 0..10000 bp");
        return efficiency;
    }

    private static void RequireValidBalances(IReadOnlyDictionary<string, long> prepaymentBalances)
    {
        foreach (var (region, balanceFen) in prepaymentBalances)
        {
            RequireFor(RegionCodeFormat.IsValid(region), "a prepayment region code is 6 ASCII digits, not " + ClearingAccount.Code, region);
            RequireFor(balanceFen >= 0, "a prepayment balance is not negative", region);
        }
    }

    private static ObligationBook Book(IEnumerable<PairObligation> obligations)
    {
        var book = new ObligationBook();
        var seen = new HashSet<(string Payer, string Payee)>();
        foreach (var pair in obligations)
        {
            RequireValid(pair);
            RequireFor(seen.Add((pair.InsuredRegionCode, pair.CareRegionCode)), "each ordered pair appears once", pair);
            Invariant.Require(seen.Count <= NettingLimits.MaxPairs, "at most NettingLimits.MaxPairs pairs per period");
            book.Add(pair);
        }
        return book;
    }

    private static void RequireValid(PairObligation pair)
    {
        const string Codes = "region codes are 6 ASCII digits, not " + ClearingAccount.Code;
        RequireFor(RegionCodeFormat.IsValid(pair.InsuredRegionCode) && RegionCodeFormat.IsValid(pair.CareRegionCode), Codes, pair);
        RequireFor(pair.InsuredRegionCode != pair.CareRegionCode, "a region owes no obligation to itself", pair);
        RequireFor(pair.SettledFen is >= 0 and <= NettingLimits.MaxPairAmountFen, "settled amount within 0..NettingLimits.MaxPairAmountFen", pair);
        RequireFor(pair.ReversedFen is >= 0 and <= NettingLimits.MaxPairAmountFen, "reversed amount within 0..NettingLimits.MaxPairAmountFen", pair);
        RequireFor(pair.SettlementCount is >= 0 and <= NettingLimits.MaxPairCount, "settlement count within 0..NettingLimits.MaxPairCount", pair);
        RequireFor(pair.ReversalCount is >= 0 and <= NettingLimits.MaxPairCount, "reversal count within 0..NettingLimits.MaxPairCount", pair);
        RequireFor(pair.SettledFen == 0 || pair.SettlementCount > 0, "a settled amount comes from at least one settlement", pair);
        RequireFor(pair.ReversedFen == 0 || pair.ReversalCount > 0, "a reversed amount comes from at least one reversal", pair);
        // The tier parts are parts of the gross: each within the pair's settled and reversed amounts.
        RequireFor(pair.SeriousIllnessFen >= -pair.ReversedFen && pair.SeriousIllnessFen <= pair.SettledFen, "serious-illness part within −reversed..settled", pair);
        RequireFor(pair.AssistanceFen >= -pair.ReversedFen && pair.AssistanceFen <= pair.SettledFen, "assistance part within −reversed..settled", pair);
    }

    /// <summary>Invariant.Require, with the offending value in the message; the message is built only on failure (hot path).</summary>
    private static void RequireFor(bool condition, string rule, object offending)
    {
        if (!condition)
        {
            Invariant.Require(false, rule + ": " + offending);
        }
    }

    private static ImmutableArray<RegionPosition> Positions(ObligationBook book, IReadOnlyDictionary<string, long> prepaymentBalances)
    {
        var regions = book.Regions.Keys.ToArray();
        Array.Sort(regions, StringComparer.Ordinal);
        var positions = ImmutableArray.CreateBuilder<RegionPosition>(regions.Length);
        foreach (var region in regions)
        {
            positions.Add(Position(region, book.Regions[region], prepaymentBalances.GetValueOrDefault(region)));
        }
        return positions.MoveToImmutable();
    }

    private static RegionPosition Position(string region, Dictionary<string, ObligationBook.Line> accumulated, long balanceFen)
    {
        var counterparties = accumulated.Keys.ToArray();
        Array.Sort(counterparties, StringComparer.Ordinal);
        var lines = ImmutableArray.CreateBuilder<StatementLine>(counterparties.Length);
        long receivableFen = 0, payableFen = 0;
        foreach (var counterparty in counterparties)
        {
            var line = accumulated[counterparty];
            lines.Add(new StatementLine(
                counterparty, line.ReceivableFen, line.PayableFen, line.SettlementCount, line.ReversalCount,
                line.SeriousIllnessAdvancedFen, line.AssistanceAdvancedFen, line.SeriousIllnessOwedFen, line.AssistanceOwedFen));
            receivableFen = checked(receivableFen + line.ReceivableFen);
            payableFen = checked(payableFen + line.PayableFen);
        }

        var netFen = checked(receivableFen - payableFen);
        // A net debtor pays from its prepayment first; only what the balance cannot cover is due.
        var netPayableFen = netFen < 0 ? -netFen : 0;
        var drawnFen = Math.Min(balanceFen, netPayableFen);
        var dueFen = netPayableFen - drawnFen;
        return new RegionPosition(region, lines.MoveToImmutable(), receivableFen, payableFen, netFen, drawnFen, dueFen, balanceFen - drawnFen);
    }

    private static ImmutableArray<Transfer> Transfers(ImmutableArray<RegionPosition> positions)
    {
        var transfers = ImmutableArray.CreateBuilder<Transfer>();
        foreach (var position in positions)
        {
            if (position.PrepaymentDrawnFen > 0)
            {
                transfers.Add(new Transfer(position.RegionCode, ClearingAccount.Code, position.PrepaymentDrawnFen, TransferKind.PrepaymentDraw));
            }
            if (position.AmountDueFen > 0)
            {
                transfers.Add(new Transfer(position.RegionCode, ClearingAccount.Code, position.AmountDueFen, TransferKind.AmountDue));
            }
            if (position.NetFen > 0)
            {
                transfers.Add(new Transfer(ClearingAccount.Code, position.RegionCode, position.NetFen, TransferKind.Payout));
            }
        }
        return transfers.ToImmutable();
    }

    private static NettingSummary Summarize(ImmutableArray<RegionPosition> positions, ObligationBook book)
    {
        long netTotalFen = 0;
        foreach (var position in positions)
        {
            if (position.NetFen > 0)
            {
                netTotalFen = checked(netTotalFen + position.NetFen);
            }
        }
        return new NettingSummary(
            book.GrossTotalFen, netTotalFen, EfficiencyBp(book.GrossTotalFen, netTotalFen),
            positions.Length, book.SettlementCount, book.ReversalCount);
    }
}
