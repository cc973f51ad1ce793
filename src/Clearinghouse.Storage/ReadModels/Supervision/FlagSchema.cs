using Clearinghouse.Storage.ReadModels.Ledger;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Clearinghouse.Storage.ReadModels.Supervision;

/// <summary>
/// The flags read model: one row per flag (its finding without the evidence, and its current status), projected in
/// the transaction that appends the flag's events (<see cref="FlagProjection"/>), so a flag answered is a flag listed.
/// </summary>
public static class FlagSchema
{
    public const string Flags = MartenConfiguration.Schema + ".flags";

    public static Table Table()
    {
        var flags = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "flags", SchemaUtils.IdentifierUsage.General));
        flags.AddColumn("flag_id", "text").AsPrimaryKey();
        flags.AddColumn("finding_key", "text").NotNull();
        flags.AddColumn("rule_id", "text").NotNull();
        flags.AddColumn("severity", "smallint").NotNull();
        flags.AddColumn("insured_region_code", "text").NotNull();
        flags.AddColumn("care_region_code", "text").NotNull();
        // Every care region of the settlements named (a flag is listed for each).
        flags.AddColumn("care_region_codes", "text[]").NotNull();
        flags.AddColumn("hospital_code", "text").NotNull();
        flags.AddColumn("person_id", "text").NotNull();
        flags.AddColumn("period", "text").NotNull();
        flags.AddColumn("settlement_ids", "text[]").NotNull();
        flags.AddColumn("flagged_at", "timestamptz").NotNull();
        flags.AddColumn("status", "smallint").NotNull();
        flags.AddColumn("reversal_requested", "boolean").NotNull();
        // The ledger's commit sequence (see LedgerSchema): pages by it skip nothing that commits while one pages.
        flags.AddColumn("seq", "bigint").NotNull().DefaultValueByExpression($"nextval('{LedgerSchema.CommitSequence}')");
        flags.Indexes.Add(new IndexDefinition("ix_flags_insured") { Columns = ["insured_region_code", "seq"] });
        flags.Indexes.Add(new IndexDefinition("ix_flags_care") { Columns = ["care_region_code", "seq"] });
        flags.Indexes.Add(new IndexDefinition("ix_flags_period") { Columns = ["period", "hospital_code"] });
        return flags;
    }
}
