using System.Net;
using Grpc.Net.Client;

namespace Clearinghouse.V1;

/// <summary>
/// The gRPC channel the clearinghouse's own client programs (the officer CLI, the load generator) open
/// to a host: HTTP/2 (TLS with a client certificate for https://, h2c for http://), no proxy, cookies, redirects or HTTP compression, a 5 s connect
/// timeout, keep-alive pings so an idle watch stays open, and answers up to 64 MiB (a large statement).
/// </summary>
public static class HostChannel
{
    /// <param name="address">The host's gRPC address.</param>
    /// <param name="manyCalls">
    /// For many concurrent calls: open further HTTP/2 connections when one connection's stream limit is
    /// reached, and keep idle connections instead of closing them between bursts.
    /// </param>
    /// <param name="tls">The CA to trust and the caller's certificate, for an https:// address.</param>
    public static GrpcChannel Open(Uri address, bool manyCalls = false, ClientTls? tls = null)
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
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            DisposeHttpClient = true,
        });
    }
}
