using System.Diagnostics;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.LoadGen;

/// <summary>
/// The physical limit of this machine's database path: as many rows as the load phase wrote events, each
/// the size of a real event (payloads are copied from the latest settlement and reversal events in
/// clearinghouse.mt_events), appended with Npgsql straight into a scratch table in batched transactions by a
/// few concurrent writers, then the table is dropped. Same PostgreSQL, same durability settings.
/// </summary>
public enum BaselineMode
{
    /// <summary>An NpgsqlBatch of single-row INSERTs per transaction, each event a jsonb parameter.</summary>
    Batch,
    /// <summary>One multi-row INSERT … SELECT FROM unnest(arrays) per transaction.</summary>
    Unnest,
}

public sealed class Baseline(string connectionString, string runId, int writers, int batch, BaselineMode mode, TimeSpan warmup, Progress progress)
{
    private const int Samples = 500;

    public async Task<BaselineResult> RunAsync(long settlementRows, long reversalRows, CancellationToken cancellationToken)
    {
        var table = "bench_baseline_" + new string([.. runId.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString)
        {
            ConnectionStringBuilder = { MaxPoolSize = Math.Max(writers + 2, 10), ApplicationName = "clearinghouse-loadgen-baseline" },
        }.Build();

        string synchronousCommit, fsync;
        int? postmaster;
        await using (var conn = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            synchronousCommit = await Scalar(conn, "show synchronous_commit", cancellationToken);
            fsync = await Scalar(conn, "show fsync", cancellationToken);
            postmaster = HostProbe.ParentPid(conn.ProcessID);
        }
        var settlementPayloads = await SamplePayloads(dataSource, "settlement_accepted_v1", cancellationToken);
        var reversalPayloads = await SamplePayloads(dataSource, "settlement_reversed_v1", cancellationToken);
        var synthetic = settlementPayloads.Count == 0;
        if (synthetic)
        {
            settlementPayloads = [SyntheticPayload(1_500)];
        }
        if (reversalPayloads.Count == 0)
        {
            reversalPayloads = settlementPayloads;
        }
        var total = settlementRows + reversalRows;
        var avgBytes = total == 0 ? 0
            : (settlementRows * settlementPayloads.Average(p => (double)Encoding.UTF8.GetByteCount(p))
               + reversalRows * reversalPayloads.Average(p => (double)Encoding.UTF8.GetByteCount(p))) / total;

        await Execute(dataSource, $"drop table if exists {table}", cancellationToken);
        await Execute(dataSource,
            $"create table {table} (seq bigserial primary key, stream_id text not null, version int not null, data jsonb not null, timestamp timestamptz not null default now())",
            cancellationToken);
        var connections = new List<NpgsqlConnection>();
        try
        {
            // Connections are opened and the insert prepared before the clock starts: the figure is the
            // steady append rate, not connection set-up.
            var writersList = new List<Func<int, string[], int[], string[], Task>>();
            for (var w = 0; w < writers; w++)
            {
                var conn = await dataSource.OpenConnectionAsync(cancellationToken);
                connections.Add(conn);
                writersList.Add(mode == BaselineMode.Unnest
                    ? await UnnestWriter(conn, table, cancellationToken)
                    : BatchWriter(conn, table, cancellationToken));
            }
            // The load phase is measured after its warm-up and so is the baseline: first the autovacuum the load
            // phase set off is let finish (its work is the load's, not the baseline's), then the writers append
            // for a while uncounted. A cold baseline ramps up over its first seconds (new backends, the writers'
            // code tiering up, the load's autovacuum), and averaging that ramp understates the limit (see
            // docs/performance.md).
            var vacuumWait = await PostgresProbe.WaitForAutovacuumAsync(dataSource, TimeSpan.FromSeconds(60), cancellationToken);
            if (warmup > TimeSpan.Zero)
            {
                var warmClock = Stopwatch.StartNew();
                long warmRows = 0;
                using (progress.Show(() => $"baseline warm-up {warmClock.Elapsed.TotalSeconds,4:0}s  rows {Interlocked.Read(ref warmRows):N0}"))
                {
                    await WriteRows(writersList, long.MaxValue, row => (settlementPayloads, $"person-{runId}-w{row % 100_000}"),
                        () => warmClock.Elapsed >= warmup, n => Interlocked.Add(ref warmRows, n));
                }
            }
            long written = 0;
            var postgres0 = postmaster is { } pm ? HostProbe.CpuSecondsOfTree(pm) : null;
            var clock = Stopwatch.StartNew();
            using (progress.Show(() => $"baseline {clock.Elapsed.TotalSeconds,5:0}s  rows {Interlocked.Read(ref written):N0}/{total:N0}  {(clock.Elapsed.TotalSeconds > 0 ? Interlocked.Read(ref written) / clock.Elapsed.TotalSeconds : 0):N0}/s"))
            {
                // Settlement rows first, then reversal rows, as many of each as the load phase wrote.
                await WriteRows(writersList, total, row => (row < settlementRows ? settlementPayloads : reversalPayloads, $"person-{runId}-b{row % 100_000}"),
                    () => false, n => Interlocked.Add(ref written, n));
            }
            var seconds = clock.Elapsed.TotalSeconds;
            double? postgresCpu = postgres0 is not null && postmaster is { } pm1 ? HostProbe.CpuDelta(postgres0, HostProbe.CpuSecondsOfTree(pm1)) : null;
            return new BaselineResult(total, seconds, seconds > 0 ? total / seconds : 0, avgBytes, synthetic, writers, batch, mode.ToString().ToLowerInvariant(),
                table, synchronousCommit, fsync, postgresCpu, warmup.TotalSeconds, vacuumWait.TotalSeconds);
        }
        finally
        {
            foreach (var conn in connections)
            {
                await conn.DisposeAsync();
            }
            await Execute(dataSource, $"drop table if exists {table}", CancellationToken.None);
        }
    }

    /// <summary>
    /// Rows 0..<paramref name="total"/> (or until <paramref name="stop"/>), claimed a transaction's worth at a time
    /// by every writer; each row's payload pool and stream come from <paramref name="source"/>.
    /// </summary>
    private Task WriteRows(
        List<Func<int, string[], int[], string[], Task>> writersList, long total, Func<long, (List<string> Pool, string Stream)> source,
        Func<bool> stop, Action<int> written)
    {
        long claimed = 0;
        return Task.WhenAll(writersList.Select(write => Task.Run(async () =>
        {
            var streams = new string[batch];
            var versions = new int[batch];
            var data = new string[batch];
            while (!stop())
            {
                var first = Interlocked.Add(ref claimed, batch) - batch;
                if (first >= total)
                {
                    return;
                }
                var n = (int)Math.Min(batch, total - first);
                for (var i = 0; i < n; i++)
                {
                    var row = first + i;
                    var (pool, stream) = source(row);
                    streams[i] = stream;
                    versions[i] = (int)(row / 100_000) + 1;
                    data[i] = pool[(int)(row % pool.Count)];
                }
                await write(n, streams, versions, data);
                written(n);
            }
        })));
    }

    /// <summary>One transaction per batch: an NpgsqlBatch of single-row INSERTs, each event a jsonb parameter (as Marten sends them).</summary>
    private static Func<int, string[], int[], string[], Task> BatchWriter(NpgsqlConnection conn, string table, CancellationToken cancellationToken)
    {
        var sql = $"insert into {table} (stream_id, version, data) values ($1, $2, $3)";
        return async (n, streams, versions, data) =>
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(conn, tx);
            for (var i = 0; i < n; i++)
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter { Value = streams[i], NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = versions[i], NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new NpgsqlParameter { Value = data[i], NpgsqlDbType = NpgsqlDbType.Jsonb });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        };
    }

