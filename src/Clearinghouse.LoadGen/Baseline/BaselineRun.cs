using System.Diagnostics;
using Npgsql;

namespace Clearinghouse.LoadGen.Baseline;

/// <summary>
/// The physical limit of this machine's database path: as many rows as the load phase wrote events, each
/// the size of a real event (<see cref="BaselinePayloads"/>), appended with Npgsql straight into a scratch
/// table in batched transactions by a few concurrent writers, then the table is dropped. Same PostgreSQL,
/// same durability settings.
/// </summary>
public sealed class BaselineRun(string connectionString, string runId, int writers, int batch, BaselineMode mode, TimeSpan warmup, Progress progress)
{
    public async Task<BaselineResult> RunAsync(long settlementRows, long reversalRows, CancellationToken cancellationToken)
    {
        var table = "bench_baseline_" + new string([.. runId.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString)
        {
            ConnectionStringBuilder = { MaxPoolSize = Math.Max(writers + 2, 10), ApplicationName = "clearinghouse-loadgen-baseline" },
        }.Build();
        var server = await ServerSettings.ReadAsync(dataSource, cancellationToken);
        var payloads = await BaselinePayloads.SampleAsync(dataSource, cancellationToken);
        var total = settlementRows + reversalRows;

        await Execute(dataSource, $"drop table if exists {table}", cancellationToken);
        await Execute(dataSource,
            $"create table {table} (seq bigserial primary key, stream_id text not null, version int not null, data jsonb not null, timestamp timestamptz not null default now())",
            cancellationToken);
        try
        {
            // Connections are opened and the insert prepared before the clock starts: the figure is the
            // steady append rate, not connection set-up.
            await using var appenders = new BaselineWriters(dataSource, table, batch, mode);
            await appenders.OpenAsync(writers, cancellationToken);
            // The load phase is measured after its warm-up and so is the baseline: first the autovacuum the load
            // phase set off is let finish (its work is the load's, not the baseline's), then the writers append
            // for a while uncounted. A cold baseline ramps up over its first seconds (new backends, the writers'
            // code tiering up, the load's autovacuum), and averaging that ramp understates the limit (see
            // docs/performance.md).
            var vacuumWait = await PostgresProbe.WaitForAutovacuumAsync(dataSource, TimeSpan.FromSeconds(60), cancellationToken);
            await WarmUpAsync(appenders, payloads);
            var (seconds, postgresCpu) = await MeasureAsync(appenders, payloads, settlementRows, total, server.Postmaster);
            return new BaselineResult(total, seconds, seconds > 0 ? total / seconds : 0, payloads.AverageBytes(settlementRows, reversalRows),
                payloads.Synthetic, writers, batch, mode.ToString().ToLowerInvariant(), table, server.SynchronousCommit, server.Fsync, postgresCpu,
                warmup.TotalSeconds, vacuumWait.TotalSeconds);
        }
        finally
        {
            await Execute(dataSource, $"drop table if exists {table}", CancellationToken.None);
        }
    }

    /// <summary>The writers append for --baseline-warmup, rows not counted.</summary>
    private async Task WarmUpAsync(BaselineWriters appenders, BaselinePayloads payloads)
    {
        if (warmup <= TimeSpan.Zero)
        {
            return;
        }
        var warmClock = Stopwatch.StartNew();
        long warmRows = 0;
        using (progress.Show(() => $"baseline warm-up {warmClock.Elapsed.TotalSeconds,4:0}s  rows {Interlocked.Read(ref warmRows):N0}"))
        {
            await appenders.WriteRows(long.MaxValue, row => (payloads.Settlement, $"person-{runId}-w{row % 100_000}"),
                () => warmClock.Elapsed >= warmup, n => Interlocked.Add(ref warmRows, n));
        }
    }

    /// <summary>The measured append of <paramref name="total"/> rows: its seconds, and PostgreSQL's CPU seconds meanwhile when known.</summary>
    private async Task<(double Seconds, double? PostgresCpuSeconds)> MeasureAsync(
        BaselineWriters appenders, BaselinePayloads payloads, long settlementRows, long total, int? postmaster)
    {
        long written = 0;
        var postgres0 = postmaster is { } pm ? HostProbe.CpuSecondsOfTree(pm) : null;
        var clock = Stopwatch.StartNew();
        using (progress.Show(() => $"baseline {clock.Elapsed.TotalSeconds,5:0}s  rows {Interlocked.Read(ref written):N0}/{total:N0}  {(clock.Elapsed.TotalSeconds > 0 ? Interlocked.Read(ref written) / clock.Elapsed.TotalSeconds : 0):N0}/s"))
        {
            // Settlement rows first, then reversal rows, as many of each as the load phase wrote.
            await appenders.WriteRows(total, row => (row < settlementRows ? payloads.Settlement : payloads.Reversal, $"person-{runId}-b{row % 100_000}"),
                () => false, n => Interlocked.Add(ref written, n));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        double? postgresCpu = postgres0 is not null && postmaster is { } pm1 ? HostProbe.CpuDelta(postgres0, HostProbe.CpuSecondsOfTree(pm1)) : null;
        return (seconds, postgresCpu);
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The server's durability settings and its postmaster (for its CPU), read once before the run.</summary>
    private sealed record ServerSettings(string SynchronousCommit, string Fsync, int? Postmaster)
    {
        public static async Task<ServerSettings> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
        {
            await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
            var synchronousCommit = await Scalar(conn, "show synchronous_commit", cancellationToken);
            var fsync = await Scalar(conn, "show fsync", cancellationToken);
            return new ServerSettings(synchronousCommit, fsync, HostProbe.ParentPid(conn.ProcessID));
        }

        private static async Task<string> Scalar(NpgsqlConnection conn, string sql, CancellationToken cancellationToken)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (await cmd.ExecuteScalarAsync(cancellationToken))?.ToString() ?? "?";
        }
    }
}
