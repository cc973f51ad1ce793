using System.Globalization;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>
/// The test's own way to write fen as the command line prints them, so that an expected figure does not
/// come from the production code it checks: 1234 fen is "12.34", -5 fen "-0.05", 8333 bp "83.33%".
/// Amounts here stay far from long.MinValue.
/// </summary>
public static class Figures
{
    public static string Yuan(long fen) =>
        (fen < 0 ? "-" : "") + string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:00}");

    public static string Percent(int basisPoints) =>
        (basisPoints < 0 ? "-" : "") + string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(basisPoints) / 100}.{Math.Abs(basisPoints) % 100:00}%");
}
