using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Ledger;
using Marten;

namespace Clearinghouse.Storage;

/// <summary>How one <see cref="StreamAppend"/> becomes operations in a Marten session.</summary>
internal static class MartenStaging
{
    /// <summary>Stages a whole transaction: the ledger's commit lock first, then every append.</summary>
    public static void Stage(IDocumentSession session, IEnumerable<StreamAppend> appends)
    {
        LedgerSchema.Stage(session);
        foreach (var append in appends)
        {
            Stage(session, append);
        }
    }

    private static void Stage(IDocumentSession session, StreamAppend append)
    {
        var events = append.Events.Cast<object>().ToArray();
        if (append.ExpectedVersion == 0)
        {
            // A new stream: StartStream fails if another writer created it first.
            session.Events.StartStream(append.StreamKey, events);
        }
        else
        {
            // Marten's expected version is the stream's version after these events are appended.
            session.Events.Append(append.StreamKey, append.ExpectedVersion + events.Length, events);
        }
        foreach (var e in append.Events)
        {
            LedgerProjection.Stage(session, e);
            Reconciliation.ReconciliationProjection.Stage(session, e);
        }
        foreach (var stamp in append.Events.Select(e => e.Request).DistinctBy(s => s.Key))
        {
            RequestKeys.Stage(session, stamp, append.StreamKey);
        }
    }
}
