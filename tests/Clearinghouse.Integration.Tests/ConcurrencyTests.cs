using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Hundreds of concurrent visits of ONE person: the person's grain must serialise them, so the annual
/// cap and the personal account hold exactly, and the stored order of events, replayed through the
/// reference model, reproduces every answer to the fen.
/// </summary>
public sealed class ConcurrencyTests(ConcurrencyTests.Fixture fixture) : IClassFixture<ConcurrencyTests.Fixture>
{
    /// <summary>The two regions, the policy and the care region's hospitals, written once per class.</summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        protected override Task SeedAsync() => DescribeRegistryAsync(new Scenario(this, "seed"), ChinaClock.Today, write: true);
    }

    private const string Insured = "210102";
    private const string Care = "220102";
    private const string Person = "busy-1";
    private const long AnnualCapFen = 500_000;
    private const int Visits = 200;
    private const int Reversals = 40;
    private const int VisitsAfterReversals = 50;

    [Fact]
    public async Task Two_hundred_concurrent_visits_of_one_person_never_pass_the_cap_or_the_account()
    {
        var today = ChinaClock.Today;
        var scenario = new Scenario(fixture, "busy");
        await SetUpAsync(scenario, today);
        var accountCredits = scenario.Model.AccountCreditsFen(Person);
        Assert.True(accountCredits > 0);
        var visits = new Support.Visits(4242);

        // 1. 200 visits at once.
        var requests = Enumerable.Range(0, Visits).Select(i => NextVisit(scenario, visits, today, i)).ToList();
        var answers = await Task.WhenAll(requests.Select(r => fixture.Settlements.SettleAsync(r).ResponseAsync));
        Assert.Equal(Visits, answers.Select(a => a.SettlementId).Distinct().Count());
        Assert.True(answers.Sum(a => a.FundPayFen) <= AnnualCapFen, "the accepted fund shares pass the annual cap");
        Assert.True(answers.Sum(a => a.AccountPayFen) <= accountCredits, "the accepted account shares pass the account");
        await ReplayStoredOrderAsync(scenario, requests, answers, reversedIds: new HashSet<string>());
        var person = await PersonAsync();
        Assert.Equal(answers.Sum(a => a.FundPayFen), person.FundPaidInYearFen);
        Assert.Equal(accountCredits - answers.Sum(a => a.AccountPayFen), person.AccountBalanceFen);
        Assert.Equal(answers.Where(a => a.VisitType == VisitType.Outpatient).Sum(a => a.DeductibleFen), person.OutpatientDeductibleUsedFen);
        // The visits asked for far more than the cap and the account hold: both are used up exactly.
        Assert.Equal(AnnualCapFen, person.FundPaidInYearFen);
        Assert.Equal(0, person.AccountBalanceFen);
        Assert.Contains(answers, a => a.FundPayFen == 0 && a.EligibleFen > a.DeductibleFen);

        // 2. 40 reversals at once give back exactly what those visits took.
        var reversed = answers.OrderBy(_ => visits.Random.Next()).Take(Reversals).ToList();
        var reversals = await Task.WhenAll(reversed.Select(s => fixture.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = scenario.NextRequestId("reversal"), SettlementId = s.SettlementId, CareRegionCode = Care, Reason = "load test",
        }).ResponseAsync));
        Assert.All(reversed.Zip(reversals), pair =>
            Assert.Equal((pair.First.SettlementId, pair.First.FundPayFen, pair.First.AccountPayFen), (pair.Second.SettlementId, pair.Second.FundPayFen, pair.Second.AccountPayFen)));
        var reversedIds = reversed.Select(s => s.SettlementId).ToHashSet();
        var standing = answers.Where(a => !reversedIds.Contains(a.SettlementId)).ToList();
        person = await PersonAsync();
        Assert.Equal(standing.Sum(a => a.FundPayFen), person.FundPaidInYearFen);
        Assert.Equal(accountCredits - standing.Sum(a => a.AccountPayFen), person.AccountBalanceFen);
        Assert.Equal(standing.Where(a => a.VisitType == VisitType.Outpatient).Sum(a => a.DeductibleFen), person.OutpatientDeductibleUsedFen);

        // 3. 50 more visits at once, mixed with nothing else: they use what the reversals freed, no more.
        var more = Enumerable.Range(Visits, VisitsAfterReversals).Select(i => NextVisit(scenario, visits, today, i)).ToList();
        var moreAnswers = await Task.WhenAll(more.Select(r => fixture.Settlements.SettleAsync(r).ResponseAsync));
        var allRequests = requests.Concat(more).ToList();
        var allAnswers = answers.Concat(moreAnswers).ToList();
        var replayed = await ReplayStoredOrderAsync(scenario, allRequests, allAnswers, reversedIds);
        standing = allAnswers.Where(a => !reversedIds.Contains(a.SettlementId)).ToList();
        person = await PersonAsync();
        Assert.True(person.FundPaidInYearFen <= AnnualCapFen);
        Assert.True(person.AccountBalanceFen >= 0);
        Assert.Equal(standing.Sum(a => a.FundPayFen), person.FundPaidInYearFen);
        Assert.Equal(accountCredits - standing.Sum(a => a.AccountPayFen), person.AccountBalanceFen);
        await replayed.CheckPersonAsync(Person);
        replayed.AssertNoMismatches();
    }

    [Fact]
    public async Task Ten_different_reversals_of_one_settlement_at_once_reverse_it_once()
    {
        var today = ChinaClock.Today;
        var scenario = new Scenario(fixture, "race");
        await DescribeRegistryAsync(scenario, today, write: false);
        const string racer = "race-1";
        await scenario.PersonAsync(racer, Insured, Scheme.Employee, PersonCategory.Retired);
        await scenario.ContributionAsync(racer, ChinaClock.Period(today), 40_000, 10_000);
        var settled = await scenario.SettleAsync(new Support.Visits(5).Next("race-visit", racer, Care, "BUSY-H2", today, VisitType.Inpatient, usePersonalAccount: true));
        var before = await fixture.Database.CountsAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                return (Reversal: await fixture.Settlements.ReverseAsync(new ReverseRequest
                {
                    RequestId = $"race-reversal-{i}", SettlementId = settled.SettlementId, CareRegionCode = Care, Reason = $"operator {i}",
                }), Status: Grpc.Core.StatusCode.OK);
            }
            catch (Grpc.Core.RpcException e)
            {
                return (Reversal: (Reversal?)null, Status: e.StatusCode);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Status == Grpc.Core.StatusCode.OK);
        Assert.All(outcomes.Where(o => o.Reversal != winner.Reversal), o => Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, o.Status));
        Assert.Equal((settled.FundPayFen, settled.AccountPayFen), (winner.Reversal!.FundPayFen, winner.Reversal.AccountPayFen));
        scenario.Model.ApplyReversal(settled.SettlementId);
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, await fixture.Database.CountsAsync());
        var stored = (await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = settled.SettlementId })).WithoutDetail();
        Assert.Equal((true, winner.Reversal.ReversalId), (stored.Reversed, stored.ReversalId));
        await scenario.CheckPersonAsync(racer);
        scenario.AssertNoMismatches();
    }

    private async Task<Person> PersonAsync() =>
        await fixture.Registry.GetPersonAsync(new GetPersonRequest { PersonId = Person, Year = ChinaClock.Today.Year });

    private static SettleRequest NextVisit(Scenario scenario, Support.Visits visits, DateOnly today, int index)
    {
        // All in this calendar year (the cap is yearly): from January 1 to today.
        var date = today.AddDays(-visits.Random.Next(0, Math.Min(20, today.DayOfYear)));
        var hospital = $"BUSY-H{visits.Random.Next(1, 4)}";
        return visits.Next(scenario.NextRequestId($"visit{index}"), Person, Care, hospital, date,
            usePersonalAccount: visits.Random.Next(100) < 70, maxItems: 8);
    }

    /// <summary>
    /// Reads the person's stream as stored (version order), replays it through a fresh copy of the model
    /// and compares every settlement answer with what the model gives at that point of the stream.
    /// </summary>
    private async Task<Scenario> ReplayStoredOrderAsync(
        Scenario scenario, IReadOnlyList<SettleRequest> requests, IReadOnlyList<Settlement> answers, IReadOnlySet<string> reversedIds)
    {
        var replay = new Scenario(fixture, "replay");
        await DescribeRegistryAsync(replay, ChinaClock.Today, write: false);
        var requestOf = requests.ToDictionary(r => r.RequestId);
        var answerOf = answers.ToDictionary(a => a.SettlementId);
        var stream = await fixture.Database.StreamAsync("person:" + Person);
        var settledInStream = 0;
        foreach (var stored in stream)
        {
            switch (stored.Type)
            {
                case "settlement_accepted_v2":
                    var answer = answerOf[stored.SettlementId ?? throw new InvalidOperationException("a settlement event without SettlementId")];
                    var request = requestOf[answer.RequestId];
                    var expected = replay.Model.Compute(request);
                    replay.Model.ApplySettlement(answer.SettlementId, expected);
                    replay.Check(request, expected, answer);
                    settledInStream++;
                    break;
                case "settlement_reversed_v1":
                    Assert.True(reversedIds.Contains(stored.SettlementId ?? ""), $"reversal of {stored.SettlementId}, which was not reversed");
                    replay.Model.ApplyReversal(stored.SettlementId!);
                    break;
                case "person_enrolled_v1":
                    // The set-up's contributions and registration follow the enrolment; the model takes them at once.
                    replay.Model.Enroll(Person, Insured, Scheme.Employee, PersonCategory.Active);
                    await SetUpPersonAsync(replay, ChinaClock.Today, write: false);
                    break;
                case "contribution_recorded_v2":
                case "registration_filed_v1":
                    Assert.Equal(0, settledInStream);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected event {stored.Type} in the person's stream");
            }
        }
        Assert.Equal(answers.Count, settledInStream);
        Assert.Equal(1 + 3 + 1, stream.Count(e => e.Type is "person_enrolled_v1" or "contribution_recorded_v2" or "registration_filed_v1"));
        foreach (var difference in replay.Mismatches)
        {
            scenario.Mismatches.Enqueue("replay: " + difference);
        }
        scenario.AssertNoMismatches();
        Assert.Equal(replay.Model.AccountBalanceFen(Person), (await PersonAsync()).AccountBalanceFen);
        Assert.Equal(replay.Model.FundPaidFen(Person, ChinaClock.Today.Year), (await PersonAsync()).FundPaidInYearFen);
        return replay;
    }

    private static async Task SetUpAsync(Scenario scenario, DateOnly today)
    {
        await DescribeRegistryAsync(scenario, today, write: false);
        await scenario.PersonAsync(Person, Insured, Scheme.Employee, PersonCategory.Active);
        await SetUpPersonAsync(scenario, today, write: true);
    }

    private static async Task DescribeRegistryAsync(Scenario scenario, DateOnly today, bool write)
    {
        var effectiveFrom = new DateOnly(today.Year - 1, 1, 1);
        var policy = Policies.Standard(capFen: AnnualCapFen);
        if (!write)
        {
            scenario.Model.PublishPolicy(Insured, effectiveFrom, policy);
            for (var level = 1; level <= 3; level++)
            {
                scenario.Model.RegisterHospital($"BUSY-H{level}", Care, level);
            }
            return;
        }
        await scenario.RegionAsync(Insured, "Shenyang Heping");
        await scenario.RegionAsync(Care, "Changchun Nanguan");
        await scenario.PolicyAsync(Insured, effectiveFrom, policy);
        for (var level = 1; level <= 3; level++)
        {
            await scenario.HospitalAsync($"BUSY-H{level}", Care, level);
        }
    }

    /// <summary>Contributions (account credits 30000 + 20000 + 15000) and a registration for half the year.</summary>
    private static async Task SetUpPersonAsync(Scenario scenario, DateOnly today, bool write)
    {
        var period = ChinaClock.Period(today);
        (long Employer, long Individual)[] contributions = [(100_000, 0), (0, 20_000), (50_000, 0)];
        foreach (var (employer, individual) in contributions)
        {
            if (write)
            {
                await scenario.ContributionAsync(Person, period, employer, individual);
            }
            else
            {
                scenario.Model.RecordContribution(Person, period, employer, individual);
            }
        }
        // Registered only for the last ten days: visits before are unregistered (lower ratio).
        if (write)
        {
            await scenario.RegistrationAsync(Person, Care, today.AddDays(-9), today.AddDays(100));
        }
        else
        {
            scenario.Model.FileRegistration(Person, Care, today.AddDays(-9), today.AddDays(100));
        }
    }
}
