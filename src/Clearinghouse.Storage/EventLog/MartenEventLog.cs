using System.Diagnostics;
using System.Threading.Channels;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Failures;
using Clearinghouse.Storage.ReadModels.Clearing;
using Clearinghouse.Storage.Serialization.Upcasting;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The event log in Marten's event tables, with group commit (written by <see cref="SqlBatch"/> and
/// <see cref="EventAppends"/>, read by Marten): appends from many grains are gathered into one
/// PostgreSQL transaction and acknowledged together once it commits. Every caller still waits for its
/// own commit ("acknowledged means durable"); what is shared is the WAL flush. If a batch fails, each of
/// its appends is retried alone, so one conflicting append never fails its neighbours; if it failed because
/// PostgreSQL is unreachable, every append of it is answered <see cref="DatabaseUnavailableException"/> at once
/// (committed or not, a retry with the same request id finds out), and the writer opens a new connection
/// for its next batch, so the log recovers by itself when the database is back.
/// </summary>
public sealed class MartenEventLog : IEventLog, IAsyncDisposable
{
    /// <summary>How the writers' sessions show in <c>pg_stat_activity</c>: the backends that take the ledger's commit lock.</summary>
    public const string WriterApplicationName = "clearinghouse-group-commit";

    private readonly ISerializer _serializer;
    private readonly Npgsql.NpgsqlDataSource _database;
    private readonly ILogger<MartenEventLog> _logger;
    private readonly GroupCommitMetrics _metrics;
    private readonly int _maxBatch;
    private readonly int _minBatch;
    private readonly TimeSpan _linger;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task[] _writers;
    private readonly GatheredStreamReads _reads;

