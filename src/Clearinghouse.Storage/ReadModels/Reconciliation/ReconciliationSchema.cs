using Clearinghouse.Storage.ReadModels.Ledger;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>
/// Read models of reconciliation, projected from the reconciliation day streams in the transaction that
/// appends their events (see <see cref="ReconciliationProjection"/>): one row per reconciled day (its
/// latest report) and one row per discrepancy (its current status and resolution). Plain tables, like the
/// ledger, because officers list and count them by column.
/// </summary>
public static class ReconciliationSchema
{
    public const string Days = MartenConfiguration.Schema + ".reconciliation_days";
    public const string Discrepancies = MartenConfiguration.Schema + ".reconciliation_discrepancies";

    public static IEnumerable<Table> Tables()
    {
        var days = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "reconciliation_days", SchemaUtils.IdentifierUsage.General));
        days.AddColumn("care_region_code", "text").AsPrimaryKey();
        days.AddColumn("business_date", "date").AsPrimaryKey();
        days.AddColumn("period", "text").NotNull();
        days.AddColumn("reconciliation_id", "text").NotNull();
        days.AddColumn("request_id", "text").NotNull();
        days.AddColumn("reconciled_at", "timestamptz").NotNull();
        days.AddColumn("matched_count", "bigint").NotNull();
        days.AddColumn("region_entry_count", "bigint").NotNull();
        days.AddColumn("clearinghouse_entry_count", "bigint").NotNull();
        days.Indexes.Add(new IndexDefinition("ix_reconciliation_days_period") { Columns = ["care_region_code", "period"] });

        var discrepancies = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "reconciliation_discrepancies", SchemaUtils.IdentifierUsage.General));
        discrepancies.AddColumn("discrepancy_id", "text").AsPrimaryKey();
        discrepancies.AddColumn("care_region_code", "text").NotNull();
        discrepancies.AddColumn("business_date", "date").NotNull();
        // The period a discrepancy belongs to: the month of its business date (IOpenDiscrepancies).
        discrepancies.AddColumn("period", "text").NotNull();
        discrepancies.AddColumn("reconciliation_id", "text").NotNull();
        discrepancies.AddColumn("kind", "smallint").NotNull();
        discrepancies.AddColumn("request_id", "text").NotNull();
        discrepancies.AddColumn("entry_kind", "smallint").NotNull();
        // Null where that side has no entry.
        discrepancies.AddColumn("region_fund_pay_fen", "bigint");
        discrepancies.AddColumn("region_account_pay_fen", "bigint");
        discrepancies.AddColumn("clearinghouse_fund_pay_fen", "bigint");
        discrepancies.AddColumn("clearinghouse_account_pay_fen", "bigint");
        discrepancies.AddColumn("status", "smallint").NotNull();
        discrepancies.AddColumn("resolution", "smallint");
        discrepancies.AddColumn("note", "text");
        discrepancies.AddColumn("officer", "text");
        discrepancies.AddColumn("resolved_at", "timestamptz");
        // The ledger's commit sequence (see LedgerSchema): rows are numbered in commit order, so listing pages
        // by it skip nothing that commits while an officer pages, exactly as ListSettlements does.
        discrepancies.AddColumn("seq", "bigint").NotNull().DefaultValueByExpression($"nextval('{LedgerSchema.CommitSequence}')");
        discrepancies.Indexes.Add(new IndexDefinition("ix_reconciliation_discrepancies_list") { Columns = ["care_region_code", "status", "seq"] });
        discrepancies.Indexes.Add(new IndexDefinition("ix_reconciliation_discrepancies_period") { Columns = ["period", "status"] });
        discrepancies.Indexes.Add(new IndexDefinition("ix_reconciliation_discrepancies_day") { Columns = ["care_region_code", "business_date", "status"] });

        return [days, discrepancies];
    }
}
