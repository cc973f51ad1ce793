using Clearinghouse.Storage.EventLog;
using Clearinghouse.Storage.ReadModels.Clearing;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace Clearinghouse.Storage.ReadModels.Ledger;

/// <summary>
/// The settlement ledger: plain, insert-only tables projected inline from settlement, reversal and
/// contribution events (same transaction), created and migrated by Marten with the event store. Plain tables rather
/// than JSON documents because clearing, reconciliation and listing read them by column and aggregate
/// them in bulk. Rows are never updated: a reversal is a row of its own, as it is an event of its own.
///
/// Every row carries a commit sequence number, taken from one sequence while the writing transaction
/// holds the ledger's commit lock (see <see cref="CommitLock"/>), so sequence order is commit order: a row
/// can never commit with a number below one a reader has already seen. Listing pages by it, so paging
/// while settlements arrive skips nothing and repeats nothing.
/// </summary>
public static class LedgerSchema
{
    public const string Settlements = MartenConfiguration.Schema + ".ledger_settlements";
    public const string Reversals = MartenConfiguration.Schema + ".ledger_reversals";
    public const string Contributions = MartenConfiguration.Schema + ".ledger_contributions";
    public const string CommitSequence = MartenConfiguration.Schema + ".ledger_commit_seq";

    /// <summary>The advisory lock key that orders ledger commits ("CHLEDGER" in ASCII).</summary>
    public const long CommitLockKey = 0x43484C4544474552;

    /// <summary>
    /// How long a ledger transaction waits for any lock before it fails: a transaction stuck behind a
    /// foreign lock must not hold the commit lock, and with it all intake, for long.
    /// </summary>
    public const string LockTimeout = "5s";

    /// <summary>The function that takes the commit lock and checks the period fence (see <see cref="Stage"/>).</summary>
    public const string CommitLockFunction = MartenConfiguration.Schema + ".ch_take_commit_lock";

    /// <summary>
    /// Takes, in one call, what every appending transaction takes before its ledger rows: the lock
    /// timeout (until commit: <c>set_config(…, true)</c>, as <c>SET LOCAL</c> only warns in the implicit
    /// transaction of a batch), the commit lock, and the period fence, which refuses the transaction if a
    /// period its settlements or reversals are booked in is no longer open. One statement rather than one
    /// for each: every statement of a group commit is paid once per transaction, and at moderate load the
    /// transactions are small (see docs/performance.md).
    /// </summary>
    public static Function CommitLock() => Function.ForSql($"""
        create or replace function {CommitLockFunction}(p_periods text[]) returns void language plpgsql as $$
        declare
          v_closed text;
        begin
          perform set_config('lock_timeout', '{LockTimeout}', true);
          perform pg_advisory_xact_lock({CommitLockKey});
          select b.period into v_closed from unnest(p_periods) as b(period)
          where not exists (select 1 from {ClearingSchema.Periods} p where p.period = b.period and p.state = 'open')
          limit 1;
          if v_closed is not null then
            raise exception 'period % is not open for intake', v_closed using errcode = '{ClearingSchema.PeriodNotOpenState}';
          end if;
        end;
        $$;
        """);

    /// <summary>Staged in every appending transaction, before its ledger rows: see <see cref="CommitLock"/>.</summary>
    internal static void Stage(SqlBatch batch, string[] periodsBooked) =>
        batch.Add($"select {CommitLockFunction}(?)", (object)periodsBooked);

    public static Sequence Sequence() =>
        new(new PostgresqlObjectName(MartenConfiguration.Schema, "ledger_commit_seq", SchemaUtils.IdentifierUsage.General));

    public static IEnumerable<Table> Tables()
    {
        var settlements = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "ledger_settlements", SchemaUtils.IdentifierUsage.General));
        AddColumns(settlements, LedgerColumns.Settlements);
        settlements.AddColumn(LedgerColumns.CommitSequence, "bigint").NotNull().DefaultValueByExpression($"nextval('{CommitSequence}')");
        settlements.Indexes.Add(new IndexDefinition("ix_ledger_settlements_care") { Columns = ["period", "care_region_code", "seq"] });
        settlements.Indexes.Add(new IndexDefinition("ix_ledger_settlements_insured") { Columns = ["period", "insured_region_code", "seq"] });
        // Daily reconciliation reads a care region's business day (the period is not derived from it).
        settlements.Indexes.Add(new IndexDefinition("ix_ledger_settlements_business_day") { Columns = ["care_region_code", "business_date"] });

        var reversals = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "ledger_reversals", SchemaUtils.IdentifierUsage.General));
        AddColumns(reversals, LedgerColumns.Reversals);
        reversals.AddColumn(LedgerColumns.CommitSequence, "bigint").NotNull().DefaultValueByExpression($"nextval('{CommitSequence}')");
        // A settlement is reversed at most once: the grain decides it, the key guarantees it.
        reversals.Indexes.Add(new IndexDefinition("ix_ledger_reversals_settlement") { Columns = ["settlement_id"], IsUnique = true });
        // Listing a period's reversals of a region pages by commit sequence on either side, as settlements do.
        reversals.Indexes.Add(new IndexDefinition("ix_ledger_reversals_care") { Columns = ["period", "care_region_code", "seq"] });
        reversals.Indexes.Add(new IndexDefinition("ix_ledger_reversals_insured") { Columns = ["period", "insured_region_code", "seq"] });
        reversals.Indexes.Add(new IndexDefinition("ix_ledger_reversals_business_day") { Columns = ["care_region_code", "business_date"] });

        var contributions = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "ledger_contributions", SchemaUtils.IdentifierUsage.General));
        AddColumns(contributions, LedgerColumns.Contributions);
        contributions.AddColumn(LedgerColumns.CommitSequence, "bigint").NotNull().DefaultValueByExpression($"nextval('{CommitSequence}')");
        // A region's pooled fund books its contributions by commit sequence range (docs/accounts.md).
        contributions.Indexes.Add(new IndexDefinition("ix_ledger_contributions_insured") { Columns = ["insured_region_code", "seq"] });

        return [settlements, reversals, contributions];
    }

    /// <summary>The listed columns in order: the first is the primary key, the others are NOT NULL.</summary>
    private static void AddColumns(Table table, IReadOnlyList<LedgerColumn> columns)
    {
        table.AddColumn(columns[0].Name, columns[0].Type).AsPrimaryKey();
        foreach (var column in columns.Skip(1))
        {
            var added = table.AddColumn(column.Name, column.Type).NotNull();
            if (column.Default is { } defaultValue)
            {
                added.DefaultValueByExpression(defaultValue);
            }
        }
    }
}
