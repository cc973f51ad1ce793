using System.Text;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Supervision;

/// <summary>Reads of the flags read model (see <see cref="FlagSchema"/>).</summary>
public sealed class FlagQueries(NpgsqlDataSource database) : IFlagQueries
{
    /// <summary>One page of the flags that pass the filter, in the order they were raised (the commit sequence, the cursor).</summary>
    public async Task<FlagPage> ListAsync(FlagFilter filter, int pageSize, long afterSequence, CancellationToken cancellationToken = default)
    {
        Invariant.Require(pageSize is > 0 and <= Limits.MaxPageSize, "page size is bounded");
        Invariant.Require(afterSequence >= 0, "a cursor is a sequence number");
        await using var command = database.CreateCommand();
        var sql = new StringBuilder(
            "select flag_id, rule_id, severity, insured_region_code, care_region_code, hospital_code, person_id, period, settlement_ids, " +
            $"status, reversal_requested, flagged_at, finding_key, seq, care_region_codes from {FlagSchema.Flags} where seq > $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        if (filter.RegionCode is { } region)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = region });
            var p = $"${command.Parameters.Count}";
            sql.Append(filter.Role switch
            {
                FlagRegionRole.Insured => $" and insured_region_code = {p}",
                FlagRegionRole.Care => $" and {p} = any(care_region_codes)",
                _ => $" and (insured_region_code = {p} or {p} = any(care_region_codes))",
            });
        }
        Equal(command, sql, "hospital_code", filter.HospitalCode);
        Equal(command, sql, "rule_id", filter.RuleId);
        Equal(command, sql, "period", filter.Period);
        if (filter.Status is { } status)
        {
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)status });
            sql.Append($" and status = ${command.Parameters.Count}");
        }
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize + 1 });
        sql.Append($" order by seq limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        var rows = new List<(FlagRow Row, long Sequence)>(pageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((new FlagRow(
                reader.GetString(0), reader.GetString(1), (Severity)reader.GetInt16(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), [.. reader.GetFieldValue<string[]>(8)],
                (FlagStatus)reader.GetInt16(9), reader.GetBoolean(10), reader.GetFieldValue<DateTimeOffset>(11), reader.GetString(12),
                [.. reader.GetFieldValue<string[]>(14)]),
                reader.GetInt64(13)));
        }
        var page = rows.Take(pageSize).ToList();
        return new FlagPage([.. page.Select(r => r.Row)], rows.Count > pageSize ? page[^1].Sequence : null);
    }

    private static void Equal(NpgsqlCommand command, StringBuilder sql, string column, string? value)
    {
        if (value is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
            sql.Append($" and {column} = ${command.Parameters.Count}");
        }
    }
}
