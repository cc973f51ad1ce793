using Npgsql;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Row counts of the event store and its documents, read straight from PostgreSQL. <see cref="Events"/>
/// leaves out Marten's own "mt_tombstone" rows: when a transaction with events fails (a request id taken
/// by another stream, say), Marten 9 writes a tombstone there to fill the hole the failed batch left in
/// the event sequence. A tombstone belongs to no stream of the clearinghouse and is not an event of it
/// (nor is its row in mt_streams counted in <see cref="Streams"/>). <see cref="Periods"/> lists every
/// clearing period with its state, so a refused close that still moved a period is seen too.
/// </summary>
public sealed record StoreCounts(long Events, long LedgerRows, long RequestKeys)
{
    /// <summary>Rows of mt_streams: a refused first append must not leave its stream behind.</summary>
    public long Streams { get; init; }

    /// <summary>Every clearing period as "period:state", in order (e.g. "2026-12:closed,2027-01:open").</summary>
    public string Periods { get; init; } = "";

    public override string ToString() =>
        $"mt_events={Events}, ledger rows={LedgerRows}, request_keys={RequestKeys}, mt_streams={Streams}, clearing_periods=[{Periods}]";
}

/// <summary>One event of a stream, in stream order.</summary>
public sealed record StoredEvent(long Version, string Type, string? SettlementId);

/// <summary>
/// Reads the Marten tables of schema "clearinghouse" directly (Npgsql), independent of the product's
/// own read paths: what was really committed.
/// </summary>
public sealed class DatabaseProbe(string connectionString)
{
    public async Task<StoreCounts> CountsAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from clearinghouse.mt_events where stream_id <> 'mt_tombstone'),
                   (select count(*) from clearinghouse.ledger_settlements) + (select count(*) from clearinghouse.ledger_reversals),
                   (select count(*) from clearinghouse.request_keys),
                   (select count(*) from clearinghouse.mt_streams where id <> 'mt_tombstone'),
                   (select coalesce(string_agg(period || ':' || state, ',' order by period), '') from clearinghouse.clearing_periods)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
        {
            Streams = reader.GetInt64(3),
            Periods = reader.GetString(4),
        };
    }

    /// <summary>The events of one stream (e.g. "person:P1") in version order, with the settlement they concern.</summary>
    public async Task<IReadOnlyList<StoredEvent>> StreamAsync(string streamKey)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select version, type, data ->> 'SettlementId' from clearinghouse.mt_events where stream_id = @stream order by version",
            connection);
        command.Parameters.AddWithValue("stream", streamKey);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return events;
    }

    /// <summary>Rows of the settlement ledger for one person.</summary>
    public async Task<long> SettlementRecordsOfAsync(string personId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from clearinghouse.ledger_settlements where person_id = @person", connection);
        command.Parameters.AddWithValue("person", personId);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
