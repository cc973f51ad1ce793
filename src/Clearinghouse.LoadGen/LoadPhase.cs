using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.LoadGen;

/// <summary>What the generator was told for one accepted settlement.</summary>
public readonly record struct AcceptedSettlement(
    string SettlementId, string RequestId, int CareRegion, int InsuredRegion, string Period,
    long FundPay, long AccountPay, long CashPay, long Total);

/// <summary>What the generator was told for one accepted reversal.</summary>
public readonly record struct AcceptedReversal(string ReversalId, string SettlementId, int CareRegion, string Period, long FundPay, long AccountPay);

/// <summary>
/// The load phase. Full speed (--rate 0): C callers each loop settle → maybe reverse → settle. Fixed rate:
/// sends follow an open-loop timetable (send k is due at start + k/rate, whatever earlier answers took), at
/// most --max-in-flight at once, and each latency is measured from the send's scheduled time, so a server
/// that falls behind shows it in the latency figures instead of quietly lowering the offered rate.
/// </summary>
public sealed class LoadPhase
{
    private const int MaxAttempts = 4;

    private readonly World _world;
    private readonly Rpc _rpc;
    private readonly LoadGenOptions _options;
    private readonly Progress _progress;
    private readonly Dictionary<string, int> _regionIndex;

    private readonly LatencyHistogram _settleLatency = new();
    private readonly LatencyHistogram _reverseLatency = new();
    private LatencyHistogram _intervalLatency = new();
    /// <summary>The SettleStream calls settlements go over with --api stream; null with --api unary.</summary>
    private SettleStreams? _streams;

    private readonly ConcurrentDictionary<string, long> _settleErrors = new();
    private readonly ConcurrentDictionary<string, long> _reverseErrors = new();
    private readonly ConcurrentDictionary<string, long> _retries = new();
    private readonly ConcurrentDictionary<string, string> _errorSamples = new();
    private readonly ConcurrentQueue<AcceptedSettlement> _accepted = new();
    private readonly ConcurrentQueue<AcceptedReversal> _reversals = new();
    private readonly ConcurrentQueue<string> _unknownSettleRequests = new();
    private readonly ConcurrentQueue<string> _unknownReversals = new();
    private readonly ConcurrentQueue<string> _answerProblems = new();

    private long _sent;
    private long _settleSeq;
    private long _reverseSeq;
    private long _acceptedCount;
    private long _reversalCount;
    private long _errorCount;
    private long _retryCount;
    private long _inFlight;
    private long _maxLagTicks;
    private long _start;
    private string[] _serviceDates = [];
    private DateOnly _serviceDatesDay;

    public LoadPhase(World world, Rpc rpc, LoadGenOptions options, Progress progress)
    {
        _world = world;
        _rpc = rpc;
        _options = options;
        _progress = progress;
        _regionIndex = world.Regions.ToDictionary(r => r.Code, r => r.Index);
        // A fresh tag per invocation: --skip-setup with the same --run-id never reuses a request id.
        RequestPrefix = $"{world.RunId}-{Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6]}-";
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
        var hostCpu0 = _options.HostPid is { } pid0 ? HostProbe.CpuSeconds(pid0) : null;
        var ownCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var machine0 = HostProbe.MachineCpu();
        var postgres0 = PostmasterPid is { } pm ? HostProbe.CpuSecondsOfTree(pm) : null;
        using var gc = new GcWatch();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopIssuing);
        if (_options.Duration is { } duration)
        {
            bounded.CancelAfter(duration);
        }
        _start = Stopwatch.GetTimestamp();
        var line = new ProgressLine(this);
        using (_progress.Show(line.Render))
        {
            if (_options.Rate <= 0)
            {
                var callers = Enumerable.Range(0, _options.Callers).Select(_ => Task.Run(() => CallerLoop(bounded.Token, abort)));
                await Task.WhenAll(callers);
            }
            else
            {
                await Scheduler(bounded.Token, abort);
            }
        }
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var hostCpu1 = _options.HostPid is { } pid1 ? HostProbe.CpuSeconds(pid1) : null;
        var ownCpu1 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var ownGc = gc.Stop();
        var machine1 = HostProbe.MachineCpu();
        double? postgresCpu = postgres0 is not null && PostmasterPid is { } pm1 ? HostProbe.CpuDelta(postgres0, HostProbe.CpuSecondsOfTree(pm1)) : null;
        double? busy = machine0 is { } m0 && machine1 is { } m1 && m1.Total > m0.Total
            ? (double)(m1.Busy - m0.Busy) / (m1.Total - m0.Total)
            : null;

