using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// SettleStream carries many Settle requests on one call: each is answered on its own, with what Settle
/// would have answered (or the status it would have ended with), and a refusal leaves the stream open and
/// writes nothing. Request ids are shared with Settle: a request sent on either is a retry on the other.
/// </summary>
public sealed class SettleStreamTests(SettleStreamTests.Fixture fixture) : IClassFixture<SettleStreamTests.Fixture>
{
    private const string Insured = "150102";
    private const string Care = "160103";
    private const string Hospital = "STREAM-H2";
    private const int People = 16;

    [Fact]
    public async Task Every_request_on_a_stream_gets_the_answer_Settle_gives_and_refusals_write_nothing()
    {
        var scenario = new Scenario(fixture, "flow");
        DescribeRegistry(scenario);
        var today = fixture.Today;
        var visits = new Visits(11);
        var valid = new List<SettleRequest>();
        for (var p = 0; p < People; p++)
        {
            // One visit per person: the model's figures then do not depend on the order the stream settles them in.
            var person = $"flow-p{p}";
            await scenario.PersonAsync(person, Insured, Scheme.Employee, p % 3 == 0 ? PersonCategory.Retired : PersonCategory.Active);
            await scenario.ContributionAsync(person, ChinaClock.Period(today), 60_000 + p, 15_000);
            await scenario.RegistrationAsync(person, Care, today.AddDays(-10), today.AddDays(10));
            valid.Add(visits.Next($"flow-v{p}", person, Care, Hospital, today.AddDays(-p % 5)));
        }
        // Settled before the stream: sent again on a stream, it is a retry.
        var earlierRequest = visits.Next("flow-earlier", "flow-p0", Care, Hospital, today.AddDays(-6));
        var earlier = await scenario.SettleAsync(earlierRequest);
        var expected = valid.ToDictionary(r => r.RequestId, scenario.Model.Compute);
        var before = await fixture.Database.CountsAsync();

        var unknownHospital = visits.Next("flow-bad-hospital", "flow-p1", Care, "NO-SUCH-H", today);
        var noItems = visits.Next("flow-bad-items", "flow-p2", Care, Hospital, today);
        noItems.Items.Clear();
        var reused = visits.Next(valid[3].RequestId, "flow-p4", Care, Hospital, today); // valid[3]'s id, other content
        var refused = new Dictionary<SettleRequest, StatusCode>
        {
            [unknownHospital] = StatusCode.NotFound,
            [noItems] = StatusCode.InvalidArgument,
        };
        var sent = valid.Concat(refused.Keys).ToList();

        using var call = fixture.Settlements.SettleStream();
        foreach (var request in sent)
        {
            await call.RequestStream.WriteAsync(request);
        }
        await call.RequestStream.CompleteAsync();
        var outcomes = await ReadOutcomesAsync(call);

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal(sent.Select(r => r.RequestId).Order(), outcomes.Select(o => o.RequestId).Order());
        foreach (var request in valid)
        {
            var outcome = Assert.Single(outcomes, o => o.RequestId == request.RequestId);
            Assert.Equal(SettleOutcome.ResultOneofCase.Settlement, outcome.ResultCase);
            scenario.Model.ApplySettlement(outcome.Settlement.SettlementId, expected[request.RequestId]);
            scenario.Check(request, expected[request.RequestId], outcome.Settlement);
            // Settle, sent the same request, finds it settled and gives the same answer.
            Assert.Equal(outcome.Settlement, await fixture.Settlements.SettleAsync(request.Clone()));
        }
        foreach (var (request, code) in refused)
        {
            var outcome = Assert.Single(outcomes, o => o.RequestId == request.RequestId);
            Assert.Equal(SettleOutcome.ResultOneofCase.Status, outcome.ResultCase);
            Assert.Equal((int)code, outcome.Status.Code);
            var unary = await Rpc.RefusedAsync(code, () => fixture.Settlements.SettleAsync(request.Clone()));
            Assert.Equal(unary.Status.Detail, outcome.Status.Message);
        }
        scenario.AssertNoMismatches();
        var after = await fixture.Database.CountsAsync();
        Assert.Equal(before with
        {
            Events = before.Events + valid.Count, LedgerRows = before.LedgerRows + valid.Count, RequestKeys = before.RequestKeys + valid.Count,
        }, after);

        // Retries on a second stream: the same request answers with the first answer; the same id with other
        // content is ALREADY_EXISTS, as on Settle; neither writes anything.
        using var second = fixture.Settlements.SettleStream();
        await second.RequestStream.WriteAsync(valid[5].Clone());
        await second.RequestStream.WriteAsync(reused);
        await second.RequestStream.WriteAsync(earlierRequest.Clone());
        await second.RequestStream.CompleteAsync();
        var retried = (await ReadOutcomesAsync(second)).ToDictionary(
            outcome => outcome.RequestId + (outcome.ResultCase == SettleOutcome.ResultOneofCase.Status ? "/refused" : ""));
        Assert.Equal(3, retried.Count);
        Assert.Equal(outcomes.Single(o => o.RequestId == valid[5].RequestId).Settlement, retried[valid[5].RequestId].Settlement);
        Assert.Equal((int)StatusCode.AlreadyExists, retried[reused.RequestId + "/refused"].Status.Code);
        Assert.Equal(earlier, retried["flow-earlier"].Settlement);
        Assert.Equal(after, await fixture.Database.CountsAsync());
        for (var p = 0; p < People; p++)
        {
            await scenario.CheckPersonAsync($"flow-p{p}");
        }
        scenario.AssertNoMismatches();
    }

