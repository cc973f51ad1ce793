namespace Clearinghouse.Domain;

/// <summary>
/// Upper bounds on everything a request can carry. They keep every product of an amount and a ratio
/// far inside Int64 (1,000 items × 10^10 fen × 10^4 bp = 10^17) and every request a bounded size.
/// </summary>
public static class Limits
{
    public const int MaxItemsPerSettlement = 1_000;
    /// <summary>100 million yuan: more than any single line item or yearly figure can be.</summary>
    public const long MaxAmountFen = 10_000_000_000;
    public const int MaxQuantity = 1_000_000;
    public const int MaxRequestIdLength = 128;
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 500;
    /// <summary>A bank's payment reference: longer than any bank's own reference field.</summary>
    public const int MaxBankReferenceLength = 64;
    public const int MinHospitalLevel = 1;
    public const int MaxHospitalLevel = 3;
    /// <summary>Bands of a serious-illness tier: policies write three or four.</summary>
    public const int MaxTierBands = 10;
    public const int MaxPageSize = 1_000;
    public const int DefaultPageSize = 100;
}
