using System.Net;
using System.Net.Sockets;
using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Integration.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// A host with small limits (5 mutating requests a second with a burst of 5, 2 watches per caller) whose
/// token buckets fill only when the test moves <see cref="Clock"/>, on a database of its own. Callers
/// are told apart by their address (no client certificates here), so <see cref="ChannelFrom"/> opens a
/// channel from a loopback address of the test's choosing (Linux routes all of 127.0.0.0/8 to loopback).
/// </summary>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public const int PermitsPerSecond = 5;
    public const int Burst = 5;
    public const int MaxWatchStreams = 2;

    private readonly List<GrpcChannel> _channels = [];
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

    /// <summary>A channel to the host whose connections leave from <paramref name="source"/> (e.g. 127.0.0.2).</summary>
    public GrpcChannel ChannelFrom(string source)
    {
        var local = new IPEndPoint(IPAddress.Parse(source), 0);
        var channel = GrpcChannel.ForAddress(Host.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        socket.Bind(local);
                        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
            DisposeHttpClient = true,
        });
        lock (_channels)
        {
            _channels.Add(channel);
        }
        return channel;
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
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
