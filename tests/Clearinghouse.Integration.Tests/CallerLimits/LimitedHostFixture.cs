using Clearinghouse.Api.Identity;
using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Integration.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// A host with small limits (5 mutating requests a second with a burst of 5, 2 watches per caller) whose
/// token buckets fill only when the test moves <see cref="Clock"/>, on a database of its own. Callers
/// are told apart by their client certificates: <see cref="ChannelAs"/> calls as the identity the test names.
/// </summary>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public const int PermitsPerSecond = 5;
    public const int Burst = 5;
    public const int MaxWatchStreams = 2;

    private RunningHost? _host;
    private string? _connectionString;

    public ManualClock Clock { get; } = new();
    public RunningHost Host => _host ?? throw new InvalidOperationException("no host is running");
    public DatabaseProbe Database => new(_connectionString ?? throw new InvalidOperationException("the fixture is not initialised"));

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync(nameof(LimitedHostFixture));
        _host = await RunningHost.StartAsync(_connectionString, clock: null, builder =>
        {
            builder.Services.AddSingleton(new RateLimitClock(Clock));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clearinghouse:Limits:PermitsPerSecond"] = PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Clearinghouse:Limits:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Clearinghouse:Limits:MaxWatchStreams"] = MaxWatchStreams.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        });
    }

    /// <summary>A channel to the host that calls as <paramref name="caller"/> (its own client certificate).</summary>
    public GrpcChannel ChannelAs(Caller caller) => Host.ChannelFor(caller);

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
