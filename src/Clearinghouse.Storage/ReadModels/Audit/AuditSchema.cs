using Clearinghouse.Storage.ReadModels.Ledger;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Clearinghouse.Storage.ReadModels.Audit;

/// <summary>
/// The audit trail: one row per stored event, written in the transaction that appends it, with the actor,
/// kind, regions and request the event itself carries (so the table can be rebuilt from the events alone).
/// Its rows take the ledger's commit sequence while the transaction holds the commit lock, so sequence
/// order is commit order and paging newest first by it never skips a row that commits later.
/// </summary>
public static class AuditSchema
{
    public const string Actions = MartenConfiguration.Schema + ".audit_actions";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "audit_actions", SchemaUtils.IdentifierUsage.General));
        table.AddColumn("seq", "bigint").AsPrimaryKey().DefaultValueByExpression($"nextval('{LedgerSchema.CommitSequence}')");
        table.AddColumn("actor", "text").NotNull();
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("accepted_at", "timestamptz").NotNull();
        table.AddColumn("regions", "text[]").NotNull();
        table.AddColumn("stream_key", "text").NotNull();
        // The event's version in its stream: with the stream key it names the event's row in mt_events, which is
        // how $all of the EventStoreDB protocol reads events in commit order (docs/eventstore-protocol.md). Null
        // only in rows filed before the column existed, until `ops/rebuild-read-models.sh` refiles them.
        table.AddColumn("stream_version", "bigint");
        table.AddColumn("scope", "text").NotNull();
        table.AddColumn("request_id", "text").NotNull();
        // The filters an auditor asks by, each newest first; a region filter matches any party of the event.
        table.Indexes.Add(new IndexDefinition("ix_audit_actions_actor") { Columns = ["actor", "seq"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_actions_kind") { Columns = ["kind", "seq"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_actions_regions") { Columns = ["regions"], Method = IndexMethod.gin });
        // A stream's events with their positions and parties, for a stream read of the EventStoreDB protocol.
        table.Indexes.Add(new IndexDefinition("ix_audit_actions_stream") { Columns = ["stream_key", "stream_version"] });
        return table;
    }
}
