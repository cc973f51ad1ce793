using System.Diagnostics;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.EventLog;
using Clearinghouse.Storage.ReadModels.Audit;
using Clearinghouse.Storage.ReadModels.Clearing;
using Clearinghouse.Storage.ReadModels.Ledger;
using Clearinghouse.Storage.ReadModels.Reconciliation;
using Clearinghouse.Storage.ReadModels.Supervision;
using Clearinghouse.Storage.Serialization.Upcasting;
using Marten;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels;

/// <summary>
/// Rebuilds every table derived from the events (the ledger, the clearing periods, the reconciliation days and
/// discrepancies, the flags, the audit trail and the request-key index) from the event streams alone: it empties them,
/// then reads every stored event in sequence order and stages, chunk by chunk, exactly the projections the
/// appending transactions stage. One transaction: a rebuild that fails leaves the tables as they were.
/// Sequence order is commit order within every stream, which is all the projections depend on (a later report
/// of a day supersedes an earlier one; a resolution follows its report); the commit sequence numbers the audit
/// rows anew in that order, while ledger rows keep the numbers they had (<see cref="CommitSequenceKeeping"/>).
/// Run it while no host writes to the database (<see cref="RequireNoHostAsync"/>).
/// </summary>
public sealed class ReadModelRebuild(NpgsqlDataSource database, IDocumentStore store)
{
    /// <summary>The application name hosts connect with, so a rebuild can tell whether one is running.</summary>
    public const string HostApplicationName = "clearinghouse-host";

    private const int ChunkSize = 5_000;

    private static readonly string[] Tables =
    [
        LedgerSchema.Settlements, LedgerSchema.Reversals, LedgerSchema.Contributions, ClearingSchema.Periods, ReconciliationSchema.Days,
        ReconciliationSchema.Discrepancies, FlagSchema.Flags, AuditSchema.Actions, RequestKeys.Table,
    ];

    /// <summary>What a rebuild did: events read, and how long it took.</summary>
    public sealed record Outcome(long Events, TimeSpan Elapsed)
    {
        public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Events / Elapsed.TotalSeconds : 0;
    }

    /// <summary>Refuses while a host is connected to the database: its appends would interleave with the rebuild.</summary>
    public async Task RequireNoHostAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "select count(*) from pg_stat_activity where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = HostApplicationName });
        var hosts = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (hosts > 0)
        {
            throw new InvalidOperationException(
                $"{hosts} connection(s) of a running clearinghouse host are open on this database: stop the host before rebuilding its read models");
        }
    }

    public async Task<Outcome> RunAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var serializer = store.Options.Serializer();
        await using var writer = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await writer.BeginTransactionAsync(cancellationToken);
        // Appends take this lock before their projections: a host started meanwhile waits instead of interleaving.
        await Execute(writer, $"select pg_advisory_xact_lock({LedgerSchema.CommitLockKey})", cancellationToken);
        await CommitSequenceKeeping.RememberAsync(writer, cancellationToken);
        await Execute(writer, $"truncate {string.Join(", ", Tables)}", cancellationToken);

        await using var reader = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select stream_id, type, data, version from {MartenConfiguration.Schema}.mt_events where is_archived = false order by seq_id", reader);
        await using var rows = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var keys = new HashSet<IdDigest>();
        var chunk = new List<StreamAppend>(ChunkSize);
        long events = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            var stream = rows.GetString(0);
            var e = await EventUpcasters.ReadAsync(serializer, rows.GetString(1), rows, 2, cancellationToken);
            // The event's own version (the audit trail files it): its append had read the one before.
            var version = rows.GetInt64(3);
            chunk.Add(new StreamAppend(stream, version - 1, [e]));
            if (chunk.Count == ChunkSize)
            {
                await StageAsync(writer, chunk, keys, cancellationToken);
                events += chunk.Count;
                progress?.Report(events);
                chunk.Clear();
            }
        }
        await StageAsync(writer, chunk, keys, cancellationToken);
        events += chunk.Count;
        await CommitSequenceKeeping.RestoreAsync(writer, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(events, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The projections of one chunk of events, as an appending transaction stages them.</summary>
    private static async Task StageAsync(NpgsqlConnection writer, List<StreamAppend> chunk, HashSet<IdDigest> keys, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }
        var batch = new SqlBatch();
        // A request's key belongs to the stream of its first event, as the append that wrote it recorded it.
        var firstOfEachRequest = chunk
            .Where(a => keys.Add(IdDigest.Of(a.Events[0].Request.Scope, a.Events[0].Request.RequestId)))
            .Select(a => (a.Events[0].Request, a.StreamKey))
            .ToList();
        if (firstOfEachRequest.Count > 0)
        {
            RequestKeys.Stage(batch, firstOfEachRequest);
        }
        AppendStaging.StageProjections(batch, chunk, [.. chunk.Select(a => a.Events[0])]);
        await batch.CommitAsync(writer, cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
