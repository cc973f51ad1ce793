namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// A transfer's stable id: its period and its position (from 1) in the close's list of transfers, e.g. "2026-11/003".
/// The close's transfers never change, so the id names the same transfer for ever.
/// </summary>
public static class TransferIds
{
    public static string Of(string period, int index)
    {
        Invariant.Require(index >= 0, "a transfer's index is not negative");
        return period + "/" + (index + 1).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The period and index (from 0) of a transfer id; null when the text is not one.</summary>
    public static (string Period, int Index)? TryParse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !ClearingPeriod.IsValid(text[..slash]))
        {
            return null;
        }
        var digits = text[(slash + 1)..];
        if (digits.Length is < 3 or > 7 || !digits.All(char.IsAsciiDigit) || !int.TryParse(digits, out var position) || position < 1)
        {
            return null;
        }
        // One spelling per transfer: "2026-11/003", not "2026-11/0003".
        return Of(text[..slash], position - 1) == text ? (text[..slash], position - 1) : null;
    }
}
