using System.Collections.Immutable;
using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The figures the rules compare against, with their defaults (docs/supervision.md gives the reasons). One set
/// applies to one insured region's people; <see cref="Check"/> states what a valid set is.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervision_thresholds.v1")]
public sealed record SupervisionThresholds
{
    /// <summary>Longest window any rule takes: a year, which bounds the work per visit.</summary>
    public const int MaxWindowDays = 366;

    public static readonly SupervisionThresholds Default = new();

    /// <summary>quick_readmission: a readmission at most this many days after the previous discharge is flagged.</summary>
    [Id(0)] public int ReadmissionWindowDays { get; init; } = 15;

    /// <summary>split_prescriptions: the window (in service days, counting both ends) the quantities add up over.</summary>
    [Id(1)] public int SplitWindowDays { get; init; } = 30;

    /// <summary>split_prescriptions: the most of one item code a person may get within the window, unless overridden.</summary>
    [Id(2)] public int DefaultQuantityLimit { get; init; } = 100;

    /// <summary>split_prescriptions: per-code limits that replace <see cref="DefaultQuantityLimit"/>.</summary>
    [Id(3)] public ImmutableDictionary<string, int> QuantityLimitsByCode { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>charged_twice: item codes billable once per stay or per day (e.g. an admission assessment). None by default.</summary>
    [Id(4)] public ImmutableHashSet<string> OnceOnlyCodes { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>over_regulated_price: a unit price this far above the limit (bp of the limit) is medium severity.</summary>
    [Id(5)] public int OverPriceMediumBp { get; init; } = 1_000;

    /// <summary>over_regulated_price: a unit price this far above the limit (bp of the limit) is high severity.</summary>
    [Id(6)] public int OverPriceHighBp { get; init; } = 5_000;

    /// <summary>outliers: k in median + k × MAD, in basis points (50000 = 5).</summary>
    [Id(7)] public int OutlierMadMultipleBp { get; init; } = 50_000;

    /// <summary>outliers: the MAD is taken as at least this share of the median, so a group of equal values does not flag every value above it.</summary>
    [Id(8)] public int OutlierMinMadBp { get; init; } = 1_000;

    /// <summary>outliers: a value must also exceed this multiple of the median, in basis points (50000 = 5 times).</summary>
    [Id(10)] public int OutlierMinRatioBp { get; init; } = 50_000;

    /// <summary>outliers: a peer group smaller than this gives no findings; its median says too little.</summary>
    [Id(9)] public int OutlierMinPeers { get; init; } = 20;

    public int QuantityLimitOf(string code) => QuantityLimitsByCode.GetValueOrDefault(code, DefaultQuantityLimit);

    /// <summary>A threshold set a rule may run with; a broken one is a programming or configuration error.</summary>
    public SupervisionThresholds Check()
    {
        Invariant.Require(ReadmissionWindowDays is >= 0 and <= MaxWindowDays, "the readmission window is 0..366 days");
        Invariant.Require(SplitWindowDays is >= 1 and <= MaxWindowDays, "the split-prescription window is 1..366 days");
        Invariant.Require(DefaultQuantityLimit is >= 1 and <= Limits.MaxQuantity, "the default quantity limit is 1..MaxQuantity");
        Invariant.Require(QuantityLimitsByCode.Values.All(l => l is >= 1 and <= Limits.MaxQuantity), "every per-code quantity limit is 1..MaxQuantity");
        Invariant.Require(OverPriceMediumBp >= 0 && OverPriceMediumBp <= OverPriceHighBp, "the medium over-price level is 0..the high level");
        Invariant.Require(OverPriceHighBp <= 100 * BasisPoints.Whole, "the high over-price level is at most 100 times the limit");
        Invariant.Require(OutlierMadMultipleBp is >= 0 and <= 100 * BasisPoints.Whole, "the MAD multiple is 0..100");
        Invariant.Require(OutlierMinMadBp is >= 0 and <= BasisPoints.Whole, "the minimum MAD share is 0..10000 bp of the median");
        Invariant.Require(OutlierMinRatioBp is >= 0 and <= 100 * BasisPoints.Whole, "the median multiple is 0..100");
        Invariant.Require(OutlierMinPeers >= 3, "a peer group has at least 3 members");
        return this;
    }
}
