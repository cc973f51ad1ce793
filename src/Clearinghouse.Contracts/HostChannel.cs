using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.V1;

/// <summary>
/// The gRPC channel the clearinghouse's own client programs (the officer CLI, the load generator) open
/// to its hosts: HTTP/2 (TLS with a client certificate for https://, h2c for http://), no proxy, cookies, redirects or HTTP compression, a 5 s connect
/// timeout, keep-alive pings so an idle watch stays open, and answers up to 64 MiB (a large statement).
/// With several addresses, gRPC's own balancing spreads calls over them round-robin and leaves out a host it
/// cannot connect to. With retries on, gRPC sends a call again after UNAVAILABLE (host or database out) or a
/// DEADLINE_EXCEEDED a host answered, a bounded number of times with growing pauses, the next attempt going to
/// the next host: every mutating request carries its request id, so the same message sent again is a retry the
/// server answers once. The call's deadline covers all its attempts.
/// </summary>
public static class HostChannel
{
    /// <summary>Attempts of one call, the first included.</summary>
    public const int MaxAttempts = 5;

    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    /// <param name="address">The host's gRPC address.</param>
    /// <param name="manyCalls">
    /// For many concurrent calls: open further HTTP/2 connections when one connection's stream limit is
    /// reached, and keep idle connections instead of closing them between bursts.
    /// </param>
    /// <param name="tls">The CA to trust and the caller's certificate, for an https:// address.</param>
    /// <param name="retries">Whether gRPC retries UNAVAILABLE and DEADLINE_EXCEEDED itself (off for a caller that counts every attempt).</param>
    public static GrpcChannel Open(Uri address, bool manyCalls = false, ClientTls? tls = null, bool retries = true) =>
        Open([address], manyCalls, tls, retries);

    /// <param name="addresses">The hosts' gRPC addresses (<see cref="HostAddresses"/>): all http:// or all https://.</param>
    public static GrpcChannel Open(IReadOnlyList<Uri> addresses, bool manyCalls = false, ClientTls? tls = null, bool retries = true)
    {
        if (addresses.Count == 0 || addresses.Select(a => a.Scheme).Distinct().Count() != 1)
        {
            throw new ArgumentException("one address at least, all http:// or all https://", nameof(addresses));
        }
        var options = new GrpcChannelOptions
        {
            HttpHandler = Handler(manyCalls, tls),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            DisposeHttpClient = true,
            MaxRetryAttempts = MaxAttempts,
            // A host that was down is tried again within seconds of its return, not after minutes of growing pauses.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(250),
            MaxReconnectBackoff = TimeSpan.FromSeconds(3),
        };
        if (retries)
        {
            options.ServiceConfig = new ServiceConfig { MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, RetryPolicy = RetryPolicy() } } };
        }
        if (addresses.Count == 1)
        {
            return GrpcChannel.ForAddress(addresses[0], options);
        }
        options.ServiceConfig ??= new ServiceConfig();
        options.ServiceConfig.LoadBalancingConfigs.Add(new RoundRobinConfig());
        options.Credentials = addresses[0].Scheme == "https" ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        var hosts = addresses.Select(a => new BalancerAddress(a.Host, a.Port)).ToArray();
        options.ServiceProvider = new ServiceCollection()
            .AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => hosts))
            .BuildServiceProvider();
        return GrpcChannel.ForAddress("static:///clearinghouse", options);
    }

    private static RetryPolicy RetryPolicy() => new()
    {
        MaxAttempts = MaxAttempts,
        InitialBackoff = InitialBackoff,
        MaxBackoff = MaxBackoff,
        BackoffMultiplier = 2,
        RetryableStatusCodes = { StatusCode.Unavailable, StatusCode.DeadlineExceeded },
    };

    private static SocketsHttpHandler Handler(bool manyCalls, ClientTls? tls)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        tls?.Apply(handler.SslOptions);
        if (manyCalls)
        {
            handler.EnableMultipleHttp2Connections = true;
            handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
        }
        return handler;
    }
}
