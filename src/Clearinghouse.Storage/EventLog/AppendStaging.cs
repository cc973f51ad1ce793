using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Audit;
using Clearinghouse.Storage.ReadModels.Clearing;
using Clearinghouse.Storage.ReadModels.Ledger;
using Clearinghouse.Storage.ReadModels.Reconciliation;
using Clearinghouse.Storage.ReadModels.Supervision;
using Marten;

namespace Clearinghouse.Storage.EventLog;

/// <summary>How appends become the statements of one transaction.</summary>
internal static class AppendStaging
{
    /// <summary>
    /// Stages a whole transaction: first every unit's events and request keys, which need no lock, so two
    /// writers' transactions overlap there; then the ledger's commit lock, the period fence for every
    /// period the batch's settlements and reversals are booked in, and the projections (the audit trail's rows
    /// among them, which take the commit sequence), held only for that short part and the commit. Each is one
    /// statement for the whole batch where the hot path writes it. A unit is what one caller commits: one stream,
    /// or several that must commit together.
    /// </summary>
    public static void Stage(SqlBatch batch, ISerializer serializer, IReadOnlyList<IReadOnlyList<StreamAppend>> units)
    {
        var appends = units.SelectMany(u => u).ToList();
        var events = appends.SelectMany(a => a.Events).ToList();
        EventAppends.Stage(batch, serializer, appends);
        RequestKeys.Stage(batch, RequestKeysOf(units));

        // Nothing that can wait on another writer's row comes after the lock: only the lock holder writes
        // ledger rows and periods, so two writers cannot deadlock.
        LedgerSchema.Stage(batch, [.. ClearingProjection.PeriodsBooked(events)]);
        StageProjections(batch, appends, events);
    }

    /// <summary>
    /// Every read model's statements for these appends (<paramref name="events"/> are their events, in order):
    /// what an appending transaction stages after the commit lock, and what a rebuild stages for stored events.
    /// </summary>
    public static void StageProjections(SqlBatch batch, IReadOnlyList<StreamAppend> appends, IReadOnlyList<IStampedEvent> events)
    {
        LedgerProjection.Stage(batch, events);
        ContributionLedgerProjection.Stage(batch, appends);
        AuditProjection.Stage(batch, appends);
        foreach (var e in events)
        {
            ClearingProjection.Stage(batch, e);
            ReconciliationProjection.Stage(batch, e);
            FlagProjection.Stage(batch, e);
        }
    }

    /// <summary>
    /// One request key per request, owned by the stream of the request's first event, however many streams it wrote
    /// (what a read-model rebuild records too). A unit holds one request (a settlement) or a handful (a close, a
    /// region's first deposit with the clearing stream's record of its account), so a scan beats a hash set per unit.
    /// </summary>
    private static List<(RequestStamp Stamp, string StreamKey)> RequestKeysOf(IReadOnlyList<IReadOnlyList<StreamAppend>> units)
    {
        var keys = new List<(RequestStamp Stamp, string StreamKey)>(units.Count);
        foreach (var unit in units)
        {
            var first = keys.Count;
            foreach (var append in unit)
            {
                foreach (var e in append.Events)
                {
                    if (!Holds(keys, first, e.Request.Key))
                    {
                        keys.Add((e.Request, append.StreamKey));
                    }
                }
            }
        }
        return keys;
    }

    private static bool Holds(List<(RequestStamp Stamp, string StreamKey)> keys, int from, RequestKey key)
    {
        for (var i = from; i < keys.Count; i++)
        {
            if (keys[i].Stamp.Key == key)
            {
                return true;
            }
        }
        return false;
    }
}
