using Clearinghouse.Domain.Events;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The clearinghouse-wide index of request keys (scope, request id), inserted in the same transaction as
/// the events a request produced. Its primary key is what stops one request id from being used for two
/// different requests that land in different streams (two persons, say); within one stream the owning
/// grain already finds retries through its own state. A plain table, not a Marten document: one narrow
/// insert per request on the hot path.
/// </summary>
internal static class RequestKeys
{
    public const string Table = MartenConfiguration.Schema + ".request_keys";

    public static Table Definition()
    {
        var table = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "request_keys", SchemaUtils.IdentifierUsage.General));
        table.AddColumn("scope", "text").AsPrimaryKey();
        table.AddColumn("request_id", "text").AsPrimaryKey();
        table.AddColumn("fingerprint", "text").NotNull();
        table.AddColumn("stream_key", "text").NotNull();
        return table;
    }

    /// <summary>One multi-row insert for every request a batch commits: (stamp, the stream that owns it).</summary>
    public static void Stage(SqlBatch batch, List<(RequestStamp Stamp, string StreamKey)> keys) =>
        batch.Add(
            $"insert into {Table} (scope, request_id, fingerprint, stream_key) select * from unnest(?, ?, ?, ?)",
            keys.Select(k => k.Stamp.Scope).ToArray(),
            keys.Select(k => k.Stamp.RequestId).ToArray(),
            keys.Select(k => k.Stamp.Fingerprint).ToArray(),
            keys.Select(k => k.StreamKey).ToArray());
}
