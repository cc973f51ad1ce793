using Microsoft.AspNetCore.Builder;
using Clearinghouse.Integration.Tests.Support;
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
        StartedAt = HostClock.GetUtcNow();
        _host = await RunningHost.StartAsync(_connectionString, HostClock, ConfigureHost);
        await SeedAsync();
    }

    /// <summary>
    /// Stops the running host and starts a new one (new silo, new ports) on the same database, doing
    /// <paramref name="whileStopped"/> in between (e.g. rebuilding the read models).
    /// </summary>
    public async Task RestartHostAsync(Func<Task>? whileStopped = null)
    {
        if (_host is { } old)
        {
            _host = null;
            await old.DisposeAsync();
        }
        if (whileStopped is not null)
        {
            await whileStopped();
        }
        _host = await RunningHost.StartAsync(ConnectionString, HostClock, ConfigureHost);
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Settings or services of this class's hosts beyond the defaults (e.g. small limits).</summary>
    protected virtual void ConfigureHost(WebApplicationBuilder builder)
    {
    }

    /// <summary>The hosts' clock; null for the run's clock (<see cref="SuiteClock"/>). A class that needs chosen instants overrides it.</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>The clock every host of this fixture runs on: what a test reads to agree with the host on the date.</summary>
    public TimeProvider HostClock => Clock ?? SuiteClock.Instance;

    /// <summary>Today in China on the hosts' clock.</summary>
    public DateOnly Today => ChinaClock.TodayOn(HostClock);

    /// <summary>The hosts' clock just before the first host started: the open period is this month or a later one.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Stops the host and drops the database; a fixture with more hosts stops them first.</summary>
    public virtual async Task DisposeAsync()
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
