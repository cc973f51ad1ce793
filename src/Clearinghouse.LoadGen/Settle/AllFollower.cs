using System.Diagnostics;
using System.Globalization;
using Clearinghouse.EventStore.Protocol;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;
using Grpc.Core;
using ReadOptions = Clearinghouse.EventStore.Protocol.ReadReq.Types.Options;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// With --follow-all: a catch-up subscription to $all over the EventStoreDB protocol (docs/eventstore-protocol.md),
/// as an officer, opened at the end of $all before the measured load and following it live. Its lag is the time
/// from an event's acceptance ("created") to its arrival here; at the end it says how far behind it was when the
/// load stopped and how long it took to drain.
/// </summary>
public sealed class AllFollower : IAsyncDisposable
{
    private const long TicksPerMillisecond = 10_000;
    private readonly LatencyHistogram _lag = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Grpc.Net.Client.GrpcChannel _channel;
    private readonly Task _following;
    private long _events;
    private long _lastArrival = Stopwatch.GetTimestamp();

    private AllFollower(IReadOnlyList<Uri> targets, ClientTls? tls)
    {
        _channel = HostChannel.Open(targets, manyCalls: false, tls: tls, retries: false);
        _following = FollowAsync(new Streams.StreamsClient(_channel));
    }

    public static AllFollower Start(LoadGenOptions options) =>
        new(options.Targets, options.Tls?.Folder?.For(CallRoutes.Officer) ?? options.Tls?.Single);

    public long Events => Interlocked.Read(ref _events);

    /// <summary>After the load: waits until nothing arrived for a second (at most <paramref name="limit"/>) and prints the figures.</summary>
    public async Task StopAndReportAsync(long eventsWritten, TimeSpan limit)
    {
        var behind = Math.Max(0, eventsWritten - Events);
        var stopped = Stopwatch.StartNew();
        while (stopped.Elapsed < limit && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastArrival)) < TimeSpan.FromSeconds(1) && !_following.IsCompleted)
        {
            await Task.Delay(100);
        }
        var drained = stopped.Elapsed - TimeSpan.FromSeconds(1);
        _stop.Cancel();
        var lag = _lag.Summary();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loadgen: $all follower: {Events:N0} events received of {eventsWritten:N0} the load wrote; lag (accepted → received) " +
            $"p50 {lag.P50Ms:0.0} ms, p99 {lag.P99Ms:0.0} ms, max {lag.MaxMs:0.0} ms; {behind:N0} behind when the load stopped, drained in {Math.Max(0, drained.TotalSeconds):0.0} s"));
        if (_following.IsFaulted)
        {
            Console.Error.WriteLine($"loadgen: $all follower ended: {_following.Exception?.GetBaseException().Message}");
        }
    }

    private async Task FollowAsync(Streams.StreamsClient client)
    {
        await Task.Yield();
        var options = new ReadOptions
        {
            All = new ReadOptions.Types.AllOptions { End = new Empty() },
            Subscription = new ReadOptions.Types.SubscriptionOptions(),
            NoFilter = new Empty(),
            UuidOption = new ReadOptions.Types.UUIDOption { String = new Empty() },
        };
        try
        {
            using var call = client.Read(new ReadReq { Options = options }, cancellationToken: _stop.Token);
            await foreach (var answer in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                if (answer.ContentCase != ReadResp.ContentOneofCase.Event)
                {
                    continue;
                }
                var created = long.Parse(answer.Event.Event.Metadata["created"], CultureInfo.InvariantCulture) / TicksPerMillisecond;
                _lag.Record((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - created) * 1000);
                Interlocked.Increment(ref _events);
                Interlocked.Exchange(ref _lastArrival, Stopwatch.GetTimestamp());
            }
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            // Stopped after the report.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _following;
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException)
        {
            // Reported already, or stopped.
        }
        _channel.Dispose();
        _stop.Dispose();
    }
}
