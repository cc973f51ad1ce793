using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// One region's result of a close: its statement lines (sorted by counterparty code, ordinal), totals,
/// net position (positive: the region receives), and how a net payable is met: first drawn from the
/// prepayment balance, the rest due. A net creditor draws nothing and owes nothing.
/// Equality compares the lines element by element, so two closes of the same data compare equal.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.region_position.v1")]
public sealed record RegionPosition(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] ImmutableArray<StatementLine> Lines,
    [property: Id(2)] long ReceivableTotalFen,
    [property: Id(3)] long PayableTotalFen,
    [property: Id(4)] long NetFen,
    [property: Id(5)] long PrepaymentDrawnFen,
    [property: Id(6)] long AmountDueFen,
    [property: Id(7)] long PrepaymentBalanceAfterFen)
{
    /// <summary>What the region has to pay this period: −net for a net debtor, else 0. Equals drawn + due.</summary>
    [JsonIgnore]
    public long NetPayableFen => NetFen < 0 ? -NetFen : 0;

    public bool Equals(RegionPosition? other) =>
        other is not null
        && RegionCode == other.RegionCode
        && ReceivableTotalFen == other.ReceivableTotalFen
        && PayableTotalFen == other.PayableTotalFen
        && NetFen == other.NetFen
        && PrepaymentDrawnFen == other.PrepaymentDrawnFen
        && AmountDueFen == other.AmountDueFen
        && PrepaymentBalanceAfterFen == other.PrepaymentBalanceAfterFen
        && Lines.AsSpan().SequenceEqual(other.Lines.AsSpan());

    public override int GetHashCode() =>
        HashCode.Combine(RegionCode, NetFen, PrepaymentDrawnFen, AmountDueFen, PrepaymentBalanceAfterFen, Lines.IsDefault ? 0 : Lines.Length);
}
