namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// The accepted form of an ICD-10 diagnosis code: a capital letter A–Z (U included: WHO's codes for emergency
/// use, such as U07.1, are in national use), two digits, and optionally a '.' followed by 1–8 letters or digits,
/// which takes the national extensions (K35.800, J18.900x001). Only the form is checked, not that the code exists.
/// </summary>
public static class Icd10
{
    public const string Form = "a letter A-Z, two digits, optionally '.' and 1-8 letters or digits";
    private const int MaxExtension = 8;

    /// <summary>The longest accepted code: three characters, the '.', and the extension.</summary>
    public const int MaxLength = 3 + 1 + MaxExtension;

    public static bool IsValid(string code)
    {
        if (code.Length < 3 || !char.IsAsciiLetterUpper(code[0]) || !char.IsAsciiDigit(code[1]) || !char.IsAsciiDigit(code[2]))
        {
            return false;
        }
        if (code.Length == 3)
        {
            return true;
        }
        var extension = code.AsSpan(4);
        return code[3] == '.' && extension.Length is >= 1 and <= MaxExtension && !extension.ContainsAnyExcept(Alphanumerics);
    }

    private static readonly System.Buffers.SearchValues<char> Alphanumerics =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}
