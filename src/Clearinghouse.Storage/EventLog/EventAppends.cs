using System.Buffers;
using Clearinghouse.Domain;
using Clearinghouse.Grains.Storage;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Functions;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// Writes a whole group-commit batch's events into Marten's event tables with one statement, in the
/// rows Marten itself writes (so Marten reads the streams back unchanged). Marten's quick append calls a
/// function once per stream, each inserting its events row by row; at a few thousand settlements a
/// second those per-stream calls were the largest share of both the host's and PostgreSQL's work per
/// settlement (docs/performance.md). Here the stream rows and the event rows are each one set-based
/// statement, whatever the batch holds.
///
/// Optimistic concurrency is kept per stream: a new stream (expected version 0) is inserted and fails on
/// the stream key if another writer created it; an existing stream moves on only from the version its
/// writer read, and if any did not the function raises <see cref="StreamConflictState"/>. The unique
/// (stream, version) key of the event table backs both. The whole transaction then fails, and the event
/// log retries each of its callers alone to find out whose append conflicted.
/// </summary>
internal static class EventAppends
{
    public const string Function = MartenConfiguration.Schema + ".ch_append_events";

    /// <summary>Raised when a stream is no longer at the version its writer read.</summary>
    public const string StreamConflictState = "CH002";

    private const string Tenant = "*DEFAULT*";

    public static Function Definition() => Weasel.Postgresql.Functions.Function.ForSql($"""
        create or replace function {Function}(
            p_streams varchar[], p_expected bigint[], p_counts integer[],
            p_event_ids uuid[], p_event_streams varchar[], p_event_versions bigint[],
            p_event_types varchar[], p_dotnet_types varchar[], p_bodies jsonb[]) returns void language plpgsql as $$
        declare
          v_existing integer;
          v_moved integer;
        begin
          insert into {MartenConfiguration.Schema}.mt_streams (id, type, version, timestamp, tenant_id)
          select s.id, null, s.n, now(), '{Tenant}'
          from unnest(p_streams, p_expected, p_counts) as s(id, v, n) where s.v = 0;

          select count(*) into v_existing from unnest(p_expected) as e(v) where e.v > 0;
          if v_existing > 0 then
            with moved as (
              update {MartenConfiguration.Schema}.mt_streams t set version = s.v + s.n, timestamp = now()
              from unnest(p_streams, p_expected, p_counts) as s(id, v, n)
              where s.v > 0 and t.id = s.id and t.version = s.v
              returning 1)
            select count(*) into v_moved from moved;
            if v_moved <> v_existing then
              raise exception 'a stream of this batch was appended to by another writer' using errcode = '{StreamConflictState}';
            end if;
          end if;

          insert into {MartenConfiguration.Schema}.mt_events
            (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
          select nextval('{MartenConfiguration.Schema}.mt_events_sequence'), e.id, e.stream, e.version, e.body, e.type,
                 '{Tenant}', now(), e.dotnet, false
          -- No ORDER BY: the function scan yields the arrays in order, and a sort would copy every body
          -- (a close's statements are megabytes) through work_mem, to disk. Versions are explicit anyway.
          from unnest(p_event_ids, p_event_streams, p_event_versions, p_event_types, p_dotnet_types, p_bodies)
               as e(id, stream, version, type, dotnet, body);
        end;
        $$;
        """);

    private const int MaxScratchBytes = 1 << 20;

    // One serialization buffer per thread, reused batch after batch: Stage is synchronous, so a batch never
    // shares it. A new buffer per batch was half of what the append allocated at moderate load (see
    // docs/performance.md).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    private static ArrayBufferWriter<byte> Scratch => _scratch ??= new ArrayBufferWriter<byte>(4096);

    /// <summary>Queues one call that appends every stream's events; the caller's transaction commits them.</summary>
    public static void Stage(SqlBatch batch, ISerializer serializer, IReadOnlyList<StreamAppend> appends)
    {
        var eventCount = appends.Sum(a => a.Events.Count);
        var streams = new string[appends.Count];
        var expected = new long[appends.Count];
        var counts = new int[appends.Count];
        var ids = new Guid[eventCount];
        var eventStreams = new string[eventCount];
        var versions = new long[eventCount];
        var types = new string[eventCount];
        var dotnetTypes = new string[eventCount];
        var bodies = new byte[eventCount][];
        // UTF-8 straight from the serializer: a string body would be transcoded from UTF-8 to UTF-16 and back.
        var buffer = Scratch;
        var i = 0;
        for (var s = 0; s < appends.Count; s++)
        {
            var append = appends[s];
            streams[s] = append.StreamKey;
            expected[s] = append.ExpectedVersion;
            counts[s] = append.Events.Count;
            var version = append.ExpectedVersion;
            foreach (var e in append.Events)
            {
                (types[i], dotnetTypes[i]) = EventTypeNames.Of(e.GetType());
                ids[i] = TimeOrderedId.New();
                eventStreams[i] = append.StreamKey;
                versions[i] = ++version;
                buffer.ResetWrittenCount();
                serializer.WriteTo(buffer, e);
                bodies[i] = buffer.WrittenSpan.ToArray();
                i++;
            }
        }
        if (buffer.Capacity > MaxScratchBytes)
        {
            // A close's statements can be megabytes: not kept for the next batch.
            _scratch = null;
        }
        batch.Add(
            $"select {Function}(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            streams, expected, counts, ids, eventStreams, versions, types, dotnetTypes,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, Value = bodies });
    }
}
