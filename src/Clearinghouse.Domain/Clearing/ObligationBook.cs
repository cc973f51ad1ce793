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
    }

    public Dictionary<string, Dictionary<string, Line>> Regions { get; } = new(StringComparer.Ordinal);

    /// <summary>Σ over pairs of |gross|, summed from the pairs (not from the lines).</summary>
    public long GrossTotalFen { get; private set; }

    public long SettlementCount { get; private set; }

    public long ReversalCount { get; private set; }

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
