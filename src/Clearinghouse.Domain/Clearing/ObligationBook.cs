namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// Accumulates validated pair obligations into per-region, per-counterparty lines by the booking rule
/// of <see cref="Netting"/>, and keeps the pair-side totals that the result is checked against.
/// </summary>
internal sealed class ObligationBook
{
    internal sealed class Line
    {
        public long ReceivableFen;
        public long PayableFen;
        public long SettlementCount;
        public long ReversalCount;
        public long SeriousIllnessAdvancedFen;
        public long AssistanceAdvancedFen;
        public long SeriousIllnessOwedFen;
        public long AssistanceOwedFen;
    }

    public Dictionary<string, Dictionary<string, Line>> Regions { get; } = new(StringComparer.Ordinal);

    /// <summary>Σ over pairs of |gross|, summed from the pairs (not from the lines).</summary>
    public long GrossTotalFen { get; private set; }

    public long SettlementCount { get; private set; }

    public long ReversalCount { get; private set; }

    /// <summary>Σ over pairs of the serious-illness and the assistance parts of the gross, from the pairs.</summary>
    public long SeriousIllnessFen { get; private set; }

    public long AssistanceFen { get; private set; }

    public void Add(PairObligation pair)
    {
        if (pair.IsEmpty)
        {
            return;
        }
        var grossFen = pair.GrossFen;
        GrossTotalFen = checked(GrossTotalFen + Math.Abs(grossFen));
        SettlementCount = checked(SettlementCount + pair.SettlementCount);
        ReversalCount = checked(ReversalCount + pair.ReversalCount);
        SeriousIllnessFen = checked(SeriousIllnessFen + pair.SeriousIllnessFen);
        AssistanceFen = checked(AssistanceFen + pair.AssistanceFen);

        var payer = LineOf(pair.InsuredRegionCode, pair.CareRegionCode);
        var payee = LineOf(pair.CareRegionCode, pair.InsuredRegionCode);
        if (grossFen >= 0)
        {
            payer.PayableFen = checked(payer.PayableFen + grossFen);
            payee.ReceivableFen = checked(payee.ReceivableFen + grossFen);
        }
        else
        {
            // More reversed than settled: the care region owes the insured region the difference.
            payer.ReceivableFen = checked(payer.ReceivableFen - grossFen);
            payee.PayableFen = checked(payee.PayableFen - grossFen);
        }
        // The tier parts keep the pair's direction (insured → care) whichever way the gross is booked.
        payee.SeriousIllnessAdvancedFen = checked(payee.SeriousIllnessAdvancedFen + pair.SeriousIllnessFen);
        payee.AssistanceAdvancedFen = checked(payee.AssistanceAdvancedFen + pair.AssistanceFen);
        payer.SeriousIllnessOwedFen = checked(payer.SeriousIllnessOwedFen + pair.SeriousIllnessFen);
        payer.AssistanceOwedFen = checked(payer.AssistanceOwedFen + pair.AssistanceFen);
        foreach (var line in (ReadOnlySpan<Line>)[payer, payee])
        {
            line.SettlementCount = checked(line.SettlementCount + pair.SettlementCount);
            line.ReversalCount = checked(line.ReversalCount + pair.ReversalCount);
        }
    }

    private Line LineOf(string region, string counterparty)
    {
        if (!Regions.TryGetValue(region, out var lines))
        {
            lines = new Dictionary<string, Line>(StringComparer.Ordinal);
            Regions.Add(region, lines);
        }
        if (!lines.TryGetValue(counterparty, out var line))
        {
            line = new Line();
            lines.Add(counterparty, line);
        }
        return line;
    }
}
