using Npgsql;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// How far fund supervision's flags trail the settlements that complete them, read from the database after the load:
/// for each flag whose triggering settlement committed during the measured phase, the flag event's commit timestamp
/// minus that settlement's (mt_events.timestamp both; the flag names the settlement by its $all position, the audit
/// trail's sequence).
/// </summary>
public sealed record FlagLagFigures(long Flags, long P50Ms, long P99Ms, long MaxMs)
{
    private const string Query = """
        select count(*), coalesce(percentile_disc(0.5) within group (order by lag_ms), 0),
               coalesce(percentile_disc(0.99) within group (order by lag_ms), 0), coalesce(max(lag_ms), 0)
        from (
          select round(extract(epoch from (f.timestamp - s.timestamp)) * 1000)::bigint as lag_ms
          from clearinghouse.mt_events f
          join clearinghouse.audit_actions a on a.seq = (f.data ->> 'TriggerPosition')::bigint
          join clearinghouse.mt_events s on s.stream_id = a.stream_key and s.version = a.stream_version
          where f.type = 'settlement_flagged_v1' and s.timestamp >= $1 and s.timestamp <= $2
        ) lags
        """;

    /// <summary>
    /// The figures once the processor has caught up (the count of such flags unchanged over a second, at most 30 s
    /// after the load), or null when the database cannot be read.
    /// </summary>
    public static async Task<FlagLagFigures?> MeasureAsync(string connectionString, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            await using var database = NpgsqlDataSource.Create(connectionString);
            var figures = await ReadAsync(database, from, to, cancellationToken);
            for (var waited = 0; waited < 30; waited++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var again = await ReadAsync(database, from, to, cancellationToken);
                if (again.Flags == figures.Flags)
                {
                    return again;
                }
                figures = again;
            }
            return figures;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"loadgen: cannot read the flags' lag: {e.Message}");
            return null;
        }
    }

    private static async Task<FlagLagFigures> ReadAsync(NpgsqlDataSource database, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(Query);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new FlagLagFigures(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