    /// <summary>One transaction per batch: one prepared multi-row INSERT … SELECT FROM unnest(arrays).</summary>
    private static async Task<Func<int, string[], int[], string[], Task>> UnnestWriter(NpgsqlConnection conn, string table, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlCommand(
            $"insert into {table} (stream_id, version, data) select * from unnest($1::text[], $2::int[], $3::jsonb[])", conn);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await cmd.PrepareAsync(cancellationToken);
        return async (n, streams, versions, data) =>
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            cmd.Transaction = tx;
            cmd.Parameters[0].Value = n == streams.Length ? streams : streams[..n];
            cmd.Parameters[1].Value = n == versions.Length ? versions : versions[..n];
            cmd.Parameters[2].Value = n == data.Length ? data : data[..n];
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        };
    }

    private static async Task<List<string>> SamplePayloads(NpgsqlDataSource dataSource, string type, CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand(
                "select data::text from clearinghouse.mt_events where seq_id > (select coalesce(max(seq_id), 0) - 200000 from clearinghouse.mt_events) " +
                "and type = $1 order by seq_id desc limit $2");
            cmd.Parameters.AddWithValue(type);
            cmd.Parameters.AddWithValue(Samples);
            var payloads = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                payloads.Add(reader.GetString(0));
            }
            return payloads;
        }
        catch (PostgresException e)
        {
            Console.Error.WriteLine($"loadgen: baseline: could not read sample {type} events ({e.MessageText}); using a synthetic payload");
            return [];
        }
    }

    private static string SyntheticPayload(int length)
    {
        var sb = new StringBuilder("{\"pad\":\"");
        while (sb.Length < length - 2)
        {
            sb.Append('x');
        }
        return sb.Append("\"}").ToString();
    }

    private static async Task<string> Scalar(NpgsqlConnection conn, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (await cmd.ExecuteScalarAsync(cancellationToken))?.ToString() ?? "?";
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record BaselineResult(
    long Rows, double Seconds, double RowsPerSecond, double AverageEventBytes, bool SyntheticPayload, int Writers, int BatchRows, string Mode,
    string Table, string SynchronousCommit, string Fsync, double? PostgresCpuSeconds, double WarmupSeconds, double AutovacuumWaitSeconds);

/// <summary>Counters of the benchmark database (pg_stat_database) and the WAL position.</summary>
public sealed record PgCounters(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted, long WalBytes)
{
    public PgCounters Minus(PgCounters earlier) => new(
        Commits - earlier.Commits, Rollbacks - earlier.Rollbacks, Inserted - earlier.Inserted, Updated - earlier.Updated,
        Deleted - earlier.Deleted, WalBytes - earlier.WalBytes);
}

public static class PostgresProbe
{
    public static async Task<PgCounters?> CountersAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand(
                "select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint " +
                "from pg_stat_database where datname = current_database()", conn);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            return new PgCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"loadgen: cannot read PostgreSQL counters: {e.Message}");
            return null;
        }
    }

    /// <summary>Runs SQL on its own connection, up to 10 minutes (an experiment's --after-setup-sql script, the ANALYZE after set-up); errors propagate.</summary>
    public static async Task RunScriptAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// ANALYZE of the run's database after set-up. Each run starts on a fresh database, and until autovacuum's
    /// first pass PostgreSQL plans the hot statements (cached for the life of the group-commit writers' sessions)
    /// for tables it believes empty, and a run whose measured minute met that first pass measured a database
    /// no running one is (see docs/performance.md). A database that
    /// has been running has statistics; this gives every run one. Returns the seconds taken, or null if it failed.
    /// </summary>
    public static async Task<double?> AnalyzeAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await RunScriptAsync(connectionString, "analyze", cancellationToken);
            return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"loadgen: cannot analyze the database after set-up: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until no autovacuum worker is busy in the database of
    /// <paramref name="dataSource"/>; returns how long it waited. A benchmark's poll, not a test's.
    /// </summary>
    public static async Task<TimeSpan> WaitForAutovacuumAsync(NpgsqlDataSource dataSource, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var cmd = dataSource.CreateCommand(
            "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' and datname = current_database()");
        while (Stopwatch.GetElapsedTime(started) < limit && (long)(await cmd.ExecuteScalarAsync(cancellationToken))! > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The postmaster of the server behind a connection string, if it runs on this machine and /proc shows it.</summary>
    public static async Task<int?> PostmasterPidAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(cancellationToken);
            var parent = HostProbe.ParentPid(conn.ProcessID);
            return parent is > 1 ? parent : null;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"loadgen: cannot connect to the baseline database: {e.Message}");
            return null;
        }
    }
}
