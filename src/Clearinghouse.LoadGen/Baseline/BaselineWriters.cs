using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.LoadGen.Baseline;

/// <summary>
/// The baseline's writers: one open connection each, with its insert ready (prepared, for unnest), so the
/// baseline's clock measures appends and not connection set-up. Disposing closes the connections.
/// </summary>
public sealed class BaselineWriters(NpgsqlDataSource dataSource, string table, int batch, BaselineMode mode) : IAsyncDisposable
{
    /// <summary>Appends rows 0..n-1 of the arrays in one transaction.</summary>
    private delegate Task AppendBatch(int n, string[] streams, int[] versions, string[] data);

    private readonly List<NpgsqlConnection> _connections = [];
    private readonly List<AppendBatch> _writers = [];

    public async Task OpenAsync(int writers, CancellationToken cancellationToken)
    {
        for (var w = 0; w < writers; w++)
        {
            var conn = await dataSource.OpenConnectionAsync(cancellationToken);
            _connections.Add(conn);
            _writers.Add(mode == BaselineMode.Unnest
                ? await UnnestWriter(conn, table, cancellationToken)
                : BatchWriter(conn, table, cancellationToken));
        }
    }

    /// <summary>
    /// Rows 0..<paramref name="total"/> (or until <paramref name="stop"/>), claimed a transaction's worth at a time
    /// by every writer; each row's payload pool and stream come from <paramref name="source"/>.
    /// </summary>
    public Task WriteRows(long total, Func<long, (List<string> Pool, string Stream)> source, Func<bool> stop, Action<int> written)
    {
        long claimed = 0;
        return Task.WhenAll(_writers.Select(write => Task.Run(async () =>
        {
            var streams = new string[batch];
            var versions = new int[batch];
            var data = new string[batch];
            while (!stop())
            {
                var first = Interlocked.Add(ref claimed, batch) - batch;
                if (first >= total)
                {
                    return;
                }
                var n = (int)Math.Min(batch, total - first);
                for (var i = 0; i < n; i++)
                {
                    var row = first + i;
                    var (pool, stream) = source(row);
                    streams[i] = stream;
                    versions[i] = (int)(row / 100_000) + 1;
                    data[i] = pool[(int)(row % pool.Count)];
                }
                await write(n, streams, versions, data);
                written(n);
            }
        })));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var conn in _connections)
        {
            await conn.DisposeAsync();
        }
    }

    /// <summary>One transaction per batch: an NpgsqlBatch of single-row INSERTs, each event a jsonb parameter (as Marten sends them).</summary>
    private static AppendBatch BatchWriter(NpgsqlConnection conn, string table, CancellationToken cancellationToken)
    {
        var sql = $"insert into {table} (stream_id, version, data) values ($1, $2, $3)";
        return async (n, streams, versions, data) =>
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(conn, tx);
            for (var i = 0; i < n; i++)
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter { Value = streams[i], NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = versions[i], NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new NpgsqlParameter { Value = data[i], NpgsqlDbType = NpgsqlDbType.Jsonb });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        };
    }

    /// <summary>One transaction per batch: one prepared multi-row INSERT … SELECT FROM unnest(arrays).</summary>
    private static async Task<AppendBatch> UnnestWriter(NpgsqlConnection conn, string table, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlCommand(
            $"insert into {table} (stream_id, version, data) select * from unnest($1::text[], $2::int[], $3::jsonb[])", conn);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await cmd.PrepareAsync(cancellationToken);
        return async (n, streams, versions, data) =>
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            cmd.Transaction = tx;
            cmd.Parameters[0].Value = n == streams.Length ? streams : streams[..n];
            cmd.Parameters[1].Value = n == versions.Length ? versions : versions[..n];
            cmd.Parameters[2].Value = n == data.Length ? data : data[..n];
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        };
    }
}
