using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// Three silos, each its own OS process, on one database; agencies settle over all three addresses and one
/// silo is SIGKILLed a third of the way in and started again half-way (serving again about two thirds in), or
/// stopped gracefully (SIGTERM) a third of the way in. An agency sends a failed request again with the same
/// request id (to the next address), a bounded number of times. Nothing is lost or doubled: every request is
/// answered, every answer is in the ledger once under its own request id, nothing else is, and every person's
/// yearly fund total is the sum of their answers; no attempt at all fails INTERNAL or UNKNOWN; and the period then
/// closes into statements that are the answers' sum to the fen.
/// </summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    /// <summary>Overrides the number of settlements (default <see cref="DefaultSettlements"/>), for a slower machine.</summary>
    public const string SettlementsVariable = "CLEARINGHOUSE_TEST_SILO_KILL_SETTLEMENTS";

    private const int DefaultSettlements = 20_000;
    private const int People = 2_000;
    private const int Workers = 48;
    private const int MaxAttempts = 30;
    private const string Insured = "230102";
    private const string Care = "240102";
    private const string Hospital = "KILL-H1";
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    private static readonly StatusCode[] RetriedCodes = [StatusCode.Unavailable, StatusCode.Aborted, StatusCode.DeadlineExceeded, StatusCode.Internal];

    [Fact]
    public async Task A_silo_killed_and_restarted_under_load_loses_and_doubles_no_settlement() =>
        // The last tenth of the requests waits for the restart, so the restarted silo is seen serving under load
        // however long its start takes on a busy machine.
        await UnderLoadAsync("silokill", heldTenth: true, async (victim, load, running, total, limit) =>
        {
            Assert.True(await EventuallyAsync(() => load.Answered >= total / 3 || running.IsCompleted, limit), "a third of the settlements are answered");
            victim.Kill();
            load.MarkDown(2);
            // Started again half-way (or after 30 s if the load slowed down meanwhile): a start under this load takes
            // seconds, so the silo serves again about two thirds in, with load left to show it.
            var down = Stopwatch.StartNew();
            Assert.True(await EventuallyAsync(() => load.Answered >= total / 2 || down.Elapsed > TimeSpan.FromSeconds(30) || running.IsCompleted, limit),
                "the load goes on while a silo is down");
            var restartFrom = load.Answered;
            var restarting = Stopwatch.StartNew();
            await victim.StartAgainAsync(limit);
            load.MarkRestarted();
            var restartTook = restarting.Elapsed;
            var restartTo = load.Answered;
            await running;
            output.WriteLine($"first call served by the killed silo's address after its restart: {load.DownToFirstServedAgain?.TotalSeconds:0.0} s after the SIGKILL " +
                $"(SIGKILL at {total / 3} answered; restart begun at {restartFrom} answered, serving after {restartTook.TotalSeconds:0.0} s at {restartTo} answered, " +
                $"{load.DownToRestarted?.TotalSeconds:0.0} s after the SIGKILL)");
            Assert.NotNull(load.DownToFirstServedAgain);
        });

    [Fact]
    public async Task A_silo_stopped_gracefully_under_load_fails_no_call_beyond_a_retry() =>
        await UnderLoadAsync("silostop", heldTenth: false, async (victim, load, running, total, limit) =>
        {
            Assert.True(await EventuallyAsync(() => load.Answered >= total / 3 || running.IsCompleted, limit), "a third of the settlements are answered");
            var stopping = Stopwatch.StartNew();
            await victim.TerminateAsync(limit);
            load.MarkDown(2);
            output.WriteLine($"SIGTERM at {total / 3} answered; the silo's process ended {stopping.Elapsed.TotalSeconds:0.0} s later, at {load.Answered} answered");
            await running;
        });

    /// <summary>
    /// Three silo processes on a fresh database, the set-up, and the agencies' load over all three addresses while
    /// <paramref name="disrupt"/> does something to the third silo and awaits the load; then the end checks.
    /// </summary>
    private async Task UnderLoadAsync(string label, bool heldTenth, Func<SiloProcess, SettleLoad, Task, int, CancellationToken, Task> disrupt)
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable(SettlementsVariable), CultureInfo.InvariantCulture, out var n) ? n : DefaultSettlements;
        var whole = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(170));
        var connectionString = await TestPostgres.CreateDatabaseAsync(label);
        var silos = new List<SiloProcess>();
        SettleLoad? load = null;
        try
        {
            silos.AddRange(await Task.WhenAll(Enumerable.Range(1, 3).Select(i => SiloProcess.StartAsync($"{label}-{i}", connectionString, limit.Token))));
            var started = whole.Elapsed;
            var people = await SeedAsync(silos, limit.Token);
            var seeded = whole.Elapsed;

            load = new SettleLoad(silos, people, total, heldFrom: heldTenth ? total * 9 / 10 : total);
            var running = load.RunAsync(limit.Token);
            await disrupt(silos[2], load, running, total, limit.Token);
            await running;
            var loaded = whole.Elapsed;

            var failures = string.Join(", ", load.FailedAttempts.OrderBy(f => f.Key).Select(f => $"{f.Key}×{f.Value}"));
            output.WriteLine($"{total} settlements, {Workers} workers, {People} people; silos up in {started.TotalSeconds:0.0} s, " +
                $"seeded by {seeded.TotalSeconds:0.0} s, load done by {loaded.TotalSeconds:0.0} s ({total / (loaded - seeded).TotalSeconds:0} per s)");
            output.WriteLine($"{load.Retried} requests needed a retry; failed attempts: {failures}; e.g. {string.Join(" | ", load.FailureSamples)}");

            Assert.Empty(load.FinalFailures.Where(f => f.Value is StatusCode.Internal or StatusCode.Unknown).Select(f => $"{f.Key}: {f.Value}"));
            // Not even a retried attempt says INTERNAL or UNKNOWN: the client programs' channel (HostChannel) retries only
            // UNAVAILABLE and DEADLINE_EXCEEDED, so a silo's death must read as one of those.
            Assert.DoesNotContain(load.FailedAttempts.Keys, code => code is StatusCode.Internal or StatusCode.Unknown);
            Assert.Empty(load.FinalFailures.Select(f => $"{f.Key}: {f.Value}"));
            Assert.Equal(total, load.Answers.Count);
            await AssertStoredOnceAsync(connectionString, load.Answers.Values, limit.Token);
            await AssertFundTotalsAsync(silos[0], people, load.Answers.Values, limit.Token);
            await AssertCloseBalancesAsync(silos[1], load.Answers.Values, limit.Token);
            output.WriteLine($"whole test {whole.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine(silo.LogTail);
            }
            // No worker is left waiting or retrying after the test.
            load?.Release();
            await limit.CancelAsync();
            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>Regions, a policy, a hospital and the people, as an operator, spread over the silos and concurrent.</summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(IReadOnlyList<SiloProcess> silos, CancellationToken cancellationToken)
    {
        var channels = silos.Select(s => s.OpenChannel(TestCallers.Operator)).ToList();
        try
        {
            var registries = channels.Select(c => new RegistryService.RegistryServiceClient(c)).ToList();
            var registry = registries[0];
            var today = ChinaClock.TodayOn(TimeProvider.System);
            await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "kill-region-1", RegionCode = Insured, Name = "Harbin Daoli" }, cancellationToken: cancellationToken);
            await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "kill-region-2", RegionCode = Care, Name = "Shanghai Huangpu" }, cancellationToken: cancellationToken);
            await registry.PublishPolicyAsync(new PublishPolicyRequest
            {
                RequestId = "kill-policy", RegionCode = Insured, EffectiveFrom = ChinaClock.Format(new DateOnly(today.Year - 1, 1, 1)), Policy = Policies.Standard(),
            }, cancellationToken: cancellationToken);
            await registry.RegisterHospitalAsync(new RegisterHospitalRequest
            {
                RequestId = "kill-hospital", RegionCode = Care, HospitalCode = Hospital, Name = "Hospital " + Hospital, Level = 2,
            }, cancellationToken: cancellationToken);
            var people = Enumerable.Range(1, People).Select(i => $"kill-{i:D4}").ToList();
            await Parallel.ForEachAsync(people.Index(), new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = cancellationToken }, async (person, token) =>
                await registries[person.Index % registries.Count].EnrollPersonAsync(new EnrollPersonRequest
                {
                    RequestId = $"kill-enrol-{person.Item}", PersonId = person.Item, InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active,
                }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: token));
            return people;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Every answered settlement is in the ledger once, under its own request id, and nothing else is.</summary>
    private static async Task AssertStoredOnceAsync(string connectionString, IEnumerable<Settlement> answers, CancellationToken cancellationToken)
    {
        var stored = new List<(string Id, string RequestId)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select id, request_id from clearinghouse.ledger_settlements", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        Assert.Empty(stored.GroupBy(s => s.RequestId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(stored.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(answers.Select(a => (a.SettlementId, a.RequestId)).Order(), stored.Order());
    }

    /// <summary>Each person's yearly fund total, as their grain keeps it, is the sum of their answered settlements.</summary>
    private static async Task AssertFundTotalsAsync(SiloProcess silo, IReadOnlyList<string> people, IEnumerable<Settlement> answers, CancellationToken cancellationToken)
    {
        var expected = answers.GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.Sum(a => a.FundPayFen));
        var year = ChinaClock.TodayOn(TimeProvider.System).Year;
        using var channel = silo.OpenChannel(TestCallers.Officer);
        var registry = new RegistryService.RegistryServiceClient(channel);
        var wrong = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (person, token) =>
        {
            var read = await registry.GetPersonAsync(new GetPersonRequest { PersonId = person, Year = year }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: token);
            if (read.FundPaidInYearFen != expected.GetValueOrDefault(person))
            {
                wrong.Enqueue($"{person}: {read.FundPaidInYearFen} read, {expected.GetValueOrDefault(person)} answered");
            }
        });
        Assert.Empty(wrong);
    }

    /// <summary>
    /// The period closes, on another silo than the one the fund totals were read on, into statements that are the
    /// answered settlements' sum to the fen: the insured region owes it all, the care region receives it all.
    /// </summary>
    private static async Task AssertCloseBalancesAsync(SiloProcess silo, IEnumerable<Settlement> answers, CancellationToken cancellationToken)
    {
        var period = Assert.Single(answers.Select(a => a.Period).Distinct());
        var owed = answers.Sum(a => a.FundPayFen + a.AccountPayFen);
        using var channel = silo.OpenChannel(TestCallers.Officer);
        var clearing = new ClearingService.ClearingServiceClient(channel);
        var closed = await clearing.ClosePeriodAsync(
            new ClosePeriodRequest { RequestId = "kill-close", Period = period, Force = true }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
        Assert.Equal(PeriodState.Closed, closed.State);
        var insured = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Insured }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        var care = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Care }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        Assert.Equal((-owed, owed, owed, owed), (insured.NetFen, care.NetFen, insured.PayableTotalFen, care.ReceivableTotalFen));
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return true;
    }

    /// <summary>
    /// The agencies: workers take the next request of <c>total</c>, send it to one silo's address and, after a
    /// retried status, the same request to the next address after a growing pause, at most <see cref="MaxAttempts"/>
    /// times. Each attempt's address is known, so the first answer a silo that was down serves again is seen.
    /// </summary>
    private sealed class SettleLoad(IReadOnlyList<SiloProcess> silos, IReadOnlyList<string> people, int total, int heldFrom)
    {
        private readonly ConcurrentDictionary<string, Settlement> _answers = new();
        private readonly ConcurrentDictionary<string, StatusCode> _finalFailures = new();
        private readonly ConcurrentDictionary<StatusCode, int> _failedAttempts = new();
        private readonly ConcurrentQueue<string> _failureSamples = new();
        private readonly Stopwatch _sinceDown = new();
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _next = -1;
        private int _retried;
        private int _down = -1;
        private long _restartedTicks = -1;
        private long _servedAgainTicks = -1;

        public IReadOnlyDictionary<string, Settlement> Answers => _answers;
        public IReadOnlyDictionary<string, StatusCode> FinalFailures => _finalFailures;
        public IReadOnlyDictionary<StatusCode, int> FailedAttempts => _failedAttempts;
        public IEnumerable<string> FailureSamples => _failureSamples;
        public int Answered => _answers.Count;
        public int Retried => Volatile.Read(ref _retried);
        public TimeSpan? DownToRestarted => Ticks(ref _restartedTicks);
        public TimeSpan? DownToFirstServedAgain => Ticks(ref _servedAgainTicks);

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
                var request = visits.Next($"kill-{i:D6}", people[i % people.Count], Care, Hospital, today, VisitType.Outpatient, usePersonalAccount: false, maxItems: 4);
                await SettleAsync(i, request, clients, cancellationToken);
            }
        }

        private async Task SettleAsync(int index, SettleRequest request, IReadOnlyList<SettlementService.SettlementServiceClient> clients, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var silo = (index + attempt) % clients.Count;
                var restartedBefore = Volatile.Read(ref _restartedTicks) >= 0;
                try
                {
                    _answers[request.RequestId] = await clients[silo].SettleAsync(request, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancellationToken);
                    if (restartedBefore && silo == Volatile.Read(ref _down))
                    {
                        Interlocked.CompareExchange(ref _servedAgainTicks, _sinceDown.Elapsed.Ticks, -1);
                    }
                    return;
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (_failedAttempts.AddOrUpdate(e.StatusCode, 1, (_, count) => count + 1) <= 3)
                    {
                        _failureSamples.Enqueue($"{e.StatusCode} from silo {silo + 1}: {e.Status.Detail}");
                    }
                    if (!RetriedCodes.Contains(e.StatusCode) || attempt + 1 == MaxAttempts)
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
}
