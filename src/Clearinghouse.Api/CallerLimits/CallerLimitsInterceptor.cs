using Grpc.Core;
using Grpc.Core.Interceptors;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// Applies the limits per caller before a handler runs, so a refused call writes nothing: a token of the
/// caller's bucket for every mutating call (one per daily report, which is one request), and a slot for
/// every WatchPeriods stream. SettleStream counts each of its messages instead: the call carries the
/// caller's bucket to the service, which answers a refused message on the stream and keeps it open.
/// RESOURCE_EXHAUSTED, with the limit and the caller in its message, when a limit is reached.
/// </summary>
public sealed class CallerLimitsInterceptor(CallerRateLimits rates, WatchStreamSlots watches) : Interceptor
{
    private static readonly string WatchPeriods =
        MutatingMethods.PathOf(V1.ClearingService.Descriptor.FindMethodByName(nameof(V1.ClearingService.ClearingServiceBase.WatchPeriods)));

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (MutatingMethods.Paths.Contains(context.Method))
        {
            rates.For(CallerKey.Of(context)).Take();
        }
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (MutatingMethods.Paths.Contains(context.Method))
        {
            rates.For(CallerKey.Of(context)).Take();
        }
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (MutatingMethods.Paths.Contains(context.Method))
        {
            rates.For(CallerKey.Of(context)).AttachTo(context);
        }
        return continuation(requestStream, responseStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method != WatchPeriods)
        {
            await continuation(request, responseStream, context);
            return;
        }
        using var slot = watches.Enter(CallerKey.Of(context));
        await continuation(request, responseStream, context);
    }
}
