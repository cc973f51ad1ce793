using System.Collections.Immutable;

namespace Clearinghouse.Domain.Policies;

/// <summary>
/// 大病保险: pays a share of the person's qualifying self-burden once its yearly total passes the threshold.
/// The bands cut the yearly total (not this visit's part) into ranges, each with its ratio: a band covers the
/// yearly total above the previous band's bound (the first: above the threshold) up to its own bound; the
/// last band has no bound. The tier never pays more than its annual cap for one person in one calendar year.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.serious_illness_tier.v1")]
public sealed record SeriousIllnessTier(
    [property: Id(0)] long ThresholdFen,
    [property: Id(1)] ImmutableArray<TierBand> Bands,
    [property: Id(2)] long AnnualCapFen);

/// <summary>
/// One band of the serious-illness tier: the ratio paid on each fen of the yearly qualifying self-burden up to
/// <see cref="UpToFen"/> (inclusive); null for the last band, which has no upper bound.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.tier_band.v1")]
public sealed record TierBand(
    [property: Id(0)] long? UpToFen,
    [property: Id(1)] int RatioBp);
