using Clearinghouse.Storage;
using Clearinghouse.Storage.ReadModels;
using Marten;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>A read-model rebuild on a test database, as `rebuild-read-models` runs one: refused beside a host.</summary>
public static class ReadModelRebuilds
{
    public static async Task<ReadModelRebuild.Outcome> RunAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        using var store = DocumentStore.For(options => MartenConfiguration.Configure(options, connectionString));
        var rebuild = new ReadModelRebuild(database, store);
        await rebuild.RequireNoHostAsync();
        return await rebuild.RunAsync();
    }
}
