using Clearinghouse.Host.Cluster;
using Clearinghouse.Integration.Tests.Infrastructure;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// The membership schema a silo applies before it joins: silos starting together apply it at the same
/// instant, and every start applies it again, so it must be idempotent under concurrency and restore the
/// provider's query texts.
/// </summary>
public sealed class MembershipSchemaTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(nameof(MembershipSchemaTests));

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Applied_by_four_silos_at_once_and_again_it_leaves_one_schema_with_every_query()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MembershipSchema.MigrateAsync(_connectionString, timeout.Token))));
        var first = await QueriesAsync(timeout.Token);
        Assert.Equal(MembershipSchema.QueryKeys.Order(StringComparer.Ordinal), first.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.Values, text => Assert.Contains("@DeploymentId", text, StringComparison.Ordinal));

        // A cluster's rows survive a later start's migration, and a changed query text is put back.
        await ExecuteAsync("insert into orleansmembershipversiontable (deploymentid) values ('kept')", timeout.Token);
        await ExecuteAsync("update orleansquery set querytext = 'select 1' where querykey = 'GatewaysQueryKey'", timeout.Token);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => MembershipSchema.MigrateAsync(_connectionString, timeout.Token))));

        Assert.Equal(first, await QueriesAsync(timeout.Token));
        Assert.Equal(1L, await ScalarAsync("select count(*) from orleansmembershipversiontable where deploymentid = 'kept'", timeout.Token));
        Assert.Equal(3L, await ScalarAsync(
            "select count(*) from information_schema.tables where table_name in ('orleansquery', 'orleansmembershiptable', 'orleansmembershipversiontable')",
            timeout.Token));
        Assert.Equal(4L, await ScalarAsync(
            "select count(*) from pg_proc where proname in ('update_i_am_alive_time', 'insert_membership_version', 'insert_membership', 'update_membership')",
            timeout.Token));
    }

    private async Task<Dictionary<string, string>> QueriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select querykey, querytext from orleansquery", connection);
        var queries = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queries.Add(reader.GetString(0), reader.GetString(1));
        }
        return queries;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
