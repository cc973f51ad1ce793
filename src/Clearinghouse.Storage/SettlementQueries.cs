using Clearinghouse.Domain;
using Clearinghouse.Domain.ReadModels;
using Marten;

namespace Clearinghouse.Storage;

/// <summary>Reads of the settlement ledger (the <see cref="SettlementRecord"/> projection).</summary>
public sealed class SettlementQueries(IDocumentStore store)
{
    public async Task<SettlementRecord?> FindAsync(string settlementId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<SettlementRecord>(settlementId, cancellationToken);
    }

    /// <summary>
    /// One page of a period's settlements where the region is the care or the insured region, in id
    /// order (ids are time-ordered). Keyset paging: a page never skips or repeats a row, however many
    /// settlements arrive while a client pages.
    /// </summary>
    public async Task<SettlementPage> ListAsync(
        string regionCode, string period, int pageSize, string? afterId, CancellationToken cancellationToken = default)
    {
        Invariant.Require(pageSize is > 0 and <= Limits.MaxPageSize, "page size is bounded");
        await using var session = store.QuerySession();
        var rows = await session.QueryAsync<SettlementRecord>(
            "where d.period = ? and (d.care_region_code = ? or d.insured_region_code = ?) and d.id > ? order by d.id limit ?",
            cancellationToken,
            period, regionCode, regionCode, afterId ?? "", pageSize + 1);
        var page = rows.Take(pageSize).ToList();
        return new SettlementPage(page, rows.Count > pageSize ? page[^1].Id : null);
    }
}

public sealed record SettlementPage(IReadOnlyList<SettlementRecord> Settlements, string? LastIdIfMore);
