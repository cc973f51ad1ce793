using System.Text.Json;
using System.Threading.Channels;
using Clearinghouse.Domain.Events;
using Clearinghouse.Storage.Failures;
using Clearinghouse.Storage.Serialization;
using Clearinghouse.Storage.Serialization.Upcasting;
using Marten;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// Whole-stream reads gathered the way the group commit gathers appends: the streams asked for while a query is
/// out go together in the next one (<c>stream_id = any($1)</c>, by the (stream, version) index). A province's
/// load activates a person on nearly every visit, and each activation reads its stream; one statement per read cost
/// PostgreSQL and the host more than the visit's share of its commit (docs/performance.md, "Cold persons").
/// Nothing waits to gather: a read asked for when no query is out goes at once, so a quiet host answers as fast as before.
/// </summary>
internal sealed class GatheredStreamReads : IAsyncDisposable
{
    /// <summary>Two queries out at once: one being read back while the next gathers, as the two group-commit writers.</summary>
    private const int Readers = 2;

    /// <summary>Streams in one query: a person's stream is a few events, so a full batch is a few thousand rows.</summary>
    private const int MaxBatch = 256;

    private readonly Npgsql.NpgsqlDataSource _database;
    private readonly ISerializer _serializer;
    private readonly JsonSerializerOptions _fold;
    private readonly Channel<PendingRead> _queue = Channel.CreateUnbounded<PendingRead>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _readers;

    public GatheredStreamReads(Npgsql.NpgsqlDataSource database, ISerializer serializer)
    {
        _database = database;
        _serializer = serializer;
        _fold = FoldJson.From(serializer);
        _readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(ReadLoop)).ToArray();
    }

    /// <summary>A whole stream; to fold state from (<paramref name="toFold"/>), its settlements without their lines (<see cref="FoldJson"/>).</summary>
    public Task<IReadOnlyList<IStampedEvent>> ReadAsync(string streamKey, bool toFold, CancellationToken cancellationToken)
    {
        var pending = new PendingRead(streamKey, toFold);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GatheredStreamReads));
        }
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Several streams in one query now, not gathered: a caller that already holds a batch of keys.</summary>
    public async Task<Dictionary<string, IReadOnlyList<IStampedEvent>>> ReadManyAsync(IReadOnlyList<string> streamKeys, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(streamKeys.Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);
        return rows.ToDictionary(stream => stream.Key, stream => Decode(stream.Value, toFold: false), StringComparer.Ordinal);
    }

    private async Task ReadLoop()
    {
        var batch = new List<PendingRead>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count > 0)
            {
                await Answer(batch);
                batch.Clear();
            }
        }
    }

    /// <summary>Answers every read of the batch; never throws, or a loop would stop and leave later readers waiting.</summary>
    private async Task Answer(List<PendingRead> batch)
    {
        try
        {
            var keys = new HashSet<string>(batch.Count, StringComparer.Ordinal);
            foreach (var pending in batch)
            {
                keys.Add(pending.StreamKey);
            }
            var streams = await QueryAsync([.. keys], CancellationToken.None);
            foreach (var pending in batch)
            {
                // Decoded for each reader as it asked: the same stream may be read whole and to fold in one batch.
                pending.Completion.TrySetResult(streams.TryGetValue(pending.StreamKey, out var rows) ? Decode(rows, pending.ToFold) : []);
            }
        }
        catch (Exception e)
        {
            var failure = TransientDatabaseFailure.IsTransientDatabaseFailure(e) ? TransientDatabaseFailure.Translate(e) : e;
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(failure);
            }
        }
    }

    /// <summary>Each stream's stored rows (type and JSON), in order; decoded by the caller, as each reader asked.</summary>
    private async Task<Dictionary<string, List<(string Type, byte[] Json)>>> QueryAsync(string[] streamKeys, CancellationToken cancellationToken)
    {
        var streams = new Dictionary<string, List<(string Type, byte[] Json)>>(streamKeys.Length, StringComparer.Ordinal);
        if (streamKeys.Length == 0)
        {
            return streams;
        }
        await using var command = _database.CreateCommand(
            $"select stream_id, type, data from {MartenConfiguration.Schema}.mt_events where stream_id = any($1) and is_archived = false order by stream_id, version");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streamKeys });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<(string Type, byte[] Json)>? rows = null;
        string? current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            if (key != current)
            {
                current = key;
                streams[key] = rows = [];
            }
            rows!.Add((reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        }
        return streams;
    }

    private IReadOnlyList<IStampedEvent> Decode(List<(string Type, byte[] Json)> rows, bool toFold)
    {
        var events = new IStampedEvent[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (type, json) = rows[i];
            events[i] = toFold ? EventUpcasters.Read(_fold, type, json) : EventUpcasters.Read(_serializer, type, json);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_readers);
    }

    private sealed class PendingRead(string streamKey, bool toFold)
    {
        public string StreamKey { get; } = streamKey;

        public bool ToFold { get; } = toFold;

        // Continuations run off the read loop, so the next batch is not held up by a grain's fold.
        public TaskCompletionSource<IReadOnlyList<IStampedEvent>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
