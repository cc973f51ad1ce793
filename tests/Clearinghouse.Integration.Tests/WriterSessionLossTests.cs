using Clearinghouse.Grains.Storage;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Storage.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The group-commit writers after PostgreSQL drops their sessions: each writer finds its session gone at its next
/// transaction (which fails, and is retried as a caller retries) and opens a new one. A class of its own, with its
/// own host and database: a writer that no append of this test happened to reach still holds its dead session,
/// and a test after it in a shared fixture would meet it (an append failing with 57P01).
/// </summary>
public sealed class WriterSessionLossTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private IEventLog Log => fixture.Host.Services.GetRequiredService<IEventLog>();

    [Fact]
    public async Task After_PostgreSQL_drops_the_writers_sessions_the_writers_open_new_ones_and_appends_commit_again()
    {
        // The writers keep their connections; one the server has closed must be replaced, not reused forever.
        await Log.AppendAsync(new StreamAppend("eventlog-test:reconnect-before", 0, [EventLogTests.Enrolled(fixture, "RC0", "reconnect-0")]));
        Assert.True(await TerminateWriterSessionsAsync() > 0, "no group-commit session was found to terminate");

        const string key = "eventlog-test:reconnect";
        var failures = new List<Exception>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            try
            {
                await Log.AppendAsync(new StreamAppend(key, 0, [EventLogTests.Enrolled(fixture, "RC1", "reconnect-1")]));
                break;
            }
            catch (DatabaseUnavailableException e)
            {
                // Each writer finds its session gone at its next transaction, which fails as the database
                // being unreachable (UNAVAILABLE at the edge) and is retried here as a caller would retry a
                // failed request with the same request id.
                failures.Add(e);
            }
        }
        Assert.True(failures.Count <= 2, $"{failures.Count} appends failed after the sessions were dropped: {string.Join("; ", failures.Select(f => f.Message))}");
        Assert.Single(await Log.ReadAsync(key));
        Assert.Equal(1, await EventLogTests.RequestKeyCountAsync(fixture, "reconnect-1"));
    }

    private async Task<int> TerminateWriterSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*)::int from (select pg_terminate_backend(pid) from pg_stat_activity " +
            "where datname = current_database() and application_name = $1) t", connection);
        command.Parameters.AddWithValue(MartenEventLog.WriterApplicationName);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
