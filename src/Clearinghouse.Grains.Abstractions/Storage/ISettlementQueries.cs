using Clearinghouse.Domain.ReadModels;

namespace Clearinghouse.Grains.Storage;

/// <summary>Reads of the settlement ledger, the read model the write path keeps in its own transactions.</summary>
public interface ISettlementQueries
{
    /// <summary>
    /// The person whose grain owns a settlement, or null: all that Reverse needs to route a request, so it
    /// is one primary-key lookup rather than the full record.
    /// </summary>
    Task<string?> FindOwnerAsync(string settlementId, CancellationToken cancellationToken = default);

    Task<SettlementRecord?> FindAsync(string settlementId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a period's settlements where the region is the care or the insured region (and, when
    /// <paramref name="counterpartyRegionCode"/> is not null, that region the other), in commit order; the
    /// ledger's commit sequence is the cursor, so pages never skip or repeat while settlements commit.
    /// </summary>
    Task<SettlementPage> ListAsync(
        string regionCode, string? counterpartyRegionCode, string period, int pageSize, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the reversals booked in a period where the region is the care or the insured region (with the
    /// counterparty, when one is named), in commit order.
    /// </summary>
    Task<ReversalPage> ListReversalsAsync(
        string regionCode, string? counterpartyRegionCode, string period, int pageSize, long afterSequence, CancellationToken cancellationToken = default);
}

/// <param name="NextSequence">Where the next page starts; null when the listing is complete.</param>
public sealed record ReversalPage(IReadOnlyList<ReversalRecord> Reversals, long? NextSequence);

/// <param name="NextSequence">Where the next page starts; null when the listing is complete.</param>
public sealed record SettlementPage(IReadOnlyList<SettlementRecord> Settlements, long? NextSequence);
