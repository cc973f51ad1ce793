using System.Diagnostics;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;
using Xunit.Abstractions;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Clearinghouse.Integration.Tests.Outage;

/// <summary>
/// PostgreSQL crashes under load (SIGKILL to its postmaster) and comes back: while it is down calls fail
/// only UNAVAILABLE (retry) and health reads NOT_SERVING; once it is back the same host serves again, with
/// no restart, and the agencies' retries (same request ids) are answered. Nothing is lost or doubled: every
/// answered settlement is stored once, and every person's yearly fund total is the sum of their answers. The
/// unary Settle, a request on a SettleStream and a ledger read the gRPC edge makes itself all say UNAVAILABLE.
/// The server is the test's own (<see cref="ThrowAwayPostgres"/>), never the shared one.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const string Insured = "230102";
    private const string Care = "240102";
    private const string Hospital = "OUT-H2";
    private const int People = 8;
    private const int Workers = 12;

    [Fact]
    public async Task A_killed_and_restarted_database_fails_calls_only_unavailable_and_loses_or_doubles_nothing()
    {
        using var whole = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        await using var postgres = await ThrowAwayPostgres.StartAsync();
        await using var host = await RunningHost.StartAsync(postgres.ConnectionString);
        var people = await SeedAsync(host);
        using var healthChannel = host.OpenChannel(TestCertificates.Instance.ClientFor(null));
        var health = new Health.HealthClient(healthChannel);
        Assert.Equal(ServingStatus.Serving, await HealthAsync(health));

        var load = new OutageLoad(host.Settlements, people, Care, Hospital);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(Workers, stop.Token, whole.Token);
        Assert.True(await OutageLoad.EventuallyAsync(() => load.Answers.Count >= 30, TimeSpan.FromSeconds(20)), "settlements are answered before the outage");

        postgres.KillPostmaster();
        var killed = Stopwatch.StartNew();
        Assert.True(await EventuallyHealthAsync(health, ServingStatus.NotServing, TimeSpan.FromSeconds(15)), "health reads NOT_SERVING while the database is down");
        var notServingAfter = killed.Elapsed;
        Assert.True(await OutageLoad.EventuallyAsync(() => load.Failures.GetValueOrDefault(StatusCode.Unavailable) >= Workers, TimeSpan.FromSeconds(15)),
            "calls fail while the database is down");
        var answeredWhileDown = load.Answers.Count;
        // A read the gRPC edge makes itself (the ledger), not through a grain, says the same.
        var ledgerRead = await Rpc.RefusedAsync(StatusCode.Unavailable, () => host.Settlements.GetSettlementAsync(
            new GetSettlementRequest { SettlementId = load.Answers.Values.First().SettlementId }, deadline: DateTime.UtcNow.AddSeconds(30)),
            "reading a settlement while the database is down");
        Assert.Contains("the database is unreachable", ledgerRead.Status.Detail, StringComparison.Ordinal);
        // A request of a SettleStream is answered UNAVAILABLE on its own, and the stream itself ends well.
        var streamed = new Visits(7).Next("outage-stream-1", people[0], Care, Hospital, ChinaClock.Today, VisitType.Outpatient, usePersonalAccount: false, maxItems: 4);
        var outcome = await SettleOnAStreamAsync(host, streamed);
        Assert.Equal((SettleOutcome.ResultOneofCase.Status, (int)StatusCode.Unavailable), (outcome.ResultCase, outcome.Status?.Code ?? 0));
        Assert.Contains("the database is unreachable", outcome.Status!.Message, StringComparison.Ordinal);

        await postgres.RestartAsync();
        var restarted = Stopwatch.StartNew();
        Assert.True(await EventuallyHealthAsync(health, ServingStatus.Serving, TimeSpan.FromSeconds(20)), "health reads SERVING again, without a host restart");
        var servingAfter = restarted.Elapsed;
        Assert.True(await OutageLoad.EventuallyAsync(() => load.Answers.Count >= answeredWhileDown + 30, TimeSpan.FromSeconds(30)),
            "settlements are answered again after the database is back");
        // The agency sends the streamed request again, with the same request id, now that the database is back.
        await load.SettleUntilAnsweredAsync(streamed, whole.Token);
        await stop.CancelAsync();
        await running;

        var failures = string.Join(", ", load.Failures.Select(f => $"{f.Key}×{f.Value}"));
        output.WriteLine($"{load.Sent} settlements sent, {load.Answers.Count} answered ({answeredWhileDown} by the time health read NOT_SERVING and calls failed); failed attempts: {failures}; " +
            $"NOT_SERVING {notServingAfter.TotalSeconds:0.0} s after the kill, SERVING {servingAfter.TotalSeconds:0.0} s after the restart");
        Assert.True(load.Failures.Keys.All(code => code == StatusCode.Unavailable),
            $"calls failed only UNAVAILABLE: {failures}; e.g. {string.Join(" | ", load.FailureSamples)}");
        Assert.All(load.FailureSamples, sample => Assert.Contains("the database is unreachable; the call may be retried with the same request_id", sample, StringComparison.Ordinal));
        Assert.Equal(load.Sent, load.Answers.Count);
        await AssertStoredOnceAsync(postgres.ConnectionString, load.Answers.Values);
        foreach (var person in people)
        {
            var read = await host.Registry.GetPersonAsync(new GetPersonRequest { PersonId = person, Year = ChinaClock.Today.Year });
            Assert.Equal(load.Answers.Values.Where(a => a.PersonId == person).Sum(a => a.FundPayFen), read.FundPaidInYearFen);
        }
    }

    /// <summary>Every answered settlement is in the ledger once, under its own request id, and nothing else is.</summary>
    private static async Task AssertStoredOnceAsync(string connectionString, IEnumerable<Settlement> answers)
    {
        var stored = new List<(string Id, string RequestId)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select id, request_id from clearinghouse.ledger_settlements", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        Assert.Empty(stored.GroupBy(s => s.RequestId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(answers.Select(a => (a.SettlementId, a.RequestId)).Order(), stored.Order());
    }

    private static async Task<SettleOutcome> SettleOnAStreamAsync(RunningHost host, SettleRequest request)
    {
        using var call = host.Settlements.SettleStream(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream answers its request");
        var outcome = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None), "one answer for one request");
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        return outcome;
    }

    private static async Task<IReadOnlyList<string>> SeedAsync(RunningHost host)
    {
        var today = ChinaClock.Today;
        var n = 0;
        string Id(string kind) => $"outage-seed-{kind}-{++n}";
        await host.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = Id("region"), RegionCode = Insured, Name = "Harbin Daoli" });
        await host.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = Id("region"), RegionCode = Care, Name = "Shanghai Huangpu" });
        await host.Registry.PublishPolicyAsync(new PublishPolicyRequest
        {
            RequestId = Id("policy"), RegionCode = Insured, EffectiveFrom = ChinaClock.Format(new DateOnly(today.Year - 1, 1, 1)), Policy = Policies.Standard(),
        });
        await host.Registry.RegisterHospitalAsync(new RegisterHospitalRequest
        {
            RequestId = Id("hospital"), RegionCode = Care, HospitalCode = Hospital, Name = "Hospital " + Hospital, Level = 2,
        });
        var people = Enumerable.Range(1, People).Select(i => $"outage-{i}").ToList();
        foreach (var person in people)
        {
            await host.Registry.EnrollPersonAsync(new EnrollPersonRequest
            {
                RequestId = Id("enrol"), PersonId = person, InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active,
            });
        }
        return people;
    }

    private static async Task<bool> EventuallyHealthAsync(Health.HealthClient health, ServingStatus expected, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (await HealthAsync(health) != expected)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }

    private static async Task<ServingStatus> HealthAsync(Health.HealthClient health) =>
        (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Status;
}
