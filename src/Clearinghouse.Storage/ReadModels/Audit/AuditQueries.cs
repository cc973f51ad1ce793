using System.Collections.Immutable;
using System.Text;
using Clearinghouse.Domain;
using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Audit;

/// <summary>Reads of the audit trail (see <see cref="AuditSchema"/>).</summary>
public sealed class AuditQueries(NpgsqlDataSource database) : IAuditQueries
{
    public async Task<ActionPage> ListAsync(ActionFilter filter, int pageSize, long beforeSequence, CancellationToken cancellationToken = default)
    {
        Invariant.Require(pageSize is > 0 and <= Limits.MaxPageSize, "page size is bounded");
        Invariant.Require(beforeSequence >= 0, "a cursor is a sequence number");
        await using var command = database.CreateCommand();
        // Only the filters given go into the text, so the planner picks the index that serves them.
        var sql = new StringBuilder(
            $"select seq, actor, kind, accepted_at, regions, stream_key, scope, request_id from {AuditSchema.Actions} where seq < $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = beforeSequence == 0 ? long.MaxValue : beforeSequence });
        Where(command, sql, "actor = ", filter.Actor);
        Where(command, sql, "kind = ", filter.EventKind);
        if (filter.RegionCode is { } region)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [region] });
            sql.Append($" and regions @> ${command.Parameters.Count}");
        }
        Where(command, sql, "accepted_at >= ", filter.From?.ToUniversalTime());
        Where(command, sql, "accepted_at < ", filter.To?.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize + 1 });
        sql.Append($" order by seq desc limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();

        var rows = new List<(RecordedAction Action, long Sequence)>(pageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((new RecordedAction(
                reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                [.. reader.GetFieldValue<string[]>(4)], reader.GetString(5), reader.GetString(6), reader.GetString(7)),
                reader.GetInt64(0)));
        }
        var page = rows.Take(pageSize).ToList();
        return new ActionPage([.. page.Select(r => r.Action)], rows.Count > pageSize ? page[^1].Sequence : null);
    }

    private static void Where(NpgsqlCommand command, StringBuilder sql, string condition, object? value)
    {
        if (value is null)
        {
            return;
        }
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        sql.Append($" and {condition}${command.Parameters.Count}");
    }
}
