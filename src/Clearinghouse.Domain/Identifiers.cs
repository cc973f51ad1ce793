using System.Buffers;

namespace Clearinghouse.Domain;

/// <summary>
/// Person ids, hospital codes, item codes: 1..<see cref="Limits.MaxCodeLength"/> ASCII letters, digits, '-', '_'
/// and '.'. One rule for the API edge and for the domain's own checks of what it stores.
/// </summary>
public static class Identifiers
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public static bool IsValid(string value) =>
        value.Length is > 0 and <= Limits.MaxCodeLength && !value.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>The refusal of a malformed identifier, naming the field (the value is shortened, not echoed whole).</summary>
    public static RejectedException Refusal(string value, string field) => value.Length == 0
        ? RejectedException.InvalidArgument($"{field} is required")
        : RejectedException.InvalidArgument(
            $"{field} must be 1..{Limits.MaxCodeLength} ASCII letters, digits, '-', '_' or '.', got '{Shorten(value)}'");

    internal static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
