using System.Collections.Concurrent;
using System.Diagnostics;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// The agencies of the cluster's fault tests: workers take the next request of <c>total</c>, send it to one silo's
/// address and, after a retried status, the same request (same request id) to the next address after a growing
/// pause, at most <c>maxAttempts</c> times (about 50 s of retrying at the default 30). Each attempt's address is known, so the load tells the first
/// answer a silo that was down serves again, and, after a silo's death, the failures of calls that reached a
/// surviving silo (their grain was on the dead one) from the failures to reach the dead silo's own address.
/// </summary>
public sealed class ClusterSettleLoad(IReadOnlyList<SiloProcess> silos, IReadOnlyList<string> people, int total, int heldFrom, int maxAttempts = ClusterSettleLoad.DefaultMaxAttempts)
{
    public const int Workers = 48;
    public const int DefaultMaxAttempts = 30;
    public const string Care = ClusterWorld.Care;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Statuses an agency sends the request again after (INTERNAL too, so a wrong status shows in the counts rather than as a lost request).</summary>
    private static readonly StatusCode[] RetriedCodes = [StatusCode.Unavailable, StatusCode.Aborted, StatusCode.DeadlineExceeded, StatusCode.Internal];

    private readonly ConcurrentDictionary<string, Settlement> _answers = new();
    private readonly ConcurrentDictionary<string, StatusCode> _finalFailures = new();
    private readonly ConcurrentDictionary<StatusCode, int> _failedAttempts = new();
    private readonly ConcurrentQueue<string> _failureSamples = new();
    private readonly int[] _answeredBy = new int[silos.Count];
    private readonly Stopwatch _sinceDown = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next = -1;
    private int _retried;
    private int _failedOver;
    private int _down = -1;
    private long _restartedTicks = -1;
    private long _servedAgainTicks = -1;
    private long _firstFailedOverTicks = -1;
    private long _lastSurvivorFailureTicks = -1;

    public IReadOnlyDictionary<string, Settlement> Answers => _answers;
    public IReadOnlyDictionary<string, StatusCode> FinalFailures => _finalFailures;
    public IReadOnlyDictionary<StatusCode, int> FailedAttempts => _failedAttempts;
    public IEnumerable<string> FailureSamples => _failureSamples;
    public int Answered => _answers.Count;

    /// <summary>Answers served by silo <paramref name="silo"/> (0-based).</summary>
    public int AnsweredBy(int silo) => Volatile.Read(ref _answeredBy[silo]);

    /// <summary>Requests that needed more than one attempt.</summary>
    public int Retried => Volatile.Read(ref _retried);

    /// <summary>Requests refused by a surviving silo after the death of the silo marked down (their grain was on it), answered later.</summary>
    public int FailedOver => Volatile.Read(ref _failedOver);

    public TimeSpan? DownToRestarted => Ticks(ref _restartedTicks);
    public TimeSpan? DownToFirstServedAgain => Ticks(ref _servedAgainTicks);

    /// <summary>
    /// From the silo's death to the first answer to a request that a surviving silo had refused because of it: the
    /// first call on a grain that was active on the dead silo to succeed again, on a new activation.
    /// </summary>
    public TimeSpan? DownToFirstFailedOver => Ticks(ref _firstFailedOverTicks);

    /// <summary>From the silo's death to the last refusal by a surviving silo: by then no grain of the dead silo is out of reach.</summary>
    public TimeSpan? DownToLastSurvivorFailure => Ticks(ref _lastSurvivorFailureTicks);

    /// <summary>Silo <paramref name="silo"/> (0-based) has just died or been stopped.</summary>
    public void MarkDown(int silo)
    {
        _sinceDown.Start();
        Volatile.Write(ref _down, silo);
    }

    public void MarkRestarted()
    {
        Interlocked.Exchange(ref _restartedTicks, _sinceDown.Elapsed.Ticks);
        Release();
    }

    /// <summary>Lets the requests from <c>heldFrom</c> on go.</summary>
    public void Release() => _released.TrySetResult();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var channels = silos.Select(s => s.OpenChannel(TestCallers.PlatformOf(Care))).ToList();
        try
        {
            var clients = channels.Select(c => new SettlementService.SettlementServiceClient(c)).ToList();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w, clients, cancellationToken), cancellationToken)));
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private async Task WorkAsync(int worker, IReadOnlyList<SettlementService.SettlementServiceClient> clients, CancellationToken cancellationToken)
    {
        var visits = new Visits(7_000 + worker);
        var today = ChinaClock.TodayOn(TimeProvider.System);
        for (var i = Interlocked.Increment(ref _next); i < total; i = Interlocked.Increment(ref _next))
        {
            if (i >= heldFrom)
            {
                await _released.Task.WaitAsync(cancellationToken);
            }
            var request = visits.Next($"kill-{i:D6}", people[i % people.Count], Care, ClusterWorld.Hospital, today, VisitType.Outpatient, usePersonalAccount: false, maxItems: 4);
            await SettleAsync(i, request, clients, cancellationToken);
        }
    }

    private async Task SettleAsync(int index, SettleRequest request, IReadOnlyList<SettlementService.SettlementServiceClient> clients, CancellationToken cancellationToken)
    {
        var refusedBySurvivor = false;
        for (var attempt = 0; ; attempt++)
        {
            var silo = (index + attempt) % clients.Count;
            var restartedBefore = Volatile.Read(ref _restartedTicks) >= 0;
            try
            {
                _answers[request.RequestId] = await clients[silo].SettleAsync(request, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancellationToken);
                Interlocked.Increment(ref _answeredBy[silo]);
                if (restartedBefore && silo == Volatile.Read(ref _down))
                {
                    Interlocked.CompareExchange(ref _servedAgainTicks, _sinceDown.Elapsed.Ticks, -1);
                }
                if (refusedBySurvivor)
                {
                    Interlocked.Increment(ref _failedOver);
                    Interlocked.CompareExchange(ref _firstFailedOverTicks, _sinceDown.Elapsed.Ticks, -1);
                }
                return;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (_failedAttempts.AddOrUpdate(e.StatusCode, 1, (_, count) => count + 1) <= 3)
                {
                    _failureSamples.Enqueue($"{e.StatusCode} from silo {silo + 1}: {e.Status.Detail}");
                }
                var down = Volatile.Read(ref _down);
                if (down >= 0 && silo != down)
                {
                    refusedBySurvivor = true;
                    var at = _sinceDown.Elapsed.Ticks;
                    for (var last = Volatile.Read(ref _lastSurvivorFailureTicks); at > last; last = Volatile.Read(ref _lastSurvivorFailureTicks))
                    {
                        if (Interlocked.CompareExchange(ref _lastSurvivorFailureTicks, at, last) == last)
                        {
                            break;
                        }
                    }
                }
                if (!RetriedCodes.Contains(e.StatusCode) || attempt + 1 == maxAttempts)
                {
                    _finalFailures[request.RequestId] = e.StatusCode;
                    return;
                }
                if (attempt == 0)
                {
                    Interlocked.Increment(ref _retried);
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * (attempt + 1))), cancellationToken);
        }
    }

    private static TimeSpan? Ticks(ref long ticks) => Volatile.Read(ref ticks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;
}
