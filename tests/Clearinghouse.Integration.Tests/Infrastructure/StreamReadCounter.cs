using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Counts the request messages a host's services have read from their duplex streaming calls (a gRPC
/// interceptor that hands the service a counting reader): what the server really took in, as opposed to
/// what the client wrote and HTTP/2 buffered.
/// </summary>
public sealed class StreamReadCounter
{
    private readonly object _lock = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _waits = [];
    private long _read;

    public long Read => Interlocked.Read(ref _read);

    /// <summary>Adds the interceptor to a host's builder (<see cref="RunningHost.StartAsync(string, TimeProvider?, Action{WebApplicationBuilder}?)"/>).</summary>
    public void Attach(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(this);
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<CountingInterceptor>());
    }

    /// <summary>Completes once the services have read at least <paramref name="count"/> messages.</summary>
    public Task ReachedAsync(long count)
    {
        lock (_lock)
        {
            if (Read >= count)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((count, reached));
            return reached.Task;
        }
    }

    private void Counted()
    {
        var read = Interlocked.Increment(ref _read);
        lock (_lock)
        {
            foreach (var wait in _waits.Where(w => w.Count <= read).ToList())
            {
                wait.Reached.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }

    public sealed class CountingInterceptor(StreamReadCounter counter) : Interceptor
    {
        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
            IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
            DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
            continuation(new CountingReader<TRequest>(requestStream, counter), responseStream, context);
    }

    private sealed class CountingReader<T>(IAsyncStreamReader<T> inner, StreamReadCounter counter) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var more = await inner.MoveNext(cancellationToken);
            if (more)
            {
                counter.Counted();
            }
            return more;
        }
    }
}
