using System.Collections.Concurrent;
using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Host;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// One real host — the composition root the product runs (<see cref="ClearinghouseHost.Build"/>): the
/// Orleans silo on a free localhost port, the gRPC endpoint on a port Kestrel chose (TLS with client
/// certificates from <see cref="TestCertificates"/>), Marten on the given database — and gRPC channels to it,
/// one per identity.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Caller, Lazy<GrpcChannel>> _channels = new();
    private bool _stopped;

    private RunningHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = new RoutingCallInvoker(need => ChannelFor(TestCallers.For(need)).CreateCallInvoker());
        Registry = new RegistryService.RegistryServiceClient(Channel);
        Settlements = new SettlementService.SettlementServiceClient(Channel);
        Clearing = new ClearingService.ClearingServiceClient(Channel);
        Reconciliation = new ReconciliationService.ReconciliationServiceClient(Channel);
    }

    public Uri Address { get; }

    /// <summary>Calls go as the identity the authorization table admits for each (<see cref="TestCallers"/>).</summary>
    public CallInvoker Channel { get; }

    /// <summary>A channel that calls as <paramref name="caller"/> (one per identity, kept for the host's life).</summary>
    public GrpcChannel ChannelFor(Caller caller) =>
        _channels.GetOrAdd(caller, c => new Lazy<GrpcChannel>(() => Open(Address, TestCertificates.Instance.ClientFor(c)))).Value;

    /// <summary>A new channel with the given TLS settings (e.g. no certificate, a stranger's); the caller disposes it.</summary>
    public GrpcChannel OpenChannel(ClientTls tls) => Open(Address, tls);
    public RegistryService.RegistryServiceClient Registry { get; }
    public SettlementService.SettlementServiceClient Settlements { get; }
    public ClearingService.ClearingServiceClient Clearing { get; }
    public ReconciliationService.ReconciliationServiceClient Reconciliation { get; }

    /// <summary>The host's services, for what only the silo side offers (e.g. IOpenDiscrepancies for period close).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="clock">The host's business clock (acceptance instants, today); null for the run's clock
    /// (<see cref="SuiteClock"/>).</param>
    public static Task<RunningHost> StartAsync(string connectionString, TimeProvider? clock = null) =>
        StartAsync(connectionString, clock, configure: null);

    /// <param name="configure">Runs on the builder before the host adds its own services (e.g. to add a service provider factory).</param>
    public static async Task<RunningHost> StartAsync(string connectionString, TimeProvider? clock, Action<WebApplicationBuilder>? configure)
    {
        clock ??= SuiteClock.Instance;
        // The gRPC endpoint binds port 0 and the port is read back from Kestrel: no race. Orleans refuses
        // silo port 0 ("No listening port specified"), so the silo gets a port probed free beforehand; if
        // something takes it before the silo binds it, the start fails with "address in use" and is tried
        // again on another port. The gateway (for external Orleans clients, of which tests have none) is off.
        for (var attempt = 1; ; attempt++)
        {
            var app = Build(connectionString, clock, configure, SiloPorts.Next());
            try
            {
                await app.StartAsync();
                return Connect(app);
            }
            catch (Exception e) when (attempt < SiloPorts.Attempts && SiloPorts.IsAddressInUse(e))
            {
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    private static WebApplication Build(string connectionString, TimeProvider clock, Action<WebApplicationBuilder>? configure, int siloPort) =>
        ClearinghouseHost.Build([], builder =>
        {
            // Business time only: Orleans keeps the system clock for its membership, which declares a silo
            // whose generation lies ahead of that clock dead.
            builder.Services.AddSingleton(new BusinessClock(clock));
            // No pooled fund sweep unless a test asks for one (its `configure` comes after): a booking it wrote
            // at an unknown moment would be an event the test did not write.
            // No supervision processor either unless a test asks for one: its flags and checkpoints would be events
            // the test did not write.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clearinghouse:PooledBooking:Interval"] = "00:00:00",
                ["Clearinghouse:Supervision:Enabled"] = "false",
            });
            configure?.Invoke(builder);
            // Added last, so it wins over appsettings.json, environment variables and the command line.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Clearinghouse"] = connectionString,
                ["Clearinghouse:ListenAddress"] = "127.0.0.1",
                ["Clearinghouse:Port"] = "0",
                ["Clearinghouse:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Clearinghouse:GatewayPort"] = "0",
                ["Clearinghouse:Tls:Certificate"] = TestCertificates.Instance.ServerCertificatePath,
                ["Clearinghouse:Tls:Key"] = TestCertificates.Instance.ServerKeyPath,
                ["Clearinghouse:Tls:ClientCa"] = TestCertificates.Instance.CaPath,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Logging:LogLevel:Orleans"] = "Warning",
                // Notes that are true of every test process and say nothing about the test: "not running
                // with server GC" (a test host is not a server) and the watchdog's first-tick warning.
                ["Logging:LogLevel:Orleans.Runtime.Silo"] = "Error",
                ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
            });
        });

    private static RunningHost Connect(WebApplication app)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("the server reports no addresses");
        // The gRPC endpoint is the TLS one; a host with telemetry on also listens for scrapes over plain HTTP.
        var port = new Uri(Assert.Single(bound, address => address.StartsWith("https://", StringComparison.Ordinal))).Port;
        Assert.True(port > 0, $"the gRPC endpoint reported no bound port: {string.Join(", ", bound)}");
        return new RunningHost(app, new Uri($"https://127.0.0.1:{port}"));
    }

    private static GrpcChannel Open(Uri address, ClientTls tls)
    {
        var handler = new SocketsHttpHandler
        {
            // Hundreds of concurrent calls: more than one HTTP/2 connection's stream limit.
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        tls.Apply(handler.SslOptions);
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = 8 * 1024 * 1024,
            MaxReceiveMessageSize = 8 * 1024 * 1024,
        });
    }

    /// <summary>Graceful stop: the silo deactivates its grains and leaves; the endpoint closes.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
