using System.Data;
using Npgsql;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The connection a group-commit writer keeps for its lifetime, opened on first use and again after it
/// breaks. Renting one from the pool per transaction made Npgsql reset it on every return: a statement
/// sent ahead of the next batch that PostgreSQL ran as a transaction of its own, about as many as the
/// writes themselves (see docs/performance.md). A writer runs one transaction at a time, so it needs one connection.
/// </summary>
internal sealed class WriterConnection(NpgsqlDataSource database) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    /// <summary>The open connection; a broken or closed one is replaced first.</summary>
    public async Task<NpgsqlConnection> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is { State: ConnectionState.Open })
        {
            return _connection;
        }
        await DropAsync();
        var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            // For the session's life: the writer never returns the connection to the pool, whose reset would undo it.
            await using var name = new NpgsqlCommand($"set application_name = '{MartenEventLog.WriterApplicationName}'", connection);
            await name.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
        return connection;
    }

    /// <summary>
    /// After a failed transaction: a connection Npgsql has marked broken (lost socket, server restart) is
    /// dropped; one that only carried a failed statement is still good, as PostgreSQL ended that implicit
    /// transaction when it failed.
    /// </summary>
    public async Task CheckAfterFailureAsync()
    {
        if (_connection is not null && _connection.FullState != ConnectionState.Open)
        {
            await DropAsync();
        }
    }

    private async Task DropAsync()
    {
        if (_connection is not null)
        {
            var connection = _connection;
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(DropAsync());
}
