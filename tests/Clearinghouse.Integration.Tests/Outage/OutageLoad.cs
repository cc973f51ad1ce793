using System.Collections.Concurrent;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Outage;

/// <summary>
/// Agencies settling through an outage: each worker sends one visit at a time and, as an agency would, sends
/// the same request (same request id) again after any failure until it is answered. Every failed attempt is
/// counted by its status; every answer is kept with its request.
/// </summary>
public sealed class OutageLoad(SettlementService.SettlementServiceClient settlements, IReadOnlyList<string> people, string careRegion, string hospital)
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, Settlement> _answers = new();
    private readonly ConcurrentDictionary<StatusCode, int> _failures = new();
    private readonly ConcurrentQueue<string> _failureSamples = new();
    private int _sent;

    /// <summary>Answered requests by request id.</summary>
    public IReadOnlyDictionary<string, Settlement> Answers => _answers;

    /// <summary>Failed attempts by status.</summary>
    public IReadOnlyDictionary<StatusCode, int> Failures => _failures;

    /// <summary>A few failures as status and message, to tell what went wrong when a status is unexpected.</summary>
    public IEnumerable<string> FailureSamples => _failureSamples;

    /// <summary>Requests sent (first attempts).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>
    /// Runs <paramref name="workers"/> workers until <paramref name="stop"/>; a worker then finishes the request it
    /// has in hand (retrying it until answered or <paramref name="abandon"/>).
    /// </summary>
    public Task RunAsync(int workers, CancellationToken stop, CancellationToken abandon) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker, stop, abandon))));

    private async Task WorkAsync(int worker, CancellationToken stop, CancellationToken abandon)
    {
        var visits = new Visits(1_000 + worker);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var request = visits.Next($"outage-w{worker}-{n:D5}", people[(worker + n) % people.Count], careRegion, hospital,
                ChinaClock.Today, VisitType.Outpatient, usePersonalAccount: false, maxItems: 4);
            await SettleUntilAnsweredAsync(request, abandon);
        }
    }

    /// <summary>Sends the request (again, after any failure) until it is answered; the answer joins <see cref="Answers"/>.</summary>
    public async Task<Settlement> SettleUntilAnsweredAsync(SettleRequest request, CancellationToken abandon)
    {
        Interlocked.Increment(ref _sent);
        var answer = await AnswerAsync(request, abandon);
        _answers[request.RequestId] = answer;
        return answer;
    }

    private async Task<Settlement> AnswerAsync(SettleRequest request, CancellationToken abandon)
    {
        while (true)
        {
            abandon.ThrowIfCancellationRequested();
            try
            {
                return await settlements.SettleAsync(request, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: abandon);
            }
            catch (RpcException e) when (!abandon.IsCancellationRequested)
            {
                if (_failures.AddOrUpdate(e.StatusCode, 1, (_, count) => count + 1) <= 3)
                {
                    _failureSamples.Enqueue($"{e.StatusCode}: {e.Status.Detail}");
                }
                await Task.Delay(RetryPause, abandon);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; false if it did not within <paramref name="limit"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