    public MartenEventLog(IDocumentStore store, Npgsql.NpgsqlDataSource database, IOptions<GroupCommitOptions> options, GroupCommitMetrics metrics, ILogger<MartenEventLog> logger)
    {
        var settings = options.Value;
        Invariant.Require(settings.Writers is > 0 and <= 64, "GroupCommit:Writers is within 1..64");
        Invariant.Require(settings.MaxBatch is > 0 and <= 8_192, "GroupCommit:MaxBatch is within 1..8192");
        Invariant.Require(settings.QueueCapacity >= settings.MaxBatch, "GroupCommit:QueueCapacity holds at least one batch");
        Invariant.Require(settings.Linger >= TimeSpan.Zero && settings.Linger <= TimeSpan.FromMinutes(1), "GroupCommit:Linger is within 0..1 minute");
        Invariant.Require(settings.MinBatch > 0, "GroupCommit:MinBatch is at least 1");
        _serializer = store.Options.Serializer();
        _database = database;
        _logger = logger;
        _metrics = metrics;
        _maxBatch = settings.MaxBatch;
        _minBatch = Math.Min(settings.MinBatch, settings.MaxBatch);
        _linger = settings.Linger;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = settings.Writers == 1,
        });
        _writers = Enumerable.Range(0, settings.Writers).Select(_ => Task.Run(WriteLoop)).ToArray();
        _reads = new GatheredStreamReads(database, _serializer);
        metrics.ObserveQueue(() => _queue.Reader.Count);
    }

    /// <summary>
    /// A whole stream, in one query with the other streams asked for meanwhile (<see cref="GatheredStreamReads"/>);
    /// <see cref="ReadToFoldAsync"/> is what every activation folds its state from.
    /// </summary>
    public async Task<IReadOnlyList<IStampedEvent>> ReadAsync(string streamKey, CancellationToken cancellationToken = default) =>
        await _reads.ReadAsync(streamKey, toFold: false, cancellationToken);

    public async Task<IReadOnlyList<IStampedEvent>> ReadToFoldAsync(string streamKey, CancellationToken cancellationToken = default) =>
        await _reads.ReadAsync(streamKey, toFold: true, cancellationToken);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<IStampedEvent>>> ReadStreamsAsync(IReadOnlyList<string> streamKeys, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _reads.ReadManyAsync(streamKeys, cancellationToken);
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }

    /// <summary>
    /// One event of a stream, read by its (stream, version) key: what a retry's answer and every reversal
    /// need. One prepared statement on the clearinghouse's pool, which hands connections back without a
    /// reset, with Marten's own serializer and the stored type names Marten maps: no Marten query session
    /// and no reset statements for a single row (see docs/performance.md).
    /// </summary>
    public async Task<IStampedEvent?> ReadEventAsync(string streamKey, long version, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadStoredEventAsync(streamKey, version, cancellationToken);
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }

    private async Task<IStampedEvent?> ReadStoredEventAsync(string streamKey, long version, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(
            $"select type, data from {MartenConfiguration.Schema}.mt_events where stream_id = $1 and version = $2 and is_archived = false");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streamKey });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return EventUpcasters.Read(_serializer, reader.GetString(0), reader.GetFieldValue<byte[]>(1));
    }

    public async Task<IReadOnlyList<IStampedEvent>> ReadEventsAsync(string streamKey, IReadOnlyList<long> versions, CancellationToken cancellationToken = default)
    {
        if (versions.Count == 0)
        {
            return [];
        }
        try
        {
            // By the (stream, version) index, like one event.
            await using var command = _database.CreateCommand(
                $"select type, data from {MartenConfiguration.Schema}.mt_events where stream_id = $1 and version = any($2) and is_archived = false order by version");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streamKey });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = versions.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<IStampedEvent>(versions.Count);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(EventUpcasters.Read(_serializer, reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
            }
            return events;
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }

    public async Task<bool> IsRequestKeyTakenAsync(string scope, string requestId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _database.CreateCommand($"select exists (select 1 from {RequestKeys.Table} where scope = $1 and request_id = $2)");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = scope });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = requestId });
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }

    public Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default) =>
        AppendAllAsync([append], cancellationToken);

    public async Task AppendAllAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        Invariant.Require(appends.Count > 0, "a commit appends to at least one stream");
        Invariant.Require(appends.All(a => a.Events.Count > 0), "an append carries at least one event");
        using var span = GroupCommitTracing.StartAppend();
        var pending = new PendingAppend(appends, span?.Context ?? default);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
            // Once queued, the append is not cancellable: it may already be in a transaction.
            await pending.Completion.Task;
        }
        catch (Exception e) when (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private async Task WriteLoop()
    {
        // A writer's commits are roots of their own traces, not children of whichever call first made the
        // event log (the writer tasks inherited its execution context).
        Activity.Current = null;
        await using var connection = new WriterConnection(_database);
        var batch = new List<PendingAppend>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            Take(batch);
            if (batch.Count > 0 && batch.Count < _minBatch && _linger > TimeSpan.Zero)
            {
                await Linger(batch);
            }
            if (batch.Count > 0)
            {
                foreach (var pending in batch)
                {
                    _metrics.Taken(pending.QueuedAt);
                }
                await CommitBatchOrFail(connection, batch);
                batch.Clear();
            }
        }
    }

    private void Take(List<PendingAppend> batch)
    {
        while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }
    }

    /// <summary>
    /// Holds a short batch open for more appends until it has <see cref="GroupCommitOptions.MinBatch"/> or
    /// the first of them has waited <see cref="GroupCommitOptions.Linger"/>. Under load every transaction
    /// then carries more appends, and PostgreSQL does its per-transaction work (statements, the commit
    /// lock, the WAL flush) fewer times per settlement (see docs/performance.md).
    /// </summary>
    private async Task Linger(List<PendingAppend> batch)
    {
        while (batch.Count < _minBatch)
        {
            var remaining = _linger - Stopwatch.GetElapsedTime(batch[0].QueuedAt);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            // No cancellation token: a timed-out wait would throw, once per lingering batch.
            var more = _queue.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(more, Task.Delay(remaining)) != more
                || !await more)
            {
                return;
            }
            Take(batch);
        }
    }

    /// <summary>
    /// Commits a batch; should anything unforeseen escape, its callers get that failure and the writer goes
    /// on with the next batch: a writer that stopped would leave every later caller waiting for ever.
    /// </summary>
    private async Task CommitBatchOrFail(WriterConnection connection, List<PendingAppend> batch)
    {
        try
        {
            await CommitBatch(connection, batch);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A group-commit writer failed a batch of {Count} appends unexpectedly", batch.Count);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    private async Task CommitBatch(WriterConnection connection, List<PendingAppend> batch)
    {
        if (batch.Count > 1)
        {
            var started = Stopwatch.GetTimestamp();
            using var span = GroupCommitTracing.StartCommit(batch, static pending => pending.TraceContext);
            try
            {
                await Commit(connection, batch.ConvertAll(pending => pending.Appends));
                // Recorded before the callers go on, so a caller that reads the meter sees its commit.
                _metrics.Committed(batch.Count, started);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult();
                }
                return;
            }
            catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
            {
                // Retrying each alone would only wait on the same dead connection once per append.
                _logger.LogWarning("A batch of {Count} appends failed: PostgreSQL is unreachable ({Reason})", batch.Count, e.Message);
                await connection.CheckAfterFailureAsync();
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(TransientDatabaseFailure.Translate(e));
                }
                return;
            }
            catch (Exception e)
            {
                span?.SetStatus(ActivityStatusCode.Error, "the batch failed; each append is committed alone");
                _logger.LogDebug(e, "A batch of {Count} appends failed; committing each alone", batch.Count);
                _metrics.Retried();
                await connection.CheckAfterFailureAsync();
            }
        }
        foreach (var pending in batch)
        {
            await CommitAlone(connection, pending);
        }
    }

    private async Task CommitAlone(WriterConnection connection, PendingAppend pending)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = GroupCommitTracing.StartCommit(pending.TraceContext);
        try
        {
            await Commit(connection, [pending.Appends]);
            _metrics.Committed(1, started);
            pending.Completion.TrySetResult();
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            await connection.CheckAfterFailureAsync();
            pending.Completion.TrySetException(await AnswerFor(e, pending.Appends));
        }
    }

    /// <summary>
    /// What the caller of a failed append is told. Never throws: a writer that threw here would stop, and
    /// every caller behind it would wait forever.
    /// </summary>
    private async Task<Exception> AnswerFor(Exception e, IReadOnlyList<StreamAppend> appends)
    {
        try
        {
            return await Translate(e, appends);
        }
        catch (Exception lookup)
        {
            // Looking up who holds a request key failed; the database going away meanwhile is the likely cause.
            return TransientDatabaseFailure.IsTransientDatabaseFailure(lookup) ? TransientDatabaseFailure.Translate(lookup) : e;
        }
    }

    /// <summary>One transaction for these callers' appends.</summary>
    private async Task Commit(WriterConnection connection, IReadOnlyList<IReadOnlyList<StreamAppend>> units)
    {
        var transaction = new SqlBatch();
        AppendStaging.Stage(transaction, _serializer, units);
        await transaction.CommitAsync(await connection.GetAsync());
    }

    private async Task<Exception> Translate(Exception e, IReadOnlyList<StreamAppend> appends)
    {
        if (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            // Committed or not is unknown when the connection died at commit: the retry with the same request id tells.
            return TransientDatabaseFailure.Translate(e);
        }
        if (FindPostgresError(e, EventAppends.StreamConflictState) is not null
            || FindPostgresError(e, Npgsql.PostgresErrorCodes.UniqueViolation) is { TableName: "mt_streams" or "mt_events" })
        {
            // A new stream someone else started, or an existing one that moved on since its writer read it.
            return new StreamConflictException(string.Join(", ", appends.Select(a => a.StreamKey)));
        }
        if (FindPostgresError(e, ClearingSchema.PeriodNotOpenState) is { } fence)
        {
            // The fence names the period in its message; what was booked in it is refused as a whole.
            var period = ClearingProjection.PeriodsBooked(appends.SelectMany(a => a.Events)).FirstOrDefault(p => fence.MessageText.Contains(p, StringComparison.Ordinal)) ?? "?";
            return new PeriodNotOpenException(period, e);
        }
        if (FindPostgresError(e, Npgsql.PostgresErrorCodes.UniqueViolation) is not null)
        {
            // The request key (or the ledger's care region + request id) is taken by another stream.
            var stamp = appends[0].Events[0].Request;
            await using var command = _database.CreateCommand($"select stream_key from {RequestKeys.Table} where scope = $1 and request_id = $2");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = stamp.Scope });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = stamp.RequestId });
            var where = await command.ExecuteScalarAsync() is string stream ? $" ({stream})" : "";
            return RejectedException.AlreadyExists(
                $"request_id '{stamp.RequestId}' was already used in region {stamp.Scope} for a different request{where}");
        }
        return e;
    }

    private static Npgsql.PostgresException? FindPostgresError(Exception? e, string sqlState)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException postgres && postgres.SqlState == sqlState)
            {
                return postgres;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
        await _reads.DisposeAsync();
    }

    /// <summary>One caller's commit: its appends go into one transaction together.</summary>
    private sealed class PendingAppend(IReadOnlyList<StreamAppend> appends, ActivityContext traceContext)
    {
        public IReadOnlyList<StreamAppend> Appends { get; } = appends;

        /// <summary>The caller's append span, which the commit's span links to; default when no one traces.</summary>
        public ActivityContext TraceContext { get; } = traceContext;

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        // Continuations run off the writer loop, so one slow grain never holds up the next batch.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
