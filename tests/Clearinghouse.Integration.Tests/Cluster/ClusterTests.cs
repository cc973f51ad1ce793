using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// Three silos of one cluster on one database (<see cref="ClusterFixture"/>): they see each other as
/// members, one person's grain is one activation whichever silo a visit arrives at, a close run on one silo
/// reaches the watch streams and open-period caches of the others, and a close asked of two silos at once
/// happens once.
/// </summary>
public sealed class ClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_silos_are_active_members_and_each_sees_all_three()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var ports = fixture.Silos.Select(SiloPortOf).Order().ToList();
        Assert.Equal(ClusterFixture.SiloCount, ports.Distinct().Count());

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(timeout.Token);
        await using var command = new NpgsqlCommand(
            "select port from orleansmembershiptable where deploymentid = $1 and status = 3 order by port", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ClusterFixture.ClusterId });
        var active = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(timeout.Token))
        {
            while (await reader.ReadAsync(timeout.Token))
            {
                active.Add(reader.GetInt32(0));
            }
        }
        Assert.Equal(ports, active);

        // Each silo's own view of the membership lists all three as active (views converge shortly after a join).
        foreach (var silo in fixture.Silos)
        {
            var management = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            var seen = await PollAsync(
                async () => (await management.GetHosts(onlyActive: true)).Keys.Select(s => s.Endpoint.Port).Order().ToList(),
                hosts => hosts.SequenceEqual(ports), timeout.Token);
            Assert.Equal(ports, seen);
        }
    }

    [Fact]
    public async Task Two_hundred_visits_of_one_person_spread_over_three_silos_never_pass_the_cap_or_the_account()
    {
        const string insured = "310101", care = "320102", person = "cluster-busy";
        const long capFen = 400_000;
        const int visitCount = 200;
        var today = fixture.Today;
        var scenario = new Scenario(fixture, "cluster-busy");
        await RegistryAsync(scenario, insured, care, today, capFen);
        await scenario.PersonAsync(person, insured, Scheme.Employee, PersonCategory.Active);
        await scenario.ContributionAsync(person, ChinaClock.Period(today), 100_000, 20_000);
        var accountCredits = scenario.Model.AccountCreditsFen(person);
        var visits = new Visits(2718);
        var requests = Enumerable.Range(0, visitCount)
            .Select(i => visits.Next(scenario.NextRequestId("visit"), person, care, $"H{care}", today, usePersonalAccount: true, maxItems: 8))
            .ToList();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Visit i goes to silo i mod 3: the person's one activation serves all three silos' calls.
        var answers = await Task.WhenAll(requests.Select((request, i) =>
            fixture.Silo(1 + i % ClusterFixture.SiloCount).Settlements.SettleAsync(request, cancellationToken: timeout.Token).ResponseAsync));

        Assert.Equal(visitCount, answers.Select(a => a.SettlementId).Distinct().Count());
        var fundPaid = answers.Sum(a => a.FundPayFen);
        var accountPaid = answers.Sum(a => a.AccountPayFen);
        // The visits ask for far more than the cap and the account hold: both are used up exactly, never passed.
        Assert.Equal(capFen, fundPaid);
        Assert.Equal(accountCredits, accountPaid);
        Assert.Contains(answers, a => a.FundPayFen == 0 && a.EligibleFen > a.DeductibleFen);
        Assert.All(answers, a => Assert.Equal(a.TotalFen, a.FundPayFen + a.AccountPayFen + a.CashPayFen));
        foreach (var silo in fixture.Silos)
        {
            var stored = await silo.Registry.GetPersonAsync(new GetPersonRequest { PersonId = person, Year = today.Year }, cancellationToken: timeout.Token);
            Assert.Equal((fundPaid, accountCredits - accountPaid), (stored.FundPaidInYearFen, stored.AccountBalanceFen));
        }
        // One writer: the stream holds each visit once, at consecutive versions.
        var stream = await fixture.Database.StreamAsync("person:" + person);
        Assert.Equal(Enumerable.Range(1, stream.Count).Select(v => (long)v), stream.Select(e => e.Version));
        Assert.Equal(visitCount, stream.Count(e => e.Type == "settlement_accepted_v2"));
    }

    [Fact]
    public async Task A_close_run_on_silo_1_reaches_a_watch_on_silo_3_and_every_silos_open_period()
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var watch = fixture.Silo(3).Clearing.WatchPeriods(new WatchPeriodsRequest(), cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var open = watch.ResponseStream.Current;
        Assert.Equal(PeriodState.Open, open.State);

        var closed = await fixture.Silo(1).Clearing.ClosePeriodAsync(
            new ClosePeriodRequest { RequestId = "cluster-watch-close-" + open.Period, Period = open.Period }, cancellationToken: timeout.Token);

        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var notice = watch.ResponseStream.Current;
        Assert.Equal((open.Period, PeriodState.Closed, closed.NextPeriod), (notice.Period, notice.State, notice.NextPeriod));
        // Every silo's open-period cache heard the cut-off (no settlement went through a fence refusal to move it).
        foreach (var silo in fixture.Silos)
        {
            var cache = silo.Services.GetRequiredService<OpenPeriodCache>();
            Assert.Equal(closed.NextPeriod, await PollAsync(async () => await cache.CurrentAsync(), p => p == closed.NextPeriod, timeout.Token));
        }
    }

    [Fact]
    public async Task Two_silos_asked_to_close_the_same_period_at_once_close_it_once()
    {
        const string insured = "330101", care = "340102";
        var today = fixture.Today;
        var scenario = new Scenario(fixture, "cluster-twice");
        await RegistryAsync(scenario, insured, care, today, 30_000_000);
        await scenario.PersonAsync("cluster-twice", insured, Scheme.Employee, PersonCategory.Retired);
        var visits = new Visits(31);
        var settled = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            fixture.Silo(1 + i % ClusterFixture.SiloCount).Settlements.SettleAsync(
                visits.Next(scenario.NextRequestId("visit"), "cluster-twice", care, $"H{care}", today, usePersonalAccount: false)).ResponseAsync));
        var period = Assert.Single(settled.Select(s => s.Period).Distinct());

        using var timeout = new CancellationTokenSource(Bound);
        // Both closes wait for one signal, so they leave for their silos at the same instant.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closes = new[] { 1, 2 }.Select(async index =>
        {
            await go.Task;
            try
            {
                var summary = await fixture.Silo(index).Clearing.ClosePeriodAsync(
                    new ClosePeriodRequest { RequestId = $"cluster-twice-{index}", Period = period }, cancellationToken: timeout.Token);
                return (Status: StatusCode.OK, Summary: (PeriodSummary?)summary);
            }
            catch (RpcException e)
            {
                return (Status: e.StatusCode, Summary: (PeriodSummary?)null);
            }
        }).ToList();
        go.SetResult();
        var outcomes = await Task.WhenAll(closes);

        // Both are answered with the one close (a duplicate activation would lose its append: ABORTED).
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { StatusCode.OK, StatusCode.Aborted }));
        var answered = outcomes.Where(o => o.Status == StatusCode.OK).Select(o => o.Summary!).ToList();
        Assert.NotEmpty(answered);
        Assert.All(answered, s => Assert.Equal((PeriodState.Closed, answered[0].NextPeriod, answered[0].GrossTotalFen), (s.State, s.NextPeriod, s.GrossTotalFen)));

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(timeout.Token);
        Assert.Equal(1L, await ScalarAsync(connection,
            "select count(*) from clearinghouse.mt_events where stream_id = 'clearing' and type = 'period_closed_v1' and data ->> 'Period' = $1", period));
        Assert.Equal(1L, await ScalarAsync(connection,
            "select count(*) from clearinghouse.mt_events where stream_id = 'clearing' and type = 'period_cut_off_v1' and data ->> 'Period' = $1", period));
        // One statement stream per region, each holding one event.
        var statements = await ScalarAsync(connection,
            "select count(*) from clearinghouse.mt_events where stream_id like 'statement:' || $1 || ':%'", period);
        var statementStreams = await ScalarAsync(connection,
            "select count(distinct stream_id) from clearinghouse.mt_events where stream_id like 'statement:' || $1 || ':%'", period);
        Assert.True(statements >= 2, $"{statements} statements for {period}");
        Assert.Equal(statementStreams, statements);
        // Exactly the statements the one close names.
        Assert.Equal(statements, await ScalarAsync(connection,
            "select jsonb_array_length(data -> 'StatementRegionCodes')::bigint from clearinghouse.mt_events where stream_id = 'clearing' and type = 'period_closed_v1' and data ->> 'Period' = $1", period));
    }

    [Fact]
    public async Task A_stale_clearing_activation_loses_its_append_answers_aborted_and_writes_nothing()
    {
        const string region = "350101";
        using var timeout = new CancellationTokenSource(Bound);
        var scenario = new Scenario(fixture, "cluster-stale");
        await scenario.RegionAsync(region, "Region " + region);
        var first = await fixture.Silo(1).Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "stale-1", RegionCode = region, AmountFen = 1_000, BankReference = "BANK-1" }, cancellationToken: timeout.Token);

        // Another writer (what a second activation of the clearing grain would be) appends to the region's
        // prepayment account behind the active one's back: the active activation's state is now one event behind.
        var account = StreamKeys.Prepayment(region);
        var before = await fixture.Database.StreamAsync(account);
        var foreign = new PrepaymentDeposited(
            new RequestStamp(region, "stale-foreign", "", DateTimeOffset.UtcNow), region, 500, first.BalanceFen + 500, "BANK-FOREIGN");
        await fixture.Silo(2).Services.GetRequiredService<IEventLog>().AppendAsync(new StreamAppend(account, before.Count, [foreign]), timeout.Token);

        var request = new DepositPrepaymentRequest { RequestId = "stale-2", RegionCode = region, AmountFen = 2_000, BankReference = "BANK-2" };
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Silo(3).Clearing.DepositPrepaymentAsync(request, cancellationToken: timeout.Token));
        Assert.Equal(StatusCode.Aborted, refused.StatusCode);
        var after = await fixture.Database.StreamAsync(account);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal("prepayment_deposited_v1", after[^1].Type);

        // The stale activation is gone: the retry is decided on the stream as stored, the foreign deposit included.
        var retried = await fixture.Silo(3).Clearing.DepositPrepaymentAsync(request, cancellationToken: timeout.Token);
        Assert.Equal(first.BalanceFen + 500 + 2_000, retried.BalanceFen);
        Assert.Equal(before.Count + 2, (await fixture.Database.StreamAsync(account)).Count);
    }

    [Fact]
    public async Task A_catch_up_brings_a_stale_clearing_activation_up_to_date()
    {
        const string region = "360101";
        using var timeout = new CancellationTokenSource(Bound);
        var scenario = new Scenario(fixture, "cluster-catch-up");
        await scenario.RegionAsync(region, "Region " + region);
        var first = await fixture.Silo(1).Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "catch-up-1", RegionCode = region, AmountFen = 1_000, BankReference = "BANK-1" }, cancellationToken: timeout.Token);
        var before = await fixture.Database.StreamAsync(StreamKeys.Prepayment(region));
        var foreign = new PrepaymentDeposited(
            new RequestStamp(region, "catch-up-foreign", "", DateTimeOffset.UtcNow), region, 700, first.BalanceFen + 700, "BANK-FOREIGN");
        await fixture.Silo(2).Services.GetRequiredService<IEventLog>().AppendAsync(new StreamAppend(StreamKeys.Prepayment(region), before.Count, [foreign]), timeout.Token);
        var balance = new GetPrepaymentBalanceRequest { RegionCode = region };
        Assert.Equal(first.BalanceFen, (await fixture.Silo(3).Clearing.GetPrepaymentBalanceAsync(balance, cancellationToken: timeout.Token)).BalanceFen);

        // What a silo's watch does after its listener reconnects: the activation reads its stream again.
        var clearing = fixture.Silo(3).Services.GetRequiredService<IGrainFactory>().GetGrain<Clearinghouse.Grains.Abstractions.IClearingGrain>(Clearinghouse.Grains.Abstractions.IClearingGrain.Key);
        await clearing.ClosedAfterInTurn("", "");
        Assert.Equal(first.BalanceFen + 700, (await fixture.Silo(3).Clearing.GetPrepaymentBalanceAsync(balance, cancellationToken: timeout.Token)).BalanceFen);
    }

    private static async Task RegistryAsync(Scenario scenario, string insured, string care, DateOnly today, long capFen)
    {
        await scenario.RegionAsync(insured, "Region " + insured);
        await scenario.RegionAsync(care, "Region " + care);
        await scenario.PolicyAsync(insured, new DateOnly(today.Year - 1, 1, 1), Policies.Standard(capFen: capFen));
        await scenario.HospitalAsync($"H{care}", care, 2);
    }

    private static int SiloPortOf(RunningHost host) => host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Port;

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, string value)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Reads until the value satisfies the condition or the token ends; returns the last value read.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = await read();
            if (done(value) || cancellationToken.IsCancellationRequested)
            {
                return value;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}
