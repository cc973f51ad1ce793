using Clearinghouse.Domain;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Clearinghouse.Api;

/// <summary>
/// Turns domain rejections into gRPC statuses with the rejection's message, and anything unexpected
/// into INTERNAL without leaking internals. A write conflict becomes ABORTED: the client retries with
/// the same request id and gets the answer of whichever attempt landed. PostgreSQL being unreachable becomes
/// UNAVAILABLE: a transient outage, retried with the same request id, never INTERNAL; so does a silo of the
/// cluster that cannot be reached.
/// </summary>
public sealed class RejectionInterceptor(IDatabaseFailures databaseFailures, ILogger<RejectionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(new ResetAwareReader<TRequest>(requestStream), context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(new ResetAwareReader<TRequest>(requestStream), responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    /// <summary>What a caller reads when the silo holding the grain of its call is unreachable.</summary>
    public const string SiloUnreachableMessage = "a silo of the cluster is unreachable; the call may be retried with the same request_id";

    private Status? Translate(Exception e, ServerCallContext context) =>
        e is RpcException ? null : ToStatus(e, context, databaseFailures, logger);

    /// <summary>
    /// The status a call ends with for this failure. Also used for one request of a stream, which is
    /// answered with the status its own unary call would have ended with.
    /// </summary>
    public static Status ToStatus(Exception e, ServerCallContext context, IDatabaseFailures databaseFailures, ILogger logger)
    {
        switch (e)
        {
            case RpcException rpc:
                return rpc.Status;
            case RejectedException rejected:
                return new Status(ToStatusCode(rejected.Code), rejected.Message);
            case StreamConflictException conflict:
                logger.LogWarning(conflict, "Write conflict in {Method}", context.Method);
                return new Status(StatusCode.Aborted, "a concurrent write to the same record won; retry with the same request_id");
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new Status(StatusCode.Cancelled, "the call was cancelled");
            case var _ when e is DatabaseUnavailableException || databaseFailures.IsTransientDatabaseFailure(e):
                // Not logged per call: an outage fails every call, and the writers and the health check report it.
                logger.LogDebug("{Method}: the database is unreachable ({Reason})", context.Method, e.Message);
                return new Status(StatusCode.Unavailable, DatabaseUnavailableException.CallerMessage);
            case OrleansMessageRejectionException:
                // Another silo of the cluster holds the grain and cannot be reached (it crashed, or left, and the
                // membership has not yet moved its grains): transient, and a retry with the same request id is answered once.
                logger.LogDebug("{Method}: a silo is unreachable ({Reason})", context.Method, e.Message);
                return new Status(StatusCode.Unavailable, SiloUnreachableMessage);
            default:
                logger.LogError(e, "Unexpected failure in {Method}", context.Method);
                return new Status(StatusCode.Internal, "internal error; the request may be retried with the same request_id");
        }
    }

    /// <summary>
    /// A request stream whose client reset it mid-read fails with an IOException from the transport, often
    /// before the call's cancellation token is set: the caller went away and nothing broke, so the call ends
    /// CANCELLED rather than being logged as an unexpected failure with its stack trace. (A message that
    /// does not parse is an IOException too; <see cref="MalformedMessages"/> answers it before it gets here.)
    /// </summary>
    private sealed class ResetAwareReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (IOException e) when (e is not Google.Protobuf.InvalidProtocolBufferException)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "the client reset its request stream"));
            }
        }
    }

    public static StatusCode ToStatusCode(RejectionCode code) => code switch
    {
        RejectionCode.InvalidArgument => StatusCode.InvalidArgument,
        RejectionCode.NotFound => StatusCode.NotFound,
        RejectionCode.FailedPrecondition => StatusCode.FailedPrecondition,
        RejectionCode.AlreadyExists => StatusCode.AlreadyExists,
        RejectionCode.PermissionDenied => StatusCode.PermissionDenied,
        _ => StatusCode.Unknown,
    };
}
