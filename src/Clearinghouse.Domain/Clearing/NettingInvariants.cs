using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The netting invariants of docs/domain.md, checked on every netting result before anyone can store it.
/// Each is checked against a figure computed on another path: pair-side totals against line-side totals,
/// positions against transfers, drawn amounts against the balances given.
/// </summary>
internal static class NettingInvariants
{
    public static void Check(
        NettingResult result, long grossTotalFromPairsFen, long settlementCountFromPairs, long reversalCountFromPairs,
        IReadOnlyDictionary<string, long> balancesBeforeFen)
    {
        long netSumFen = 0, absoluteNetSumFen = 0, receivableSumFen = 0, payableSumFen = 0;
        long lineSettlementCount = 0, lineReversalCount = 0;
        string? previous = null;
        foreach (var position in result.Positions)
        {
            Invariant.Require(previous is null || string.CompareOrdinal(previous, position.RegionCode) < 0, "positions are sorted by region code, each once");
            previous = position.RegionCode;
            CheckPosition(position, balancesBeforeFen.GetValueOrDefault(position.RegionCode));
            netSumFen = checked(netSumFen + position.NetFen);
            absoluteNetSumFen = checked(absoluteNetSumFen + Math.Abs(position.NetFen));
            receivableSumFen = checked(receivableSumFen + position.ReceivableTotalFen);
            payableSumFen = checked(payableSumFen + position.PayableTotalFen);
            foreach (var line in position.Lines)
            {
                lineSettlementCount = checked(lineSettlementCount + line.SettlementCount);
                lineReversalCount = checked(lineReversalCount + line.ReversalCount);
            }
        }

        var summary = result.Summary;
        Invariant.Require(netSumFen == 0, "net positions sum to exactly 0");
        Invariant.Require(receivableSumFen == grossTotalFromPairsFen, "Σ receivables == Σ|gross| over pairs");
        Invariant.Require(payableSumFen == grossTotalFromPairsFen, "Σ payables == Σ|gross| over pairs");
        Invariant.Require(summary.GrossTotalFen == grossTotalFromPairsFen, "the summary's gross total is Σ|gross| over pairs");
        Invariant.Require(absoluteNetSumFen == checked(2 * summary.NetTotalFen), "net total == Σ|net| / 2");
        // Every pair's counts appear on two lines: the payer's and the payee's.
        Invariant.Require(lineSettlementCount == checked(2 * settlementCountFromPairs), "line settlement counts == 2 × pair settlement counts");
        Invariant.Require(lineReversalCount == checked(2 * reversalCountFromPairs), "line reversal counts == 2 × pair reversal counts");
        Invariant.Require(summary.SettlementCount == settlementCountFromPairs && summary.ReversalCount == reversalCountFromPairs, "summary counts are the pairs' counts");
        Invariant.Require(summary.RegionCount == result.Positions.Length, "region count == regions with a line");
        Invariant.Require(summary.NettingEfficiencyBp is >= 0 and <= BasisPoints.Whole, "efficiency is within 0..10000 bp");
        Invariant.Require(summary.NetTotalFen >= 0 && summary.NetTotalFen <= summary.GrossTotalFen, "0 ≤ net total ≤ gross total");
        CheckTransfers(result);
    }

    /// <summary>
    /// Every pair's tier parts appear once as advanced (on the care region's line) and once as owed (on the
    /// insured region's line): each side's sum is the pairs' sum.
    /// </summary>
    public static void CheckTiers(NettingResult result, long seriousIllnessFromPairsFen, long assistanceFromPairsFen)
    {
        long seriousIllnessAdvancedFen = 0, assistanceAdvancedFen = 0, seriousIllnessOwedFen = 0, assistanceOwedFen = 0;
        foreach (var position in result.Positions)
        {
            foreach (var line in position.Lines)
            {
                seriousIllnessAdvancedFen = checked(seriousIllnessAdvancedFen + line.SeriousIllnessAdvancedFen);
                assistanceAdvancedFen = checked(assistanceAdvancedFen + line.AssistanceAdvancedFen);
                seriousIllnessOwedFen = checked(seriousIllnessOwedFen + line.SeriousIllnessOwedFen);
                assistanceOwedFen = checked(assistanceOwedFen + line.AssistanceOwedFen);
            }
        }
        Invariant.Require(
            seriousIllnessAdvancedFen == seriousIllnessFromPairsFen && seriousIllnessOwedFen == seriousIllnessFromPairsFen,
            "Σ lines' serious illness advanced == Σ owed == Σ pairs' serious-illness parts");
        Invariant.Require(
            assistanceAdvancedFen == assistanceFromPairsFen && assistanceOwedFen == assistanceFromPairsFen,
            "Σ lines' assistance advanced == Σ owed == Σ pairs' assistance parts");
    }

