using System.Collections.Immutable;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The outcome of netting one period. Positions are sorted by region code (ordinal) and hold only
/// regions with a statement line; any other region's prepayment balance is unchanged. Transfers are
/// sorted by the region side's code, then by kind (a region is either a debtor or a creditor, never both).
/// Equality is structural, so closing the same data twice compares equal.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.netting_result.v1")]
public sealed record NettingResult(
    [property: Id(0)] ImmutableArray<RegionPosition> Positions,
    [property: Id(1)] ImmutableArray<Transfer> Transfers,
    [property: Id(2)] NettingSummary Summary)
{
    /// <summary>The region's position, or null when the region had no settlement or reversal in the period.</summary>
    public RegionPosition? PositionOf(string regionCode)
    {
        int low = 0, high = Positions.Length - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var order = string.CompareOrdinal(Positions[middle].RegionCode, regionCode);
            if (order == 0)
            {
                return Positions[middle];
            }
            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return null;
    }

    public bool Equals(NettingResult? other) =>
        other is not null
        && Summary == other.Summary
        && Positions.AsSpan().SequenceEqual(other.Positions.AsSpan())
        && Transfers.AsSpan().SequenceEqual(other.Transfers.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Summary, Positions.IsDefault ? 0 : Positions.Length, Transfers.IsDefault ? 0 : Transfers.Length);
}
