using System.Collections.Concurrent;
using Clearinghouse.Grains.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Sees what a host's event log refuses. Attached to a host's builder (<see cref="RunningHost.StartAsync(string, TimeProvider?, Action{WebApplicationBuilder}?)"/>),
/// it wraps the host's own event log once every service is registered (through the host's service provider
/// factory, since the host registers its event log after the test's configuration runs) and records each
/// append the period fence refused, then lets the refusal go on to the grain as before. It can also hold
/// every append at a gate, so that work the host takes on stays in flight until the test lets it commit.
/// </summary>
public sealed class EventLogTap
{
    private volatile TaskCompletionSource _gate = Open();
    private int _waiting;

    /// <summary>Every PeriodNotOpenException an append of this host ended with, in order.</summary>
    public ConcurrentQueue<PeriodNotOpenException> PeriodRefusals { get; } = new();

    /// <summary>Appends waiting at the closed gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>From now on, appends wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every waiting append, and every later one, go on to the database.</summary>
    public void Release() => _gate.TrySetResult();

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task PassGateAsync()
    {
        var gate = _gate.Task;
        if (gate.IsCompleted)
        {
            return;
        }
        Interlocked.Increment(ref _waiting);
        try
        {
            await gate;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Attach(WebApplicationBuilder builder) => builder.Host.UseServiceProviderFactory(new Factory(this));

    private sealed class Factory(EventLogTap tap) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services) => services;

        public IServiceProvider CreateServiceProvider(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IEventLog));
            var implementation = original.ImplementationType
                ?? throw new InvalidOperationException("the host's IEventLog is not registered by type; the tap cannot wrap it");
            services.Remove(original);
            services.AddSingleton(implementation);
            services.AddSingleton<IEventLog>(provider => new Tapped((IEventLog)provider.GetRequiredService(implementation), tap));
            return new DefaultServiceProviderFactory().CreateServiceProvider(services);
        }
    }

    private sealed class Tapped(IEventLog inner, EventLogTap tap) : IEventLog
    {
        public Task<IReadOnlyList<Clearinghouse.Domain.Events.IStampedEvent>> ReadAsync(string streamKey, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(streamKey, cancellationToken);

        public Task<IReadOnlyList<Clearinghouse.Domain.Events.IStampedEvent>> ReadToFoldAsync(string streamKey, CancellationToken cancellationToken = default) =>
            inner.ReadToFoldAsync(streamKey, cancellationToken);

        public Task<IReadOnlyDictionary<string, IReadOnlyList<Clearinghouse.Domain.Events.IStampedEvent>>> ReadStreamsAsync(IReadOnlyList<string> streamKeys, CancellationToken cancellationToken = default) =>
            inner.ReadStreamsAsync(streamKeys, cancellationToken);

        public Task<Clearinghouse.Domain.Events.IStampedEvent?> ReadEventAsync(string streamKey, long version, CancellationToken cancellationToken = default) =>
            inner.ReadEventAsync(streamKey, version, cancellationToken);

        public Task<IReadOnlyList<Clearinghouse.Domain.Events.IStampedEvent>> ReadEventsAsync(string streamKey, IReadOnlyList<long> versions, CancellationToken cancellationToken = default) =>
            inner.ReadEventsAsync(streamKey, versions, cancellationToken);

        public Task<bool> IsRequestKeyTakenAsync(string scope, string requestId, CancellationToken cancellationToken = default) =>
            inner.IsRequestKeyTakenAsync(scope, requestId, cancellationToken);

        public async Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default)
        {
            await tap.PassGateAsync();
            try
            {
                await inner.AppendAsync(append, cancellationToken);
            }
            catch (PeriodNotOpenException refused)
            {
                tap.PeriodRefusals.Enqueue(refused);
                throw;
            }
        }

        public async Task AppendAllAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
        {
            await tap.PassGateAsync();
            try
            {
                await inner.AppendAllAsync(appends, cancellationToken);
            }
            catch (PeriodNotOpenException refused)
            {
                tap.PeriodRefusals.Enqueue(refused);
                throw;
            }
        }
    }
}
