using Clearinghouse.Storage.ReadModels.Ledger;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels;

/// <summary>
/// Keeps each ledger row's commit sequence number across a read-model rebuild. Pooled funds name what they booked
/// by commit sequence range (PooledFundBooked), and those events are not rebuilt: renumbered rows would fall into
/// ranges that did not book them. The replay cannot number them as before, since commit order across streams is
/// not stored with the events, so the rebuild remembers (table, key, number) before it empties the tables and
/// puts the numbers back after the replay. Rows the old tables lacked (a ledger table added since, a lost row)
/// are numbered above every kept number, so a pooled fund books them at its next booking.
/// </summary>
internal static class CommitSequenceKeeping
{
    private const string Kept = "kept_commit_seq";

    private static readonly string[] LedgerTables = [LedgerSchema.Settlements, LedgerSchema.Reversals, LedgerSchema.Contributions];

    /// <summary>Before the tables are emptied: remember every ledger row's number; later numbers go above them all.</summary>
    public static async Task RememberAsync(NpgsqlConnection writer, CancellationToken cancellationToken)
    {
        var remember = string.Join(" union all ", LedgerTables.Select(t => $"select '{t}', id, seq from {t}"));
        await ExecuteAsync(writer, $"""
            create temporary table {Kept} (ledger_table text not null, id text not null, seq bigint not null) on commit drop;
            insert into {Kept} {remember};
            create index on {Kept} (ledger_table, id);
            analyze {Kept};
            select setval('{LedgerSchema.CommitSequence}', greatest(
              (select last_value from {LedgerSchema.CommitSequence}),
              (select coalesce(max(seq), 0) from {Kept}), 1));
            """, cancellationToken);
    }

    /// <summary>After the replay: every row the old tables held takes its old number back.</summary>
    public static async Task RestoreAsync(NpgsqlConnection writer, CancellationToken cancellationToken)
    {
        foreach (var table in LedgerTables)
        {
            await ExecuteAsync(writer,
                $"update {table} t set seq = k.seq from {Kept} k where k.ledger_table = '{table}' and k.id = t.id and t.seq <> k.seq",
                cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