    [Fact]
    public async Task More_requests_than_a_stream_handles_at_once_are_all_answered()
    {
        // Twice the in-flight limit: the slots must come back as answers leave, or this hangs (bounded by the
        // deadline, which then fails the test).
        const int people = 8;
        var count = 2 * Clearinghouse.Api.SettlementGrpcService.MaxInFlightPerStream + 1;
        var requests = await OutpatientVisitsAsync("many", people, count, seed: 23, maxItems: 2);
        var before = await fixture.Database.CountsAsync();

        using var call = fixture.Settlements.SettleStream(deadline: DateTime.UtcNow.AddMinutes(3));
        var reading = ReadOutcomesAsync(call);
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
        }
        await call.RequestStream.CompleteAsync();
        var outcomes = await reading;

        Assert.All(outcomes, o => Assert.Equal(SettleOutcome.ResultOneofCase.Settlement, o.ResultCase));
        Assert.Equal(requests.Select(r => r.RequestId).Order(), outcomes.Select(o => o.RequestId).Order());
        Assert.Equal(count, outcomes.Select(o => o.Settlement.SettlementId).Distinct().Count());
        var after = await fixture.Database.CountsAsync();
        Assert.Equal(before.Events + count, after.Events);
        var stored = 0L;
        for (var p = 0; p < people; p++)
        {
            stored += await fixture.Database.SettlementRecordsOfAsync($"many-p{p}");
        }
        Assert.Equal(count, stored);
    }

    [Fact]
    public async Task A_stream_the_client_cancels_with_requests_in_flight_settles_each_at_most_once_and_a_retry_finds_those_in_flight()
    {
        var requests = await OutpatientVisitsAsync("cut", people: 20, count: 200, seed: 31, maxItems: 3);
        var before = await fixture.Database.CountsAsync();

        string read;
        DateTimeOffset cancelledAt;
        using (var cancel = new CancellationTokenSource())
        using (var call = fixture.Settlements.SettleStream(cancellationToken: cancel.Token))
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
            }
            // Gone after the first answer, with the rest in flight: none of them known to the client.
            Assert.True(await call.ResponseStream.MoveNext());
            read = call.ResponseStream.Current.RequestId;
            // Cancel only once more of them than the one read are committed, so some answers are surely in
            // flight (accepted, never read) when the client goes away. Nothing outside the host signals a
            // commit, so this polls the event table, bounded.
            var committed = Stopwatch.StartNew();
            while ((await fixture.Database.CountsAsync()).Events < before.Events + 2)
            {
                Assert.True(committed.Elapsed < TimeSpan.FromSeconds(30), "no second request of the stream committed within 30 s");
                await Task.Delay(5);
            }
            cancelledAt = fixture.HostClock.GetUtcNow();
            await cancel.CancelAsync();
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext())
                {
                }
            });
            Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
        }

        // Sent again with the same request ids, each settles once: the ones that landed answer as before.
        var answers = await Task.WhenAll(requests.Select(r => fixture.Settlements.SettleAsync(r.Clone()).ResponseAsync));
        Assert.Equal(requests.Count, answers.Select(a => a.SettlementId).Distinct().Count());
        Assert.Equal(requests.Select(r => r.RequestId), answers.Select(a => a.RequestId));
        Assert.Equal(before.Events + requests.Count, (await fixture.Database.CountsAsync()).Events);
        // Requests were in flight when the client went away: accepted by the clearinghouse (on the host's
        // clock) before the cancellation, their answers never read. The retry found them settled, not anew.
        var inFlight = answers.Where(a => a.RequestId != read && DateTimeOffset.Parse(a.AcceptedAt, CultureInfo.InvariantCulture) < cancelledAt).ToList();
        Assert.True(inFlight.Count > 0, "no request was in flight at the cancellation: the test shows nothing about them");
    }

    [Fact]
    public async Task A_stream_stops_reading_requests_while_1024_are_in_flight_and_reads_the_rest_as_they_are_answered()
    {
        // A host of the test's own on this database, whose appends wait at a gate the test holds closed: no
        // request can be answered, so the in-flight limit is reached and must stop the server reading.
        var maxInFlight = Clearinghouse.Api.SettlementGrpcService.MaxInFlightPerStream;
        var count = 4 * maxInFlight;
        var requests = await OutpatientVisitsAsync("press", people: 32, count: count, seed: 47, maxItems: 30);
        var before = await fixture.Database.CountsAsync();
        var tap = new EventLogTap();
        var reads = new StreamReadCounter();
        await using var host = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder =>
        {
            tap.Attach(builder);
            reads.Attach(builder);
        });
        tap.Hold();

        using var call = host.Settlements.SettleStream(deadline: DateTime.UtcNow.AddMinutes(3));
        var reading = ReadOutcomesAsync(call);
        var written = 0;
        var writing = Task.Run(async () =>
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
                Interlocked.Increment(ref written);
            }
            await call.RequestStream.CompleteAsync();
        });

        // The server reads the limit's worth, then one more that waits for a slot, and no further: the
        // second of observation gives it every chance to read on if it would.
        await reads.ReachedAsync(maxInFlight + 1).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.Equal(maxInFlight + 1, reads.Read);
        Assert.True(tap.Waiting > 0, "no append is waiting at the gate");
        // HTTP/2 flow control then holds the client back: its writes stop short of the whole stream.
        Assert.False(writing.IsCompleted, $"the client wrote all {count} requests while the server read only {reads.Read}");
        Assert.InRange(Volatile.Read(ref written), maxInFlight, count - 1);
        Assert.Equal(before, await fixture.Database.CountsAsync());

        tap.Release();
        await writing.WaitAsync(TimeSpan.FromMinutes(2));
        var outcomes = await reading.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(count, reads.Read);
        Assert.All(outcomes, o => Assert.Equal(SettleOutcome.ResultOneofCase.Settlement, o.ResultCase));
        Assert.Equal(requests.Select(r => r.RequestId).Order(), outcomes.Select(o => o.RequestId).Order());
        Assert.Equal(before.Events + count, (await fixture.Database.CountsAsync()).Events);
    }

    /// <summary>The registry of this class's database: written once by the fixture, described to each fact's model.</summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "seed");
            await scenario.RegionAsync(Insured, "Baotou Donghe");
            await scenario.RegionAsync(Care, "Chifeng Hongshan");
            await scenario.PolicyAsync(Insured, EffectiveFrom, Policies.Standard());
            await scenario.HospitalAsync(Hospital, Care, 2);
        }
    }

    private static readonly DateOnly EffectiveFrom = new(ChinaClock.Today.Year - 1, 1, 1);

    private static void DescribeRegistry(Scenario scenario)
    {
        scenario.Model.PublishPolicy(Insured, EffectiveFrom, Policies.Standard());
        scenario.Model.RegisterHospital(Hospital, Care, 2);
    }

    /// <summary>
    /// People "{prefix}-p0".. (resident, active, no personal account, so any order of their visits settles) and
    /// count small outpatient visits today, "{prefix}-0".., given to the people in turn.
    /// </summary>
    private async Task<List<SettleRequest>> OutpatientVisitsAsync(string prefix, int people, int count, int seed, int maxItems)
    {
        var scenario = new Scenario(fixture, prefix);
        DescribeRegistry(scenario);
        for (var p = 0; p < people; p++)
        {
            await scenario.PersonAsync($"{prefix}-p{p}", Insured, Scheme.Resident, PersonCategory.Active);
        }
        var visits = new Visits(seed);
        return Enumerable.Range(0, count)
            .Select(i => visits.Next($"{prefix}-{i}", $"{prefix}-p{i % people}", Care, Hospital, ChinaClock.Today, VisitType.Outpatient, usePersonalAccount: false, maxItems: maxItems))
            .ToList();
    }

    /// <summary>Every answer of a call, until the server ends it.</summary>
    private static async Task<List<SettleOutcome>> ReadOutcomesAsync(AsyncDuplexStreamingCall<SettleRequest, SettleOutcome> call)
    {
        var outcomes = new List<SettleOutcome>();
        await foreach (var outcome in call.ResponseStream.ReadAllAsync())
        {
            outcomes.Add(outcome);
        }
        return outcomes;
    }
}
