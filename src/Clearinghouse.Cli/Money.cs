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

    /// <summary>The largest amount a command takes (the server's bound: 100 million yuan).</summary>
    public const long MaxInputFen = 10_000_000_000;

    /// <summary>
    /// Yuan as written by a person, "12", "12.5" or "12.50", into fen by integer arithmetic: digits, then at most two
    /// decimals; no sign, spaces or grouping. Null for anything else or above <see cref="MaxInputFen"/>.
    /// </summary>
    public static long? ParseYuan(string text)
    {
        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var cents = point < 0 ? "" : text[(point + 1)..];
        if (whole.Length is 0 or > 9 || whole.AsSpan().ContainsAnyExceptInRange('0', '9')
            || (point >= 0 && cents.Length is 0 or > 2) || cents.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }
        var fen = long.Parse(whole, System.Globalization.CultureInfo.InvariantCulture) * 100
            + (cents.Length == 0 ? 0 : long.Parse(cents.PadRight(2, '0'), System.Globalization.CultureInfo.InvariantCulture));
        return fen <= MaxInputFen ? fen : null;
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
