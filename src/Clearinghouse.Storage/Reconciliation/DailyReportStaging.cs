using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Storage.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.Storage.Reconciliation;

/// <summary>
/// Compares one daily report with the ledger without holding the report in memory: entries are streamed
/// into a temporary table with binary COPY as they arrive, then one outer join on (request id, kind)
/// against the ledger rows of the care region and business day is read back row by row through the
/// domain's classifier (<see cref="ComparisonTally"/>), which keeps only the discrepancies.
/// The temporary table lives in a transaction that is never committed: whatever happens, nothing of the
/// report stays behind in the database; what is recorded is the grain's event.
/// </summary>
public sealed class DailyReportStaging : IAsyncDisposable
{
    private const string TableName = "daily_report_lines";
    private const string Table = "pg_temp." + TableName;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private NpgsqlBinaryImporter? _importer;
    private int _lines;

    private DailyReportStaging(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter importer)
    {
        _connection = connection;
        _transaction = transaction;
        _importer = importer;
    }

    public static async Task<DailyReportStaging> BeginAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var create = new NpgsqlCommand(
                $"create temporary table {TableName} (line integer not null, request_id text not null, kind smallint not null, " +
                "fund_pay_fen bigint not null, account_pay_fen bigint not null) on commit drop", connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            var importer = await connection.BeginBinaryImportAsync(
                $"copy {Table} (line, request_id, kind, fund_pay_fen, account_pay_fen) from stdin (format binary)", cancellationToken);
            return new DailyReportStaging(connection, transaction, importer);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stages the next line of the report (lines are numbered in arrival order from 1).</summary>
    public async Task AddAsync(string requestId, EntryKind kind, EntryAmounts amounts, CancellationToken cancellationToken)
    {
        var importer = _importer ?? throw new InvalidOperationException("the report was already compared");
        _lines++;
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(_lines, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(requestId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync((short)kind, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync(amounts.FundPayFen, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(amounts.AccountPayFen, NpgsqlDbType.Bigint, cancellationToken);
    }

    /// <summary>Ends the report and compares it with the ledger of the care region and business day.</summary>
    public async Task<ComparisonTally> CompareAsync(string careRegionCode, DateOnly businessDate, CancellationToken cancellationToken)
    {
        var importer = _importer ?? throw new InvalidOperationException("the report was already compared");
        _importer = null;
        var copied = await importer.CompleteAsync(cancellationToken);
        await importer.DisposeAsync();
        Invariant.Require(copied == (ulong)_lines, "COPY stored every staged line");

        // The planner has no statistics for a fresh temporary table; without them it may pick a nested loop.
        await using (var analyze = new NpgsqlCommand($"analyze {Table}", _connection, _transaction))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var compare = new NpgsqlCommand(CompareSql, _connection, _transaction);
        compare.Parameters.Add(new NpgsqlParameter<string> { TypedValue = careRegionCode });
        compare.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = businessDate });
        var tally = new ComparisonTally();
        await using (var reader = await compare.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tally.Add(new ComparedEntry(
                    reader.GetString(0),
                    (EntryKind)reader.GetInt16(1),
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : new EntryAmounts(reader.GetInt64(3), reader.GetInt64(4)),
                    reader.IsDBNull(5) ? null : new EntryAmounts(reader.GetInt64(5), reader.GetInt64(6))));
            }
        }
        Invariant.Require(tally.RegionEntryCount == _lines, "every line of the report was compared");
        return tally;
    }

    // One row per key of either side. The report side keeps each key's first line and counts its lines;
    // the ledger side is the care region's settlements and reversals accepted that business day.
    private static readonly string CompareSql =
        $"""
        with report as (
            select distinct on (request_id, kind) request_id, kind, fund_pay_fen, account_pay_fen,
                   count(*) over (partition by request_id, kind) as lines
            from {Table} order by request_id, kind, line),
        ledger as (
            select request_id, 1::smallint as kind, fund_pay_fen, account_pay_fen from {LedgerSchema.Settlements}
            where care_region_code = $1 and business_date = $2
            union all
            select request_id, 2::smallint, fund_pay_fen, account_pay_fen from {LedgerSchema.Reversals}
            where care_region_code = $1 and business_date = $2)
        select coalesce(r.request_id, l.request_id), coalesce(r.kind, l.kind), coalesce(r.lines, 0)::integer,
               r.fund_pay_fen, r.account_pay_fen, l.fund_pay_fen, l.account_pay_fen
        from report r full join ledger l on l.request_id = r.request_id and l.kind = r.kind
        """;

    public int Lines => _lines;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_importer is not null)
            {
                // Abandoned mid-report (bad input, a cancelled call): cancel the COPY, then roll back.
                await _importer.DisposeAsync();
            }
            await _transaction.DisposeAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
