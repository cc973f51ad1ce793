using System.Diagnostics;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>The cluster's membership table as the tests read it (status 3 = active, 6 = dead).</summary>
public static class ClusterMembership
{
    public const int Active = 3;
    public const int Dead = 6;

    /// <summary>The status of every row of the cluster's membership table, by port.</summary>
    public static async Task<List<int>> StatusesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select status from orleansmembershiptable where deploymentid = $1 order by port", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ClusterFixture.ClusterId });
        var statuses = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses.Add(reader.GetInt32(0));
        }
        return statuses;
    }

    /// <summary>
    /// Polls (every 100 ms) until a row of silo <paramref name="siloName"/> reads dead (on a fresh database: the
    /// generation that was killed, whether its death was voted or declared by its restart); returns
    /// <paramref name="since"/>'s elapsed time then, or null if <paramref name="cancellationToken"/> ends first.
    /// </summary>
    public static async Task<TimeSpan?> DeclaredDeadAsync(string connectionString, string siloName, Stopwatch since, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "select count(*) from orleansmembershiptable where deploymentid = $1 and siloname = $2 and status = 6", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = ClusterFixture.ClusterId });
            command.Parameters.Add(new NpgsqlParameter { Value = siloName });
            while ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await Task.Delay(100, cancellationToken);
            }
            return since.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
