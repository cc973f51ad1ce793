using Npgsql;
using Testcontainers.PostgreSql;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of this test run, and one fresh database per test class on it.
/// <list type="bullet">
/// <item>CLEARINGHOUSE_TEST_PG set: a ready Npgsql connection string to a server; nothing is started.</item>
/// <item>otherwise: ONE Testcontainers container for the whole run, started by the first class that asks
/// (image CLEARINGHOUSE_TEST_PG_IMAGE, default postgres:15) and disposed when the run ends
/// (<see cref="IntegrationTestFramework"/>); ops/test.sh also removes leftovers. The container asks for a
/// password (SCRAM-SHA-256, Testcontainers' POSTGRES_PASSWORD), which its connection string carries.</item>
/// </list>
/// Every class gets its own database (CREATE DATABASE with a unique name), so classes run in parallel
/// without seeing each other's rows.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "CLEARINGHOUSE_TEST_PG";
    public const string ImageVariable = "CLEARINGHOUSE_TEST_PG_IMAGE";
    public const string DefaultImage = "postgres:15";

    /// <summary>Set to 1 to keep every class's database after the run (to look at what a failing test left).</summary>
    public const string KeepDatabasesVariable = "CLEARINGHOUSE_TEST_KEEP_DATABASES";

    /// <summary>
    /// Each host keeps its own Npgsql pools (Marten's, the queries', the health probe's, the notice listener, and
    /// in cluster mode the membership's); several hosts in parallel must stay inside the server's max_connections.
    /// </summary>
    private const int MaxPoolSizePerDatabase = 15;

    /// <summary>
    /// The container's max_connections. The default 100 was enough for single hosts; the cluster tests run three
    /// silos at once, each with several pools, beside the other classes' hosts, and past 100 the server refuses
    /// connections ("too many clients"), which the hosts rightly answer as UNAVAILABLE.
    /// </summary>
    private const int ServerMaxConnections = 400;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgreSqlContainer? container;
    private static string? serverConnectionString;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string label)
    {
        var server = await ServerAsync();
        var name = DatabaseName(label);
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server)
        {
            Database = name,
            MaxPoolSize = MaxPoolSizePerDatabase,
        }.ConnectionString;
    }

    /// <summary>Drops a database this class created (its connections are terminated first).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new InvalidOperationException("the connection string names no database");
        if (Environment.GetEnvironmentVariable(KeepDatabasesVariable) == "1")
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        var server = await ServerAsync();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the container, if this run started one. Called once, when the run ends.</summary>
    public static async Task DisposeContainerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (container is not null)
            {
                await container.DisposeAsync();
                container = null;
                serverConnectionString = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (serverConnectionString is not null)
            {
                return serverConnectionString;
            }
            var external = Environment.GetEnvironmentVariable(ServerVariable);
            if (!string.IsNullOrWhiteSpace(external))
            {
                serverConnectionString = external;
                return serverConnectionString;
            }
            var image = Environment.GetEnvironmentVariable(ImageVariable);
            image = string.IsNullOrWhiteSpace(image) ? DefaultImage : image;
            var started = new PostgreSqlBuilder(image).WithCommand("-c", $"max_connections={ServerMaxConnections}").Build();
            try
            {
                await started.StartAsync();
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
            container = started;
            serverConnectionString = started.GetConnectionString();
            return serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string DatabaseName(string label)
    {
        // PostgreSQL folds unquoted names to lower case and allows 63 bytes; keep it plain and short.
        var plain = new string([.. label.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
        plain = plain.Length > 24 ? plain[..24] : plain;
        return $"ch_it_{plain}_{Guid.NewGuid():N}";
    }
}
