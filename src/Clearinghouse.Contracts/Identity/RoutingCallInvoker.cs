using Google.Protobuf;
using Grpc.Core;

namespace Clearinghouse.V1.Identity;

/// <summary>
/// A call invoker that sends each call over the channel of the identity the call needs (<see cref="CallRoutes"/>):
/// a client holding several certificates (the CLI's demo, the load generator, the tests) calls each RPC as the
/// caller the host's access table admits. A streaming call from the client is opened when its first message is
/// written (or when it is completed empty), since that message names the region the call acts for.
/// </summary>
public sealed class RoutingCallInvoker(Func<CallerNeed, CallInvoker> channelFor) : CallInvoker
{
    private CallInvoker For<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest? request) =>
        channelFor(CallRoutes.For(method.ServiceName, method.Name, request as IMessage));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        For(method, request).BlockingUnaryCall(method, host, options, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        For(method, request).AsyncUnaryCall(method, host, options, request);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host,
        CallOptions options, TRequest request) =>
        For(method, request).AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options)
    {
        var deferred = new DeferredCall<TRequest, AsyncClientStreamingCall<TRequest, TResponse>>(
            first => For(method, first).AsyncClientStreamingCall(method, host, options), call => call.RequestStream);
        return new AsyncClientStreamingCall<TRequest, TResponse>(deferred,
            Then(deferred.Started, call => call.ResponseAsync),
            Then(deferred.Started, call => call.ResponseHeadersAsync),
            () => deferred.Call.GetStatus(),
            () => deferred.Call.GetTrailers(),
            deferred.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options)
    {
        var deferred = new DeferredCall<TRequest, AsyncDuplexStreamingCall<TRequest, TResponse>>(
            first => For(method, first).AsyncDuplexStreamingCall(method, host, options), call => call.RequestStream);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(deferred,
            new DeferredReader<TResponse>(Then(deferred.Started, call => Task.FromResult(call.ResponseStream))),
            Then(deferred.Started, call => call.ResponseHeadersAsync),
            () => deferred.Call.GetStatus(),
            () => deferred.Call.GetTrailers(),
            deferred.Dispose);
    }

    private static async Task<T> Then<TCall, T>(Task<TCall> started, Func<TCall, Task<T>> next) => await next(await started);

    /// <summary>The request side of a streaming call that is opened on its first write.</summary>
    private sealed class DeferredCall<TRequest, TCall>(Func<TRequest?, TCall> open, Func<TCall, IClientStreamWriter<TRequest>> writerOf)
        : IClientStreamWriter<TRequest>
        where TCall : IDisposable
    {
        private readonly TaskCompletionSource<TCall> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private bool _disposed;

        public Task<TCall> Started => _started.Task;

        public TCall Call => _started.Task.IsCompletedSuccessfully
            ? _started.Task.Result
            : throw new InvalidOperationException("the call has not started: nothing was written yet");

        public WriteOptions? WriteOptions { get; set; }

        private IClientStreamWriter<TRequest> Open(TRequest? first)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (!_started.Task.IsCompleted)
                {
                    _started.SetResult(open(first));
                }
                var writer = writerOf(_started.Task.Result);
                writer.WriteOptions = WriteOptions;
                return writer;
            }
        }

        public Task WriteAsync(TRequest message) => Open(message).WriteAsync(message);

        public Task WriteAsync(TRequest message, CancellationToken cancellationToken) => Open(message).WriteAsync(message, cancellationToken);

        public Task CompleteAsync() => Open(default).CompleteAsync();

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                if (_started.Task.IsCompletedSuccessfully)
                {
                    _started.Task.Result.Dispose();
                }
                else
                {
                    _started.TrySetCanceled();
                }
            }
        }
    }

    private sealed class DeferredReader<T>(Task<IAsyncStreamReader<T>> reader) : IAsyncStreamReader<T>
    {
        public T Current => reader.Result.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken) =>
            await (await reader.WaitAsync(cancellationToken)).MoveNext(cancellationToken);
    }
}
