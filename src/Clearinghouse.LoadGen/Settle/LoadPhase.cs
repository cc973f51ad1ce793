using System.Collections.Concurrent;
using System.Diagnostics;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// The load phase. Full speed (--rate 0): C callers each loop settle → maybe reverse → settle. Fixed rate:
/// sends follow an open-loop timetable (<see cref="OpenLoop"/>), and each latency is measured from the send's
/// scheduled time, so a server that falls behind shows it in the latency figures instead of quietly lowering
/// the offered rate.
/// </summary>
public sealed class LoadPhase
{
    private const int MaxAttempts = 6;

    private readonly Rpc _rpc;
    private readonly LoadGenOptions _options;
    private readonly Progress _progress;
    private readonly Dictionary<string, int> _regionIndex;
    private readonly LoadTally _tally = new();
    private readonly SettleRequests _requests;
    /// <summary>The SettleStream calls settlements go over with --api stream; null with --api unary.</summary>
    private SettleStreams? _streams;
    private long _reverseSeq;
    private long _start;

    public LoadPhase(World world, Rpc rpc, LoadGenOptions options, Progress progress)
    {
        _rpc = rpc;
        _options = options;
        _progress = progress;
        _regionIndex = world.Regions.ToDictionary(r => r.Code, r => r.Index);
        // A fresh tag per invocation: --skip-setup with the same --run-id never reuses a request id.
        RequestPrefix = $"{world.RunId}-{Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6]}-";
        _requests = new SettleRequests(world, options.PeopleOrder, options.ItemsMax, SettlePrefix, options.PlantFlags);
    }

    /// <summary>Every Settle / Reverse request id of this load phase starts with this.</summary>
    public string RequestPrefix { get; }

    public string SettlePrefix => RequestPrefix + "s";

    /// <summary>The benchmark's PostgreSQL postmaster, when known: its CPU (and its backends') is reported.</summary>
    public int? PostmasterPid { get; init; }

    public async Task<LoadResult> RunAsync(CancellationToken stopIssuing, CancellationToken abort)
    {
        // --api stream: this phase opens its own streams and closes them when its last answer is in, so a phase
        // starts and ends with no call open (the warm-up's streams are not carried into the measured phase).
        var streams = _options.Api == SettleApi.Stream ? new SettleStreams(_rpc, _options.StreamsPerConnection, abort) : null;
        _streams = streams;
        try
        {
            return await MeasureAsync(stopIssuing, abort);
        }
        finally
        {
            if (streams is not null)
            {
                await streams.DisposeAsync();
                if (streams.CallsOpened > streams.Streams || streams.UnmatchedAnswers > 0)
                {
                    Console.Error.WriteLine($"loadgen: {streams.CallsOpened} SettleStream calls opened for {streams.Streams} streams; " +
                        $"{streams.UnmatchedAnswers} answers came after their request had stopped waiting (ignored)");
                }
            }
        }
    }

