using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Clearinghouse.Api;

/// <summary>
/// When a client-streaming or duplex call is refused while the client is still sending, reads and discards
/// what the client still sends (until it half-closes, for at most <see cref="Limit"/> and
/// <see cref="MaxMessages"/>) before the refusal goes out. Ended early, the server's HTTP/2 stream is reset
/// under the client's remaining messages, and .NET's HTTP client then sometimes loses the answer that came
/// just before the reset: the caller saw INTERNAL ("the HTTP/2 server closed the connection") instead of the
/// refusal. Nothing read here is acted on. The outermost interceptor but the metrics', so it drains after
/// every refusal, the authorization table's included.
/// </summary>
public sealed class RefusedStreamDrainInterceptor : Interceptor
{
    // Enough for the few messages a client has in flight when the refusal goes out; a client that goes on
    // sending is still cut off at once (a report past its size limit must not be read to its end).
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);
    public const int MaxMessages = 8;

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (RpcException)
        {
            await DrainAsync(requestStream, context.CancellationToken);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException)
        {
            await DrainAsync(requestStream, context.CancellationToken);
            throw;
        }
    }

    private static async Task DrainAsync<T>(IAsyncStreamReader<T> requests, CancellationToken callEnded)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(callEnded);
        bounded.CancelAfter(Limit);
        try
        {
            for (var read = 0; read < MaxMessages && await requests.MoveNext(bounded.Token); read++)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or IOException or InvalidOperationException)
        {
            // The client reset the call, sent bytes that do not parse, or kept sending past the bound: the refusal goes out as it is.
        }
    }
}
