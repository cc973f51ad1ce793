using Clearinghouse.Domain;
using static Clearinghouse.Domain.RejectedException;

namespace Clearinghouse.Api;

/// <summary>
/// Shape checks at the edge: every field a request carries, before any grain is called. Each failure
/// names the field and what was wrong, so an agency's developer can fix the call from the message alone.
/// </summary>
public static class RequestRules
{
    public static string RequestId(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw InvalidArgument("request_id is required");
        }
        if (value.Length > Limits.MaxRequestIdLength)
        {
            throw InvalidArgument($"request_id must be at most {Limits.MaxRequestIdLength} characters");
        }
        return WithoutNul(value, "request_id");
    }

    public static string RegionCode(string value, FieldName field)
    {
        if (!Domain.Clearing.RegionCodeFormat.IsValid(value))
        {
            // 000000 is no administrative region: it is the clearing account's code.
            throw InvalidArgument($"{field} must be a 6-digit region code other than 000000, got '{Truncate(value)}'");
        }
        return value;
    }

    /// <summary>Person ids, hospital codes, item codes: ASCII letters, digits, '-', '_' and '.' (<see cref="Identifiers"/>).</summary>
    public static string Identifier(string value, FieldName field) =>
        Identifiers.IsValid(value) ? value : throw Identifiers.Refusal(value, field.ToString());

    /// <summary>
    /// A bank's payment reference, copied from the bank's record: 1..64 printable ASCII characters with no
    /// spaces, so two spellings of one reference cannot differ by blanks or look-alike characters. The
    /// value is not echoed: it may hold exactly the characters a message should not carry.
    /// </summary>
    public static string BankReference(string value)
    {
        if (value.Length == 0)
        {
            throw InvalidArgument("bank_reference is required");
        }
        if (value.Length > Limits.MaxBankReferenceLength)
        {
            throw InvalidArgument($"bank_reference must be at most {Limits.MaxBankReferenceLength} characters, got {value.Length}");
        }
        var bad = value.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (bad >= 0)
        {
            throw InvalidArgument(
                $"bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+{(int)value[bad]:X4} at position {bad + 1}");
        }
        return value;
    }

    public static string Text(string value, FieldName field, int maxLength, bool required = true)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw InvalidArgument($"{field} is required");
        }
        if (value.Length > maxLength)
        {
            throw InvalidArgument($"{field} must be at most {maxLength} characters");
        }
        return WithoutNul(value, field);
    }

    /// <summary>PostgreSQL stores no U+0000 in text or jsonb: refused here rather than failing at the commit.</summary>
    private static string WithoutNul(string value, FieldName field)
    {
        var nul = value.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? value : throw InvalidArgument($"{field} must not contain U+0000 (at position {nul + 1})");
    }

    public static DateOnly Date(string value, FieldName field) =>
        CivilDate.TryParseDate(value, out var date) ? date : throw InvalidArgument($"{field} must be a date YYYY-MM-DD, got '{Truncate(value)}'");

    public static string Period(string value, FieldName field) =>
        CivilDate.TryParsePeriod(value, out _) ? value : throw InvalidArgument($"{field} must be a period YYYY-MM, got '{Truncate(value)}'");

    public static long Amount(long value, FieldName field, bool allowZero = false)
    {
        if (value < 0 || (!allowZero && value == 0) || value > Limits.MaxAmountFen)
        {
            var low = allowZero ? 0 : 1;
            throw InvalidArgument($"{field} must be within {low}..{Limits.MaxAmountFen} fen, got {value}");
        }
        return value;
    }

    public static int HospitalLevel(int value, FieldName field) =>
        value is >= Limits.MinHospitalLevel and <= Limits.MaxHospitalLevel
            ? value
            : throw InvalidArgument($"{field} must be within {Limits.MinHospitalLevel}..{Limits.MaxHospitalLevel}, got {value}");

    /// <summary>An instant in RFC 3339 (e.g. 2026-12-06T08:00:00+08:00 or …Z); null when the field is empty.</summary>
    public static DateTimeOffset? OptionalInstant(string value, FieldName field)
    {
        if (value.Length == 0)
        {
            return null;
        }
        return Rfc3339.IsMatch(value) && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant)
            ? instant
            : throw InvalidArgument($"{field} must be an RFC 3339 instant such as 2026-12-06T08:00:00+08:00, got '{Truncate(value)}'");
    }

    public static int PageSize(int value) => value switch
    {
        0 => Limits.DefaultPageSize,
        > 0 and <= Limits.MaxPageSize => value,
        _ => throw InvalidArgument($"page_size must be within 0..{Limits.MaxPageSize}, got {value}"),
    };

    private static readonly System.Text.RegularExpressions.Regex Rfc3339 = new(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})\\z",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    internal static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
