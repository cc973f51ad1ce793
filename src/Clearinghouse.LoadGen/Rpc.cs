using System.Collections.Concurrent;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;
using Grpc.Core;
using Grpc.Net.Client;

namespace Clearinghouse.LoadGen;

/// <summary>
/// The gRPC channels (HTTP/2 over mutual TLS, many streams per connection) and the call helpers. Each channel
/// spreads its calls round-robin over the --target hosts; gRPC's own retries are off, because the load
/// phases retry themselves (same request id, <see cref="Backoff"/>) and count every failed attempt by status.
/// </summary>
public sealed class Rpc : IDisposable
{
    private readonly GrpcChannel?[] _channels;
    private readonly RegistryService.RegistryServiceClient[] _registry;
    private readonly SettlementService.SettlementServiceClient[] _settlement;
    private readonly TimeSpan _timeout;
    private int _next;

    /// <param name="identities">
    /// A folder of certificates (--identity-dir): each call goes as the caller it needs, over channels opened up
    /// front per connection slot and kept per identity; without it every call goes as <paramref name="tls"/>'s certificate.
    /// </param>
    public Rpc(IReadOnlyList<Uri> targets, int connections, TimeSpan timeout, ClientTls? tls, IdentityFolder? identities = null)
    {
        _timeout = timeout;
        _channels = new GrpcChannel?[connections];
        _invokers = new CallInvoker[connections];
        for (var i = 0; i < connections; i++)
        {
            if (identities is null)
            {
                var channel = HostChannel.Open(targets, manyCalls: true, tls: tls, retries: false);
                _channels[i] = channel;
                _invokers[i] = channel.CreateCallInvoker();
            }
            else
            {
                var slot = i;
                _invokers[i] = new RoutingCallInvoker(need =>
                {
                    // The lookup alone on the hot path; a new identity's channel is opened once, on its first call.
                    var key = (slot, identities.For(need));
                    return _byIdentity.TryGetValue(key, out var opened)
                        ? opened.Invoker
                        : _byIdentity.GetOrAdd(key, k => new Opened(HostChannel.Open(targets, manyCalls: true, tls: k.Item2, retries: false))).Invoker;
                });
            }
        }
        _registry = [.. _invokers.Select(c => new RegistryService.RegistryServiceClient(c))];
        _settlement = [.. _invokers.Select(c => new SettlementService.SettlementServiceClient(c))];
    }

    private readonly CallInvoker[] _invokers;
    private readonly ConcurrentDictionary<(int Slot, ClientTls Tls), Opened> _byIdentity = new();

    private sealed class Opened(GrpcChannel channel)
    {
        public GrpcChannel Channel { get; } = channel;
        public CallInvoker Invoker { get; } = channel.CreateCallInvoker();
    }

    private int Pick() => (int)((uint)Interlocked.Increment(ref _next) % (uint)_invokers.Length);

    public RegistryService.RegistryServiceClient Registry => _registry[Pick()];

    public SettlementService.SettlementServiceClient Settlement => _settlement[Pick()];

    /// <summary>How many channels (--connections) there are: SettleStreams opens --streams calls on each.</summary>
    public int Connections => _invokers.Length;

    /// <summary>The settlement client of one channel, for a call that must stay on it (a SettleStream call).</summary>
    public SettlementService.SettlementServiceClient SettlementOn(int channel) => _settlement[channel];

    /// <summary>The deadline of each call (--timeout); SettleStreams applies it to each request instead.</summary>
    public TimeSpan CallTimeout => _timeout;

    public ClearingService.ClearingServiceClient Clearing => new(_invokers[Pick()]);

    public ReconciliationService.ReconciliationServiceClient Reconciliation => new(_invokers[Pick()]);

    public CallOptions Options(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + _timeout, cancellationToken: cancellationToken);

    /// <summary>
    /// Statuses after which the same request (same request_id) may be sent again: the server says so for
    /// ABORTED and INTERNAL, and after UNAVAILABLE / DEADLINE_EXCEEDED the outcome is unknown.
    /// </summary>
    public static bool Retryable(StatusCode code) => code is
        StatusCode.Aborted or StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
        or StatusCode.ResourceExhausted or StatusCode.Unknown;

    /// <summary>Statuses after which the client cannot know whether the request took effect.</summary>
    public static bool OutcomeUnknown(StatusCode code) => code is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled;

    /// <summary>
    /// The pause before attempt <paramref name="attempt"/> + 1: random up to a ceiling that doubles from 100 ms
    /// to 2 s, so callers that failed together (a host or its database out) do not all come back at once.
    /// </summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(2_000, 50 << Math.Clamp(attempt, 1, 6)) + 1));

    /// <summary>A setup call with retries of retryable statuses (same request, so idempotent).</summary>
    public static async Task<T> WithRetries<T>(Func<Task<T>> call, CancellationToken cancellationToken, int attempts = 6)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (Retryable(e.StatusCode) && attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt + 2), cancellationToken);
            }
        }
    }

    /// <summary>Waits until the host answers a call (any answer but UNAVAILABLE / DEADLINE_EXCEEDED counts).</summary>
    public async Task<bool> WaitForHostAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + limit;
        var said = false;
        while (true)
        {
            try
            {
                await Registry.GetRegionAsync(new GetRegionRequest { RegionCode = "000000" },
                    new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken));
                return true;
            }
            catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled))
            {
                return true;
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                if (DateTime.UtcNow > until)
                {
                    Console.Error.WriteLine($"loadgen: the host did not answer within {limit.TotalSeconds:0}s: {e.Status.Detail}");
                    return false;
                }
                if (!said)
                {
                    Console.Error.WriteLine($"loadgen: waiting for the host to answer (up to {limit.TotalSeconds:0}s)…");
                    said = true;
                }
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel?.Dispose();
        }
        foreach (var opened in _byIdentity.Values)
        {
            opened.Channel.Dispose();
        }
    }
}
