using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Clearing;
using Clearinghouse.Storage.Ledger;
using Marten;

namespace Clearinghouse.Storage;

/// <summary>How appends become operations in a Marten session.</summary>
internal static class MartenStaging
{
    /// <summary>
    /// Stages a whole transaction: the ledger's commit lock first, then the period fence for every
    /// period its settlements and reversals are booked in, then every unit's appends. A unit is what one
    /// caller commits: one stream, or several that must commit together.
    /// </summary>
    public static void Stage(IDocumentSession session, IEnumerable<IReadOnlyList<StreamAppend>> units)
    {
        var staged = units as IReadOnlyCollection<IReadOnlyList<StreamAppend>> ?? units.ToList();
        LedgerSchema.Stage(session);
        foreach (var period in ClearingProjection.PeriodsBooked(staged.SelectMany(u => u).SelectMany(a => a.Events)))
        {
            ClearingProjection.StageFence(session, period);
        }
        foreach (var unit in staged)
        {
            foreach (var append in unit)
            {
                Stage(session, append);
            }
            // One request key per request, owned by the unit's first stream, however many streams it wrote.
            foreach (var stamp in unit.SelectMany(a => a.Events).Select(e => e.Request).DistinctBy(s => s.Key))
            {
                RequestKeys.Stage(session, stamp, unit[0].StreamKey);
            }
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
            ClearingProjection.Stage(session, e);
            Reconciliation.ReconciliationProjection.Stage(session, e);
        }
    }
}
