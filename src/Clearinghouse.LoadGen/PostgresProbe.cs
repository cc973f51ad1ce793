using System.Diagnostics;
using Npgsql;

namespace Clearinghouse.LoadGen;

/// <summary>Counters of the benchmark database (pg_stat_database) and the WAL position.</summary>
public sealed record PgCounters(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted, long WalBytes)
{
    public PgCounters Minus(PgCounters earlier) => new(
        Commits - earlier.Commits, Rollbacks - earlier.Rollbacks, Inserted - earlier.Inserted, Updated - earlier.Updated,
        Deleted - earlier.Deleted, WalBytes - earlier.WalBytes);
}

/// <summary>Reads from and runs statements in the benchmark's PostgreSQL: its counters, its postmaster, ANALYZE, experiments' scripts.</summary>
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
