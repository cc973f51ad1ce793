using Npgsql;

namespace Clearinghouse.Host.Cluster;

/// <summary>
/// Creates and migrates the tables Orleans' ADO.NET clustering needs (MembershipSchema.sql), which its
/// package does not ship. Silos that start together must not race on <c>create or replace function</c>
/// (PostgreSQL fails the loser with "tuple concurrently updated"), so the script runs in one transaction
/// under a transaction-level advisory lock: the first silo applies it, the others wait and find it done.
/// </summary>
public static class MembershipSchema
{
    /// <summary>The advisory lock key of this migration ("clearinghouse/orleans-membership", fixed).</summary>
    public const long LockKey = 0x4348_4F52_4C45_414E;

    /// <summary>The query keys the provider reads, all written by the script.</summary>
    public static readonly IReadOnlyList<string> QueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    private static readonly Lazy<string> Script = new(ReadScript);

    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var migrate = new NpgsqlCommand(Script.Value, connection, transaction))
        {
            await migrate.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string ReadScript()
    {
        using var stream = typeof(MembershipSchema).Assembly.GetManifestResourceStream("Clearinghouse.Host.Cluster.MembershipSchema.sql")
            ?? throw new InvalidOperationException("the membership schema script is not embedded in the host assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
