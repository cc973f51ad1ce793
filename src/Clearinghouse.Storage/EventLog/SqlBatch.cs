using System.Collections.Concurrent;
using System.Text;
using Clearinghouse.Domain;
using Npgsql;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The statements of one write transaction, sent to PostgreSQL as one <see cref="NpgsqlBatch"/> (one
/// round trip) and committed together. Statements use <c>?</c> for their parameters, in order; values go
/// to Npgsql as they are (arrays become PostgreSQL arrays). The event log writes through this rather than
/// a Marten session: every write of ours is SQL already (the batched append, the ledger, the read models),
/// and a Marten session resolved every parameter's type afresh on each batch (about a tenth of the host's
/// allocations under load, docs/performance.md). Marten still owns the schema and reads the streams.
/// </summary>
internal sealed class SqlBatch
{
    private readonly List<NpgsqlBatchCommand> _commands = [];

    public int Count => _commands.Count;

    /// <summary>
    /// Queues a statement. A value that is an <see cref="NpgsqlParameter"/> is sent as it is, for a type
    /// Npgsql cannot infer from the value (UTF-8 bytes meant as jsonb).
    /// </summary>
    public void Add(string sql, params object?[] values)
    {
        var (text, count) = Positional(sql);
        Invariant.Require(count == values.Length, "a statement has as many ? as values");
        var command = new NpgsqlBatchCommand(text);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        _commands.Add(command);
    }

    // The statements are a fixed set of texts: each is rewritten once, not on every batch.
    private static readonly ConcurrentDictionary<string, (string Text, int Count)> Rewritten = new();
    private const int MaxRewritten = 1_000;

    private static (string Text, int Count) Positional(string sql)
    {
        if (Rewritten.TryGetValue(sql, out var known))
        {
            return known;
        }
        var text = new StringBuilder(sql.Length + 8);
        var n = 0;
        foreach (var c in sql)
        {
            if (c == '?')
            {
                text.Append('$').Append(++n);
            }
            else
            {
                text.Append(c);
            }
        }
        var rewritten = (text.ToString(), n);
        if (Rewritten.Count < MaxRewritten)
        {
            Rewritten.TryAdd(sql, rewritten);
        }
        return rewritten;
    }

    /// <summary>
    /// Runs every statement in one transaction and commits it; any failure rolls all of them back. There is
    /// no BEGIN and no COMMIT: the batch goes out as one pipeline ending in a single Sync, which PostgreSQL
    /// runs as one implicit transaction, commits (WAL flushed, with synchronous_commit on) before it
    /// answers the Sync, and rolls back whole when a statement fails. So the call returns only once all of
    /// it is durable, in one round trip instead of two: at moderate load the batches are small, and each
    /// round trip is a wake-up of the host and of a PostgreSQL backend (see docs/performance.md).
    /// Statements scoped to the transaction use <c>set_config(…, true)</c> and <c>pg_advisory_xact_lock</c>,
    /// which last until that commit.
    /// </summary>
    public async Task CommitAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in _commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
