using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Per test class (IClassFixture): a fresh database of its own and a real host on it. The host can be
/// stopped and a new one started on the same database (durability). Subclasses seed data once per class.
/// </summary>
public class ClearinghouseFixture : IAsyncLifetime
{
    private RunningHost? _host;
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("the fixture is not initialised");
    public RunningHost Host => _host ?? throw new InvalidOperationException("no host is running");
    public RegistryService.RegistryServiceClient Registry => Host.Registry;
    public SettlementService.SettlementServiceClient Settlements => Host.Settlements;
    public ClearingService.ClearingServiceClient Clearing => Host.Clearing;
    public ReconciliationService.ReconciliationServiceClient Reconciliation => Host.Reconciliation;
    public DatabaseProbe Database => new(ConnectionString);

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        _host = await RunningHost.StartAsync(_connectionString, Clock);
        await SeedAsync();
    }

    /// <summary>Stops the running host and starts a new one (new silo, new ports) on the same database.</summary>
    public async Task RestartHostAsync()
    {
        if (_host is { } old)
        {
            _host = null;
            await old.DisposeAsync();
        }
        _host = await RunningHost.StartAsync(ConnectionString, Clock);
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>The hosts' clock; null for the system clock. A class that needs chosen instants overrides it.</summary>
    protected virtual TimeProvider? Clock => null;

    public async Task DisposeAsync()
    {
        try
        {
            if (_host is { } host)
            {
                _host = null;
                await host.DisposeAsync();
            }
        }
        finally
        {
            if (_connectionString is not null)
            {
                await TestPostgres.DropDatabaseAsync(_connectionString);
            }
        }
    }
}
