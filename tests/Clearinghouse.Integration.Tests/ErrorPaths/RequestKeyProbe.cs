using Npgsql;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>The request ids recorded in one scope (table request_keys), read straight from PostgreSQL.</summary>
public static class RequestKeyProbe
{
    public static async Task<IReadOnlySet<string>> IdsAsync(string connectionString, string scope)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select request_id from clearinghouse.request_keys where scope = @scope", connection);
        command.Parameters.AddWithValue("scope", scope);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
