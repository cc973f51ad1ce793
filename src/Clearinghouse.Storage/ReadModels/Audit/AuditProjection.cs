using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Audit;

/// <summary>
/// Files every event of a batch in the audit trail, in the appending transaction: one multi-row insert per
/// batch. Staged after the commit lock (see <see cref="AuditSchema"/>).
/// </summary>
internal static class AuditProjection
{
    private const string Insert =
        $"insert into {AuditSchema.Actions} (actor, kind, accepted_at, regions, stream_key, stream_version, scope, request_id) " +
        "select a, k, t, case when r = '' then '{}'::text[] else string_to_array(r, ',') end, s, v, c, q " +
        "from unnest(?, ?, ?, ?, ?, ?, ?, ?) as e(a, k, t, r, s, v, c, q)";

    public static void Stage(SqlBatch batch, IReadOnlyList<StreamAppend> appends)
    {
        var count = appends.Sum(a => a.Events.Count);
        var actors = new string[count];
        var kinds = new string[count];
        var acceptedAt = new DateTimeOffset[count];
        // Region codes are six digits, so a comma-joined list is unambiguous; unnest cannot take an array of arrays.
        var regions = new string[count];
        var streams = new string[count];
        var versions = new long[count];
        var scopes = new string[count];
        var requestIds = new string[count];
        var i = 0;
        foreach (var append in appends)
        {
            // Versions count from 1 on from what the writer read, as the append numbers them (EventAppends).
            var version = append.ExpectedVersion;
            foreach (var e in append.Events)
            {
                actors[i] = e.Request.Actor;
                kinds[i] = EventKinds.Of(e);
                acceptedAt[i] = e.Request.AcceptedAt.ToUniversalTime();
                regions[i] = string.Join(',', EventRegions.Of(e));
                streams[i] = append.StreamKey;
                versions[i] = ++version;
                scopes[i] = e.Request.Scope;
                requestIds[i] = e.Request.RequestId;
                i++;
            }
        }
        batch.Add(Insert, actors, kinds, acceptedAt, regions, streams, versions, scopes, requestIds);
    }
}
