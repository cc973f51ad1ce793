using System.Diagnostics;
using Npgsql;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// Fund supervision's processor follows $all from its last checkpoint, so in a kept world it starts a run with
/// whatever earlier runs left it (a run made with it off leaves it every settlement of that run). Measured so, a run
/// would pay for another run's settlements: before the load, this waits until the processor's checkpoint passes the
/// last settlement event already committed, reading the database only.
/// </summary>
public static class SupervisionBacklog
{
    /// <summary>The processor's last checkpointed position (0 before its first): its stream's last event.</summary>
    private const string CheckpointQuery = """
        select coalesce((select (data ->> 'Position')::bigint from clearinghouse.mt_events
                         where stream_id = 'supervision' order by version desc limit 1), 0)
        """;

    /// <summary>The position of the last event committed that the processor handles (a settlement, a reversal, a close).</summary>
    private const string LastWatchedQuery = """
        select coalesce((select a.seq from clearinghouse.audit_actions a
                         join clearinghouse.mt_events e on e.stream_id = a.stream_key and e.version = a.stream_version
                         where starts_with(e.type, 'settlement_accepted_') or starts_with(e.type, 'settlement_reversed_')
                            or starts_with(e.type, 'period_closed_')
                         order by a.seq desc limit 1), 0)
        """;

    /// <summary>Waits, at most <paramref name="bound"/>, and prints what it waited for; gives up (and says so) past the bound.</summary>
    public static async Task AwaitAsync(string connectionString, TimeSpan bound, CancellationToken abort)
    {
        try
        {
            await using var database = NpgsqlDataSource.Create(connectionString);
            var last = await ScalarAsync(database, LastWatchedQuery, abort);
            var checkpoint = await ScalarAsync(database, CheckpointQuery, abort);
            if (checkpoint >= last)
            {
                return;
            }
            var from = checkpoint;
            Console.Error.WriteLine($"loadgen: fund supervision's checkpoint is at {checkpoint:N0}, the last settlement event at {last:N0}: waiting for it to catch up, at most {bound.TotalSeconds:0} s");
            var waited = Stopwatch.StartNew();
            var told = TimeSpan.Zero;
            while (waited.Elapsed < bound)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), abort);
                checkpoint = await ScalarAsync(database, CheckpointQuery, abort);
                if (checkpoint >= last)
                {
                    Console.Error.WriteLine($"loadgen: fund supervision caught up in {waited.Elapsed.TotalSeconds:0} s ({(checkpoint - from) / Math.Max(waited.Elapsed.TotalSeconds, 1):N0} positions/s)");
                    return;
                }
                if (waited.Elapsed - told >= TimeSpan.FromSeconds(30))
                {
                    told = waited.Elapsed;
                    Console.Error.WriteLine($"loadgen: fund supervision at {checkpoint:N0} of {last:N0} after {waited.Elapsed.TotalSeconds:0} s");
                }
            }
            Console.Error.WriteLine($"loadgen: fund supervision did not catch up within {bound.TotalSeconds:0} s (checkpoint {checkpoint:N0} of {last:N0}); the load starts anyway");
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"loadgen: cannot read fund supervision's checkpoint: {e.Message}");
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql, CancellationToken abort)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(abort), System.Globalization.CultureInfo.InvariantCulture);
    }
}
