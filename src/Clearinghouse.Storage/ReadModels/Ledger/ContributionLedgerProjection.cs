using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Ledger;

/// <summary>
/// Projects recorded contributions into the ledger's contributions table, in the transaction that appends them
/// and under the commit lock, like settlements: a region's pooled and serious-illness funds book them by commit sequence range. One
/// multi-row insert per batch. It takes the appends, not only the events, since the person is the stream's.
/// </summary>
internal static class ContributionLedgerProjection
{
    private static readonly string PersonStreamPrefix = StreamKeys.Person("");

    private static readonly string Insert =
        $"insert into {LedgerSchema.Contributions} ({LedgerColumns.ContributionList}) " +
        $"select * from unnest({string.Join(", ", Enumerable.Repeat("?", LedgerColumns.Contributions.Count))})";

    /// <summary>The person of a "person:&lt;id&gt;" stream; a stream named otherwise (only the event log's own tests write one) whole.</summary>
    private static string PersonOf(string streamKey) =>
        streamKey.StartsWith(PersonStreamPrefix, StringComparison.Ordinal) ? streamKey[PersonStreamPrefix.Length..] : streamKey;

    public static void Stage(SqlBatch batch, IReadOnlyList<StreamAppend> appends)
    {
        List<(ContributionRecorded Contribution, string PersonId)>? rows = null;
        foreach (var append in appends)
        {
            foreach (var e in append.Events)
            {
                if (e is ContributionRecorded contribution)
                {
                    (rows ??= []).Add((contribution, PersonOf(append.StreamKey)));
                }
            }
        }
        if (rows is null)
        {
            return;
        }
        batch.Add(
            Insert,
            rows.Select(r => r.Contribution.Request.Key.ToString()).ToArray(),
            rows.Select(r => r.Contribution.Request.Scope).ToArray(),
            rows.Select(r => r.Contribution.Request.RequestId).ToArray(),
            rows.Select(r => r.PersonId).ToArray(),
            rows.Select(r => r.Contribution.InsuredRegionCode).ToArray(),
            rows.Select(r => r.Contribution.Period).ToArray(),
            rows.Select(r => r.Contribution.EmployerFen).ToArray(),
            rows.Select(r => r.Contribution.IndividualFen).ToArray(),
            rows.Select(r => r.Contribution.AccountCreditFen).ToArray(),
            rows.Select(r => r.Contribution.PooledCreditFen).ToArray(),
            rows.Select(r => r.Contribution.Request.AcceptedAt.ToUniversalTime()).ToArray(),
            rows.Select(r => r.Contribution.Request.Actor).ToArray(),
            rows.Select(r => r.Contribution.SeriousIllnessCreditFen).ToArray());
    }
}
