namespace Clearinghouse.Cli;

/// <summary>
/// Money and ratio text, by integer arithmetic only: fen are never turned into floating point, so every
/// printed amount is exact and converts back to the same fen.
/// </summary>
public static class Money
{
    /// <summary>Fen as yuan with two decimals and no grouping, e.g. 123456 → "1234.56", -5 → "-0.05".</summary>
    public static string Yuan(long fen)
    {
        // The magnitude as unsigned, so long.MinValue (whose negation overflows a long) formats too.
        var magnitude = fen < 0 ? (ulong)(-(fen + 1)) + 1UL : (ulong)fen;
        var yuan = magnitude / 100UL;
        var cents = magnitude % 100UL;
        var text = $"{yuan.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{cents.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)}";
        return fen < 0 ? "-" + text : text;
    }

    /// <summary>Basis points as a percentage with two decimals, e.g. 8333 → "83.33%", 10000 → "100.00%".</summary>
    public static string Percent(int basisPoints)
    {
        // 1 bp = 0.01 %: the percentage's integer part is bp / 100 and its hundredths bp % 100, exactly.
        var magnitude = basisPoints < 0 ? (uint)(-(basisPoints + 1)) + 1U : (uint)basisPoints;
        var text = $"{(magnitude / 100U).ToString(System.Globalization.CultureInfo.InvariantCulture)}.{(magnitude % 100U).ToString("D2", System.Globalization.CultureInfo.InvariantCulture)}%";
        return basisPoints < 0 ? "-" + text : text;
    }

    /// <summary>A net position in words: "receives 12.34", "pays 12.34" or "even".</summary>
    public static string Net(long netFen) => netFen switch
    {
        > 0 => "receives " + Yuan(netFen),
        < 0 => "pays " + Yuan(netFen)[1..],
        _ => "even",
    };
}
