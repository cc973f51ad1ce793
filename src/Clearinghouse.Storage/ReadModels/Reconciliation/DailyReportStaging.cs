using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>
/// Compares one daily report with the ledger without holding the report in memory: entries are streamed
/// into a temporary table with binary COPY as they arrive, then one outer join on (request id, kind)
/// against the ledger rows of the care region and business day is read back row by row through the
/// domain's classifier (<see cref="ComparisonTally"/>), which keeps only the discrepancies.
/// The temporary table lives in a transaction that is never committed: whatever happens, nothing of the
/// report stays behind in the database; what is recorded is the grain's event.
/// </summary>
public sealed class DailyReportStaging : IDailyReportStaging
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

    /// <summary>Lines staged so far.</summary>
    public int Lines => _lines;

    /// <summary>
    /// Opens the staging transaction. It holds one pooled connection until the report ends or fails, so a
    /// report's stream should not idle.
    /// </summary>
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

        // A report's comparison sorts and hashes ~200,000 rows: room to do it in memory (this transaction
        // only), and no JIT compilation, which costs more than it saves at this size.
        await using (var settings = new NpgsqlCommand("set local work_mem = '64MB'; set local jit = off", _connection, _transaction))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var compare = new NpgsqlCommand(CompareSql, _connection, _transaction);
        compare.Parameters.Add(new NpgsqlParameter<string> { TypedValue = careRegionCode });
        compare.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = businessDate });
        var tally = new ComparisonTally();
        await using (var reader = await compare.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(0))
                {
                    tally.AddAgreeing(reader.GetInt64(7));
                    continue;
                }
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

    // One row per key of either side: the report side keeps each key's first line (one sort, by key and
    // line) and counts its lines; the ledger side is the care region's settlements and reversals accepted
    // that business day. A full join can only be a hash or merge join, so the temporary table needs no
    // statistics. Keys that plainly agree (one line, equal amounts: what EntryClassifier calls matched
    // without a duplicate) are only counted, in one last row with a null key; every other key is sent
    // back for the domain to classify, so the bulk of a day never crosses the wire. The ledger's fund amount is
    // every fund tier the care region advanced (basic fund, serious illness, assistance), as a report states it.
    private static readonly string CompareSql =
        $"""
        with report as (
            select request_id, kind, fund_pay_fen, account_pay_fen, lines from (
                select request_id, kind, fund_pay_fen, account_pay_fen,
                       row_number() over key_lines as position, count(*) over key_lines as lines
                from {Table}
                window key_lines as (partition by request_id, kind order by line rows between unbounded preceding and unbounded following)
            ) numbered where position = 1),
        ledger as (
            select request_id, 1::smallint as kind, fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen as fund_pay_fen, account_pay_fen
            from {LedgerSchema.Settlements}
            where care_region_code = $1 and business_date = $2
            union all
            select request_id, 2::smallint, fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen, account_pay_fen
            from {LedgerSchema.Reversals}
            where care_region_code = $1 and business_date = $2),
        joined as materialized (
            select coalesce(r.request_id, l.request_id) as request_id, coalesce(r.kind, l.kind) as kind, coalesce(r.lines, 0)::integer as lines,
                   r.fund_pay_fen as region_fund, r.account_pay_fen as region_account, l.fund_pay_fen as ledger_fund, l.account_pay_fen as ledger_account,
                   coalesce(r.lines = 1 and r.fund_pay_fen = l.fund_pay_fen and r.account_pay_fen = l.account_pay_fen, false) as agrees
            from report r full join ledger l on l.request_id = r.request_id and l.kind = r.kind)
        select request_id, kind, lines, region_fund, region_account, ledger_fund, ledger_account, 0::bigint from joined where not agrees
        union all
        select null, null, null, null, null, null, null, count(*) from joined where agrees
        """;

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