    private static void CheckPosition(RegionPosition position, long balanceBeforeFen)
    {
        long receivableFen = 0, payableFen = 0;
        string? previous = null;
        foreach (var line in position.Lines)
        {
            RequireFor(previous is null || string.CompareOrdinal(previous, line.CounterpartyRegionCode) < 0, "lines are sorted by counterparty, each once", position.RegionCode);
            previous = line.CounterpartyRegionCode;
            RequireFor(line.CounterpartyRegionCode != position.RegionCode, "a region is not its own counterparty", position.RegionCode);
            RequireFor(line.ReceivableFen >= 0 && line.PayableFen >= 0, "line receivable and payable are not negative", position.RegionCode);
            RequireFor(line.SettlementCount >= 0 && line.ReversalCount >= 0, "line counts are not negative", position.RegionCode);
            receivableFen = checked(receivableFen + line.ReceivableFen);
            payableFen = checked(payableFen + line.PayableFen);
        }

        RequireFor(position.Lines.Length > 0, "a region has a position only with a line", position.RegionCode);
        RequireFor(position.ReceivableTotalFen == receivableFen && position.PayableTotalFen == payableFen, "totals == Σ lines", position.RegionCode);
        RequireFor(position.NetFen == position.ReceivableTotalFen - position.PayableTotalFen, "net == receivable − payable", position.RegionCode);
        RequireFor(position.PrepaymentDrawnFen >= 0 && position.AmountDueFen >= 0, "drawn and due are not negative", position.RegionCode);
        RequireFor(position.PrepaymentDrawnFen + position.AmountDueFen == Math.Max(0, -position.NetFen), "drawn + due == max(0, −net)", position.RegionCode);
        RequireFor(position.PrepaymentBalanceAfterFen >= 0, "the prepayment balance never goes below 0", position.RegionCode);
        RequireFor(position.PrepaymentBalanceAfterFen + position.PrepaymentDrawnFen == balanceBeforeFen, "balance after + drawn == balance before", position.RegionCode);
        // The prepayment is drawn first: something is due only once the balance is used up.
        RequireFor(position.AmountDueFen == 0 || position.PrepaymentBalanceAfterFen == 0, "nothing is due while prepayment is left", position.RegionCode);
    }

    /// <summary>Invariant.Require naming the region; the message is built only on failure.</summary>
    private static void RequireFor(bool condition, string rule, string regionCode)
    {
        if (!condition)
        {
            Invariant.Require(false, rule + " (region " + regionCode + ")");
        }
    }

    private static void CheckTransfers(NettingResult result)
    {
        long intoClearingFen = 0, outOfClearingFen = 0, drawnFen = 0, dueFen = 0;
        foreach (var transfer in result.Transfers)
        {
            Invariant.Require(transfer.AmountFen > 0, "a transfer moves a positive amount");
            var paysIn = transfer.ToRegionCode == ClearingAccount.Code;
            var paysOut = transfer.FromRegionCode == ClearingAccount.Code;
            Invariant.Require(paysIn != paysOut, "exactly one side of a transfer is the clearing account");
            Invariant.Require(paysIn == (transfer.Kind != TransferKind.Payout), "payouts leave the clearing account, draws and dues enter it");
            if (paysIn)
            {
                intoClearingFen = checked(intoClearingFen + transfer.AmountFen);
            }
            else
            {
                outOfClearingFen = checked(outOfClearingFen + transfer.AmountFen);
            }
            drawnFen = checked(drawnFen + (transfer.Kind == TransferKind.PrepaymentDraw ? transfer.AmountFen : 0));
            dueFen = checked(dueFen + (transfer.Kind == TransferKind.AmountDue ? transfer.AmountFen : 0));
        }

        long positionsDrawnFen = 0, positionsDueFen = 0;
        foreach (var position in result.Positions)
        {
            positionsDrawnFen = checked(positionsDrawnFen + position.PrepaymentDrawnFen);
            positionsDueFen = checked(positionsDueFen + position.AmountDueFen);
        }
        Invariant.Require(intoClearingFen == result.Summary.NetTotalFen, "Σ transfers into the clearing account == net total");
        Invariant.Require(outOfClearingFen == result.Summary.NetTotalFen, "Σ transfers out of the clearing account == net total");
        Invariant.Require(drawnFen == positionsDrawnFen && dueFen == positionsDueFen, "draw and due transfers match the positions");
    }
}
