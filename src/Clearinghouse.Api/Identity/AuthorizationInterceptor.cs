using Clearinghouse.Grains.Abstractions;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Clearinghouse.Api.Identity;

/// <summary>
/// Enforces <see cref="AccessTable"/> before a service sees a request: unary and server-streaming calls on
/// their request, SubmitDailyReport on its first message (the header naming the care region), SettleStream on
/// every message (each names its care region). A refusal is PermissionDenied and nothing is written; a
/// SettleStream message refused ends the stream there (what was settled before it stays).
/// </summary>
public sealed class AuthorizationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (Authorize(context) is { } checking)
        {
            CallerAccess.Check(checking.Caller, context.Method, checking.Access, request as IMessage);
        }
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (Authorize(context) is { } checking)
        {
            CallerAccess.Check(checking.Caller, context.Method, checking.Access, request as IMessage);
        }
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Authorize(context) is { } checking
            ? continuation(new CheckedReader<TRequest>(requestStream, checking, context.Method, everyMessage: false), context)
            : continuation(requestStream, context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Authorize(context) is { } checking
            ? continuation(new CheckedReader<TRequest>(requestStream, checking, context.Method, everyMessage: true), responseStream, context)
            : continuation(requestStream, responseStream, context);

    /// <summary>
    /// The caller and the RPC's entry, after the role check (which needs no request); null for health and
    /// reflection. A clearinghouse RPC missing from the table is refused to everyone.
    /// </summary>
    private static (Caller Caller, Access Access)? Authorize(ServerCallContext context)
    {
        if (!AccessTable.IsClearinghouseMethod(context.Method))
        {
            return null;
        }
        var caller = CallerAccess.Of(context)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "a client certificate naming a clearinghouse caller is required"));
        if (!AccessTable.Rpcs.TryGetValue(context.Method, out var access))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{context.Method.TrimStart('/')} is not open to any caller"));
        }
        CallerAccess.Check(caller, context.Method, access, request: null);
        // Every event this call makes a grain write names this caller (the audit trail); set before the service
        // runs, so the grain calls it makes carry it.
        ActingCaller.Set(caller.ToString());
        return (caller, access);
    }

    /// <summary>A request stream whose first (or every) message is checked before the service reads it.</summary>
    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner, (Caller Caller, Access Access) checking, string method, bool everyMessage)
        : IAsyncStreamReader<T>
    {
        private bool _first = true;

        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }
            if (_first || everyMessage)
            {
                _first = false;
                CallerAccess.Check(checking.Caller, method, checking.Access, inner.Current as IMessage);
            }
            return true;
        }
    }
}