        return new LoadResult
        {
            Seconds = seconds,
            Mode = (_options.Rate > 0 ? $"open loop at {_options.Rate:0.#}/s, at most {_options.MaxInFlight} in flight" : $"full speed, {_options.Callers} callers")
                + (_streams is { } streams ? $"; --api stream: Settle requests over {streams.Streams} SettleStream calls" : "; --api unary: one Settle call each")
                + (_options.Warmup > TimeSpan.Zero ? $"; measured after {_options.Warmup.TotalSeconds:0} s of the same load (warm-up)" : ""),
            OfferedRate = _options.Rate,
            Sent = Interlocked.Read(ref _sent),
            Accepted = Interlocked.Read(ref _acceptedCount),
            Reversals = Interlocked.Read(ref _reversalCount),
            SettleErrors = new SortedDictionary<string, long>(_settleErrors),
            ReverseErrors = new SortedDictionary<string, long>(_reverseErrors),
            Retries = new SortedDictionary<string, long>(_retries),
            ErrorSamples = new SortedDictionary<string, string>(_errorSamples),
            SettleLatency = _settleLatency.Summary(),
            ReverseLatency = _reverseLatency.Summary(),
            MaxSendLagMs = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxLagTicks)).TotalMilliseconds,
            HostCpuSeconds = hostCpu0 is { } h0 && hostCpu1 is { } h1 ? h1 - h0 : null,
            LoadGenCpuSeconds = ownCpu1 - ownCpu0,
            LoadGenGc = ownGc,
            PostgresCpuSeconds = postgresCpu,
            MachineCpuSeconds = machine0 is { } a && machine1 is { } b ? (b.Busy - a.Busy) / 100.0 : null,
            MachineCpuBusy = busy,
            AcceptedSettlements = [.. _accepted],
            AcceptedReversals = [.. _reversals],
            UnknownSettleRequestIds = [.. _unknownSettleRequests],
            UnknownReversalSettlementIds = [.. _unknownReversals],
            AnswerProblems = [.. _answerProblems],
        };
    }

    private bool ClaimSend()
    {
        var n = Interlocked.Increment(ref _sent);
        if (_options.Count is { } count && n > count)
        {
            Interlocked.Decrement(ref _sent);
            return false;
        }
        return true;
    }

    private async Task CallerLoop(CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested && ClaimSend())
        {
            await SettleOne(Stopwatch.GetTimestamp(), abort);
        }
    }

    private async Task Scheduler(CancellationToken stop, CancellationToken abort)
    {
        var slots = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
        var ticksPerSend = Stopwatch.Frequency / _options.Rate;
        long k = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var due = (long)((Stopwatch.GetTimestamp() - _start) / ticksPerSend) + 1;
                while (k < due)
                {
                    await slots.WaitAsync(stop);
                    if (!ClaimSend())
                    {
                        slots.Release();
                        return;
                    }
                    var scheduled = _start + (long)(k * ticksPerSend);
                    k++;
                    var lag = Stopwatch.GetTimestamp() - scheduled;
                    if (lag > Interlocked.Read(ref _maxLagTicks))
                    {
                        Interlocked.Exchange(ref _maxLagTicks, lag);
                    }
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await SettleOne(scheduled, abort);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None);
                }
                await Task.Delay(1, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            // Drain: every send in flight finishes (answer, error or deadline) before the phase ends.
            for (var i = 0; i < _options.MaxInFlight; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
        }
    }

    private async Task SettleOne(long scheduled, CancellationToken abort)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var request = BuildSettle();
            var answer = await CallWithRetries(
                "Settle",
                () => _streams is { } streams
                    ? streams.SettleAsync(request, abort)
                    : _rpc.Settlement.SettleAsync(request, _rpc.Options(abort)).ResponseAsync,
                _settleErrors,
                () => _unknownSettleRequests.Enqueue(request.RequestId), abort);
            if (answer is null)
            {
                return;
            }
            var micros = (long)Stopwatch.GetElapsedTime(scheduled).TotalMicroseconds;
            _settleLatency.Record(micros);
            Volatile.Read(ref _intervalLatency).Record(micros);
            Interlocked.Increment(ref _acceptedCount);
            var care = _regionIndex[request.CareRegionCode];
            var insured = _regionIndex.GetValueOrDefault(answer.InsuredRegionCode, -1);
            CheckAnswer(request, answer);
            _accepted.Enqueue(new AcceptedSettlement(answer.SettlementId, request.RequestId, care, insured, answer.Period,
                answer.FundPayFen, answer.AccountPayFen, answer.CashPayFen, answer.TotalFen));
            if (_options.ReversePercent > 0 && Random.Shared.NextDouble() * 100 < _options.ReversePercent)
            {
                await ReverseOne(answer, care, abort);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
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
                Sample(rpc, e);
                if (Rpc.Retryable(e.StatusCode) && attempt < MaxAttempts && !abort.IsCancellationRequested)
                {
                    Count(_retries, rpc + " " + e.StatusCode);
                    Interlocked.Increment(ref _retryCount);
                    await Task.Delay(20 * attempt, CancellationToken.None);
                    continue;
                }
                Count(errors, e.StatusCode.ToString());
                Interlocked.Increment(ref _errorCount);
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
            "Reverse", () => _rpc.Settlement.ReverseAsync(request, _rpc.Options(abort)).ResponseAsync, _reverseErrors,
            () => _unknownReversals.Enqueue(settlement.SettlementId), abort);
        if (answer is null)
        {
            return;
        }
        _reverseLatency.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        Interlocked.Increment(ref _reversalCount);
        if (answer.SettlementId != settlement.SettlementId || answer.FundPayFen != settlement.FundPayFen
            || answer.AccountPayFen != settlement.AccountPayFen)
        {
            _answerProblems.Enqueue($"reversal {answer.ReversalId} of {settlement.SettlementId}: answered settlement {answer.SettlementId}, " +
                $"fund {answer.FundPayFen} account {answer.AccountPayFen}; the settlement had fund {settlement.FundPayFen} account {settlement.AccountPayFen}");
        }
        _reversals.Enqueue(new AcceptedReversal(answer.ReversalId, settlement.SettlementId, care, answer.Period, answer.FundPayFen, answer.AccountPayFen));
    }

    private void CheckAnswer(SettleRequest request, Settlement s)
    {
        var total = request.Items.Sum(i => i.AmountFen);
        if (s.RequestId != request.RequestId || s.CareRegionCode != request.CareRegionCode || s.PersonId != request.PersonId
            || s.TotalFen != total || s.FundPayFen + s.AccountPayFen + s.CashPayFen != s.TotalFen
            || s.FundPayFen < 0 || s.AccountPayFen < 0 || s.CashPayFen < 0 || (!request.UsePersonalAccount && s.AccountPayFen != 0)
            || s.Reversed || s.SettlementId.Length == 0)
        {
            _answerProblems.Enqueue($"settlement {s.SettlementId} for request {request.RequestId}: total {s.TotalFen} (items sum {total}), " +
                $"fund {s.FundPayFen} + account {s.AccountPayFen} + cash {s.CashPayFen}, care {s.CareRegionCode}, person {s.PersonId}, reversed {s.Reversed}");
        }
    }

    private SettleRequest BuildSettle()
    {
        var rng = Random.Shared;
        var seq = Interlocked.Increment(ref _settleSeq);
        var person = _options.PeopleOrder == PeopleOrder.Cycle ? (int)((seq - 1) % _world.People) : rng.Next(_world.People);
        var registration = _world.RegistrationRegion(person);
        var care = registration >= 0 && rng.Next(10) < 8
            ? registration
            : _world.OtherRegion(person, rng.Next(_world.Regions.Length - 1));
        var region = _world.Regions[care];
        var visit = rng.Next(100) < 80 ? VisitType.Outpatient : VisitType.Inpatient;
        var request = new SettleRequest
        {
            RequestId = $"{SettlePrefix}{seq}",
            CareRegionCode = region.Code,
            HospitalCode = region.HospitalCodes[rng.Next(region.HospitalCodes.Length)],
            PersonId = _world.PersonId(person),
            VisitType = visit,
            ServiceDate = ServiceDate(rng.Next(20)),
            UsePersonalAccount = rng.Next(2) == 0,
        };
        var items = rng.Next(1, _options.ItemsMax + 1);
        for (var i = 0; i < items; i++)
        {
            request.Items.Add(Catalog.Item(rng, visit));
        }
        return request;
    }

    /// <summary>Today minus <paramref name="daysAgo"/> in China Standard Time (UTC+8), never in the future.</summary>
    private string ServiceDate(int daysAgo)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var dates = Volatile.Read(ref _serviceDates);
        if (today != _serviceDatesDay || dates.Length == 0)
        {
            dates = [.. Enumerable.Range(0, 20).Select(d => today.AddDays(-d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
            Volatile.Write(ref _serviceDates, dates);
            _serviceDatesDay = today;
        }
        return dates[daysAgo];
    }

    private static void Count(ConcurrentDictionary<string, long> counts, string key) =>
        counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    private void Sample(string call, RpcException e) =>
        _errorSamples.TryAdd($"{call} {e.StatusCode}", e.Status.Detail);

    /// <summary>The once-a-second status line of the load phase.</summary>
    private sealed class ProgressLine(LoadPhase phase)
    {
        private long _lastAccepted;
        private long _lastTicks = Stopwatch.GetTimestamp();

        public string Render()
        {
            var now = Stopwatch.GetTimestamp();
            var accepted = Interlocked.Read(ref phase._acceptedCount);
            var interval = Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds;
            var rate = interval > 0 ? (accepted - _lastAccepted) / interval : 0;
            _lastAccepted = accepted;
            _lastTicks = now;
            var elapsed = Stopwatch.GetElapsedTime(phase._start, now).TotalSeconds;
            var window = Interlocked.Exchange(ref phase._intervalLatency, new LatencyHistogram());
            var memory = phase._options.HostPid is { } pid && HostProbe.Memory(pid) is { } m ? $"  host RSS {m.RssKiB / 1024:N0} MiB" : "";
            return $"load {elapsed,5:0}s  ok {accepted:N0}  {rate:N0}/s (avg {(elapsed > 0 ? accepted / elapsed : 0):N0}/s)" +
                   $"  rev {Interlocked.Read(ref phase._reversalCount):N0}  err {Interlocked.Read(ref phase._errorCount):N0}" +
                   $"  retry {Interlocked.Read(ref phase._retryCount):N0}  in-flight {Interlocked.Read(ref phase._inFlight):N0}" +
                   $"  p99 {window.Quantile(0.99) / 1000.0:0.0}ms{memory}";
        }
    }
}

public sealed record LoadResult
{
    public required double Seconds { get; init; }
    public required string Mode { get; init; }
    public required double OfferedRate { get; init; }
    public required long Sent { get; init; }
    public required long Accepted { get; init; }
    public required long Reversals { get; init; }
    public required SortedDictionary<string, long> SettleErrors { get; init; }
    public required SortedDictionary<string, long> ReverseErrors { get; init; }
    public required SortedDictionary<string, long> Retries { get; init; }
    public required SortedDictionary<string, string> ErrorSamples { get; init; }
    public required LatencySummary SettleLatency { get; init; }
    public required LatencySummary ReverseLatency { get; init; }
    public required double MaxSendLagMs { get; init; }
    public required double? HostCpuSeconds { get; init; }
    public required double LoadGenCpuSeconds { get; init; }
    public required GcFigures LoadGenGc { get; init; }
    /// <summary>CPU of the benchmark's PostgreSQL (postmaster and its children), when known.</summary>
    public required double? PostgresCpuSeconds { get; init; }
    /// <summary>Busy CPU seconds of the whole machine (all cores) during the load phase.</summary>
    public required double? MachineCpuSeconds { get; init; }
    public required double? MachineCpuBusy { get; init; }
    public required List<AcceptedSettlement> AcceptedSettlements { get; init; }
    public required List<AcceptedReversal> AcceptedReversals { get; init; }
    public required List<string> UnknownSettleRequestIds { get; init; }
    public required List<string> UnknownReversalSettlementIds { get; init; }
    public required List<string> AnswerProblems { get; init; }

    public double AcceptedPerSecond => Seconds > 0 ? Accepted / Seconds : 0;
    public double ReversalsPerSecond => Seconds > 0 ? Reversals / Seconds : 0;
    /// <summary>Event rows the load phase wrote: one per settlement and one per reversal.</summary>
    public long EventRows => Accepted + Reversals;
    public double EventRowsPerSecond => Seconds > 0 ? EventRows / Seconds : 0;
}
