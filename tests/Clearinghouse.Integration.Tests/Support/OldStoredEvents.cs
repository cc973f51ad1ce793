using Npgsql;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>Events written as an older build wrote them, for the tests that read earlier stored shapes.</summary>
public static class OldStoredEvents
{
    /// <summary>
    /// Appends one stored event as version 2 of a person's stream (after its enrolment), under its old stored name,
    /// with its request key, as the older build committed it.
    /// </summary>
    public static async Task AppendSecondAsync(
        string connectionString, string personId, string storedName, string dotNetType, string json, string scope, string requestId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            insert into clearinghouse.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
            values (nextval('clearinghouse.mt_events_sequence'), gen_random_uuid(), @stream, 2, @data::jsonb, @type, '*DEFAULT*', now(), @dotnet, false);
            update clearinghouse.mt_streams set version = 2 where id = @stream and version = 1;
            insert into clearinghouse.request_keys (scope, request_id, fingerprint, stream_key)
            values (@scope, @request, (@data::jsonb) -> 'Request' ->> 'Fingerprint', @stream);
            """, connection);
        command.Parameters.AddWithValue("stream", "person:" + personId);
        command.Parameters.AddWithValue("data", json);
        command.Parameters.AddWithValue("type", storedName);
        command.Parameters.AddWithValue("dotnet", dotNetType);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("request", requestId);
        if (await command.ExecuteNonQueryAsync() != 3)
        {
            throw new InvalidOperationException($"person {personId}'s stream was not at version 1");
        }
    }
}
