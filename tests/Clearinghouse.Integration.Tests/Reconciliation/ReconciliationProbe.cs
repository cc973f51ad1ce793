using Npgsql;

namespace Clearinghouse.Integration.Tests.Reconciliation;

/// <summary>Everything a reconciliation call could leave behind, counted straight from PostgreSQL.</summary>
public sealed record ReconciliationCounts(long Events, long RequestKeys, long Days, long Discrepancies, long TempTables);

public static class ReconciliationProbe
{
    public static async Task<ReconciliationCounts> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from clearinghouse.mt_events where stream_id <> 'mt_tombstone'),
                   (select count(*) from clearinghouse.request_keys),
                   (select count(*) from clearinghouse.reconciliation_days),
                   (select count(*) from clearinghouse.reconciliation_discrepancies),
                   (select count(*) from pg_class where relname = 'daily_report_lines')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new ReconciliationCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>The event types of one stream, in order.</summary>
    public static async Task<IReadOnlyList<string>> StreamAsync(string connectionString, string streamKey)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select type from clearinghouse.mt_events where stream_id = @s order by version", connection);
        command.Parameters.AddWithValue("s", streamKey);
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }
        return types;
    }
}
