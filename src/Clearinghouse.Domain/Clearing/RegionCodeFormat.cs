namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The shape of a region code as netting accepts it: exactly 6 ASCII digits, and not
/// <see cref="ClearingAccount.Code"/>. Because every code has the same length and only digits, ordinal
/// order is numeric order, which is the order of every netting output.
/// </summary>
public static class RegionCodeFormat
{
    public const int Length = 6;

    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != Length)
        {
            return false;
        }
        foreach (var c in code)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return code != ClearingAccount.Code;
    }
}
