using System.Collections.Immutable;
using System.Text;
using Clearinghouse.Domain;
using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Audit;

/// <summary>
/// The stored events for the EventStoreDB protocol (see <see cref="IEventFeed"/>): Marten's event rows joined to
/// their audit-trail rows, which give each event its commit position, actor, time and regions. $all is read by
/// the audit trail's sequence (its primary key), a stream by Marten's (stream, version) key.
/// </summary>
public sealed class EventFeedQueries(NpgsqlDataSource database) : IEventFeed
{
    private const string Columns =
        "a.seq, e.id, e.stream_id, e.version, e.type, e.data, a.actor, a.accepted_at, a.regions, a.scope, a.request_id";

    private const string Events = MartenConfiguration.Schema + ".mt_events";

    private const string Streams = MartenConfiguration.Schema + ".mt_streams";

    /// <summary>PostgreSQL's invalid_regular_expression: a filter's regex it cannot compile.</summary>
    private const string InvalidRegex = "2201B";

    public async Task<ImmutableArray<FeedEvent>> ReadStreamAsync(
        string streamKey, long from, bool forwards, int count, FeedReader reader, CancellationToken cancellationToken = default)
    {
        Invariant.Require(count is > 0 and <= Limits.MaxPageSize, "a read is bounded");
        Invariant.Require(from >= 0, "a revision is not negative");
        await using var command = database.CreateCommand();
        var sql = new StringBuilder(
            $"select {Columns} from {Events} e join {AuditSchema.Actions} a on a.stream_key = e.stream_id and a.stream_version = e.version " +
            $"where e.stream_id = $1 and e.version {(forwards ? ">=" : "<=")} $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from + 1 });
        Restrict(command, sql, reader);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        sql.Append($" order by e.version {(forwards ? "asc" : "desc")} limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<bool> StreamExistsAsync(string streamKey, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"select exists (select 1 from {Streams} where id = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ImmutableArray<FeedEvent>> ReadAllAsync(
        long after, long upTo, bool forwards, int count, FeedReader reader, FeedFilter filter, CancellationToken cancellationToken = default)
    {
        Invariant.Require(count is > 0 and <= Limits.MaxPageSize, "a read is bounded");
        Invariant.Require(after >= 0 && upTo >= 0, "positions are not negative");
        await using var command = database.CreateCommand();
        var sql = new StringBuilder(
            $"select {Columns} from {AuditSchema.Actions} a join {Events} e on e.stream_id = a.stream_key and e.version = a.stream_version where ");
        if (forwards)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
            sql.Append("a.seq > $1 and a.seq <= $2");
        }
        else
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
            sql.Append("a.seq < $1");
        }
        Restrict(command, sql, reader);
        Filter(command, sql, "a.stream_key", filter.StreamPrefixes, filter.StreamRegex);
        Filter(command, sql, "e.type", filter.TypePrefixes, filter.TypeRegex);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        sql.Append($" order by a.seq {(forwards ? "asc" : "desc")} limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken = default)
    {
        // The primary key's last entry: one index probe, whatever the table's size.
        await using var command = database.CreateCommand($"select coalesce(max(seq), 0) from {AuditSchema.Actions}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A region reads the events it is party to; a platform those of its province's regions.</summary>
    private static void Restrict(NpgsqlCommand command, StringBuilder sql, FeedReader reader)
    {
        if (reader.Region is { } region)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [region] });
            sql.Append($" and a.regions @> ${command.Parameters.Count}");
        }
        if (reader.Province is { } province)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = province });
            sql.Append($" and exists (select 1 from unnest(a.regions) as r(code) where left(r.code, 2) = ${command.Parameters.Count})");
        }
    }

    private static void Filter(NpgsqlCommand command, StringBuilder sql, string column, ImmutableArray<string> prefixes, string? regex)
    {
        if (!prefixes.IsEmpty)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. prefixes] });
            sql.Append($" and exists (select 1 from unnest(${command.Parameters.Count}::text[]) as p(prefix) where starts_with({column}, p.prefix))");
        }
        if (regex is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = regex });
            sql.Append($" and {column} ~ ${command.Parameters.Count}");
        }
    }

    private static async Task<ImmutableArray<FeedEvent>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = ImmutableArray.CreateBuilder<FeedEvent>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var version = reader.GetInt64(3);
                Invariant.Require(version >= 1, "Marten numbers a stream's events from 1");
                events.Add(new FeedEvent(
                    reader.GetGuid(1), reader.GetString(2), version - 1, reader.GetInt64(0), reader.GetString(4), reader.GetFieldValue<byte[]>(5),
                    reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), [.. reader.GetFieldValue<string[]>(8)],
                    reader.GetString(9), reader.GetString(10)));
            }
        }
        catch (PostgresException e) when (e.SqlState == InvalidRegex)
        {
            throw RejectedException.InvalidArgument($"filter regex is not a valid regular expression: {e.MessageText}");
        }
        return events.ToImmutable();
    }
}