    private async Task<LoadResult> MeasureAsync(CancellationToken stopIssuing, CancellationToken abort)
    {
        using var meter = ResourceMeter.Start(_options.HostPid, PostmasterPid);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopIssuing);
        if (_options.Duration is { } duration)
        {
            bounded.CancelAfter(duration);
        }
        _start = Stopwatch.GetTimestamp();
        using (_progress.Show(new LoadProgressLine(_tally, _start, _options.HostPid).Render))
        {
            if (_options.Rate <= 0)
            {
                var callers = Enumerable.Range(0, _options.Callers).Select(_ => Task.Run(() => CallerLoop(bounded.Token, abort)));
                await Task.WhenAll(callers);
            }
            else
            {
                await OpenLoop.RunAsync(_options.Rate, _options.MaxInFlight, _start, ClaimSend, scheduled => SettleOne(scheduled, abort),
                    _tally.SendLag, bounded.Token);
            }
        }
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        return _tally.ToResult(seconds, DescribeMode(), _options.Rate, meter.Stop());
    }

    private string DescribeMode() =>
        (_options.Rate > 0 ? $"open loop at {_options.Rate:0.#}/s, at most {_options.MaxInFlight} in flight" : $"full speed, {_options.Callers} callers")
        + (_streams is { } streams ? $"; --api stream: Settle requests over {streams.Streams} SettleStream calls" : "; --api unary: one Settle call each")
        + (_options.Warmup > TimeSpan.Zero ? $"; measured after {_options.Warmup.TotalSeconds:0} s of the same load (warm-up)" : "");

    private bool ClaimSend() => _tally.ClaimSend(_options.Count);

    private async Task CallerLoop(CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested && ClaimSend())
        {
            await SettleOne(Stopwatch.GetTimestamp(), abort);
        }
    }

    private async Task SettleOne(long scheduled, CancellationToken abort)
    {
        _tally.CallStarted();
        try
        {
            var request = _requests.Next();
            var answer = await CallWithRetries(
                "Settle",
                () => _streams is { } streams
                    ? streams.SettleAsync(request, abort)
                    : _rpc.Settlement.SettleAsync(request, _rpc.Options(abort)).ResponseAsync,
                _tally.SettleErrors,
                () => _tally.SettleOutcomeUnknown(request.RequestId), abort);
            if (answer is null)
            {
                return;
            }
            _tally.SettlementAccepted((long)Stopwatch.GetElapsedTime(scheduled).TotalMicroseconds);
            var care = _regionIndex[request.CareRegionCode];
            var insured = _regionIndex.GetValueOrDefault(answer.InsuredRegionCode, -1);
            if (AnswerChecks.SettlementProblem(request, answer) is { } problem)
            {
                _tally.AnswerProblem(problem);
            }
            _tally.Told(new AcceptedSettlement(answer.SettlementId, request.RequestId, care, insured, answer.Period,
                AnswerChecks.Funds(answer), answer.AccountPayFen, answer.CashPayFen, answer.TotalFen));
            if (_options.ReversePercent > 0 && Random.Shared.NextDouble() * 100 < _options.ReversePercent)
            {
                await ReverseOne(answer, care, abort);
            }
        }
        finally
        {
            _tally.CallEnded();
        }
    }

    /// <summary>
    /// One call with the retries an agency would make (same request id): retryable statuses up to
    /// MaxAttempts, every failure counted by status; null when the call finally failed.
    /// </summary>
    private async Task<TAnswer?> CallWithRetries<TAnswer>(
        string rpc, Func<Task<TAnswer>> call, ConcurrentDictionary<string, long> errors, Action outcomeUnknown, CancellationToken abort)
        where TAnswer : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e)
            {
                _tally.Sample(rpc, e);
                if (Rpc.Retryable(e.StatusCode) && attempt < MaxAttempts && !abort.IsCancellationRequested)
                {
                    _tally.Retried(rpc, e.StatusCode);
                    await Task.Delay(Rpc.Backoff(attempt), CancellationToken.None);
                    continue;
                }
                _tally.Failed(errors, e.StatusCode);
                if (Rpc.OutcomeUnknown(e.StatusCode) || e.StatusCode == StatusCode.Aborted)
                {
                    outcomeUnknown();
                }
                return null;
            }
        }
    }

    private async Task ReverseOne(Settlement settlement, int care, CancellationToken abort)
    {
        var request = new ReverseRequest
        {
            RequestId = $"{RequestPrefix}r{Interlocked.Increment(ref _reverseSeq)}",
            SettlementId = settlement.SettlementId,
            CareRegionCode = settlement.CareRegionCode,
            Reason = "负载测试冲正",
        };
        var started = Stopwatch.GetTimestamp();
        var answer = await CallWithRetries(
            "Reverse", () => _rpc.Settlement.ReverseAsync(request, _rpc.Options(abort)).ResponseAsync, _tally.ReverseErrors,
            () => _tally.ReversalOutcomeUnknown(settlement.SettlementId), abort);
        if (answer is null)
        {
            return;
        }
        _tally.ReversalAccepted((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        if (AnswerChecks.ReversalProblem(settlement, answer) is { } problem)
        {
            _tally.AnswerProblem(problem);
        }
        _tally.Told(new AcceptedReversal(answer.ReversalId, settlement.SettlementId, care, answer.Period, answer.FundPayFen, answer.AccountPayFen));
    }
}
