using System.Collections.Concurrent;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// A scripted month of out-of-region care: four regions with their own policies and hospitals, 50
/// people of both schemes and both categories, contributions, registrations, 500+ settlements and 30
/// reversals, sent concurrently across people and in a known order per person. Every answer, every
/// person's figures and every region's ledger must equal the reference model to the fen.
/// </summary>
public sealed class ScriptedMonthTests(ScriptedMonthTests.Fixture fixture) : IClassFixture<ScriptedMonthTests.Fixture>
{
    private const int Seed = 20_261_127;
    private const int PersonCount = 50;
    private const int ReversalCount = 30;
    private const int ListPageSize = 7;

    private const string Beijing = "110101";
    private const string Shanghai = "310101";
    private const string Guangzhou = "440103";
    private const string Hanyin = "610924";
    private static readonly string[] Regions = [Beijing, Shanghai, Guangzhou, Hanyin];

    [Fact]
    public async Task A_month_of_settlements_and_reversals_matches_the_reference_model_to_the_fen()
    {
        // The month ends on `today`, and every visit of it falls in one calendar year, so that caps and
        // yearly deductibles build up within one year whatever date the run has: on the hosts' clock
        // early in January the month is last year's December.
        var hostToday = fixture.Today;
        var today = hostToday.DayOfYear > 28 ? hostToday : new DateOnly(hostToday.Year - 1, 12, 31);
        var scenario = new Scenario(fixture, "month");
        var visits = new Visits(Seed);
        var policyV2From = today.AddDays(-10);
        await SetUpRegistryAsync(scenario, fixture, today, policyV2From);
        var persons = await SetUpPeopleAsync(scenario, today);

        // Scripts are drawn up front from one seeded generator, then run: people concurrently, each
        // person's steps in order, so the model can follow every person exactly.
        var scripts = persons.Select(p => Script(scenario, visits, p, today)).ToList();
        PlaceReversals(scripts, visits.Random);
        var answers = new ConcurrentDictionary<string, Settlement>();
        var reversals = new ConcurrentDictionary<string, Reversal>();
        var answeredInOrder = new ConcurrentDictionary<string, IReadOnlyList<string>>();
        await Task.WhenAll(scripts.Select(async script => answeredInOrder[script.Person.Id] = await RunAsync(scenario, script, answers, reversals)));

        scenario.AssertNoMismatches();
        Assert.True(answers.Count >= 500, $"only {answers.Count} settlements were sent");
        Assert.Equal(ReversalCount, reversals.Count);
        AssertTheScriptCoveredTheRules(scenario, answers.Keys, policyV2From);

        await Task.WhenAll(persons.Select(p => scenario.CheckPersonAsync(p.Id)));
        await CheckEverySettlementAsync(scenario, answers, reversals);
        scenario.AssertNoMismatches();

        await CheckLedgersAsync(scenario, answers, reversals, answeredInOrder);
    }

    private static async Task SetUpRegistryAsync(Scenario scenario, Fixture fixture, DateOnly today, DateOnly policyV2From)
    {
        var effectiveFrom = new DateOnly(today.Year - 1, 1, 1);
        await scenario.RegionAsync(Beijing, "Beijing Dongcheng");
        await scenario.RegionAsync(Shanghai, "Shanghai Huangpu");
        await scenario.RegionAsync(Guangzhou, "Guangzhou Yuexiu");
        await scenario.RegionAsync(Hanyin, "Hanyin County");

        // An ordinary region with a high cap.
        await scenario.PolicyAsync(Beijing, effectiveFrom, Policies.Standard(capFen: 30_000_000));
        // Generous: a retired, registered employee's ratio (e.g. 9500 + 1000) clamps to 10000.
        await scenario.PolicyAsync(Shanghai, effectiveFrom, Policies.Of(
            Policies.SchemeOf(Scheme.Employee, 500, 1000, 1000, 40_000_000, 2500, 15_000, [9600, 9300, 9100], [20_000, 40_000, 70_000], [9500, 9200, 9100]),
            Policies.SchemeOf(Scheme.Resident, 1000, 500, 2000, 20_000_000, 0, 8_000, [6500, 6000, 5500], [15_000, 40_000, 60_000], [8500, 7500, 6500])));
        // Small annual caps: people insured here hit them within days.
        await scenario.PolicyAsync(Guangzhou, effectiveFrom, Policies.Of(
            Policies.SchemeOf(Scheme.Employee, 1000, 500, 1000, 300_000, 3000, 20_000, [8000, 7500, 7000], [30_000, 60_000, 90_000], [9000, 8500, 8000]),
            Policies.SchemeOf(Scheme.Resident, 1500, 300, 1500, 150_000, 0, 10_000, [6000, 5500, 5000], [20_000, 50_000, 80_000], [8000, 7000, 6000])));
        // A county with a stingy resident outpatient rule (e.g. 800 − 1000 unregistered clamps to 0) and a second
        // version that took effect ten days ago: the service date picks the version. A later version may not
        // take effect in the past, so the second one is published on the day it takes effect: the hosts' clock
        // is set back to that day for the publication and then returns to the run's time.
        await scenario.PolicyAsync(Hanyin, effectiveFrom, Policies.Of(
            Policies.SchemeOf(Scheme.Employee, 2000, 800, 1000, 5_000_000, 3000, 30_000, [7000, 6500, 6000], [40_000, 80_000, 120_000], [8500, 8000, 7500]),
            Policies.SchemeOf(Scheme.Resident, 2000, 500, 1000, 2_000_000, 0, 12_000, [800, 700, 600], [30_000, 60_000, 100_000], [7500, 6500, 5500])));
        fixture.Business.MoveTo(new DateTimeOffset(policyV2From.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)));
        await scenario.PolicyAsync(Hanyin, policyV2From, Policies.Of(
            Policies.SchemeOf(Scheme.Employee, 1500, 1000, 1200, 6_000_000, 4000, 25_000, [7500, 7000, 6500], [35_000, 70_000, 110_000], [8800, 8300, 7800]),
            Policies.SchemeOf(Scheme.Resident, 1800, 600, 1000, 2_500_000, 0, 10_000, [500, 900, 400], [25_000, 55_000, 90_000], [7800, 6800, 5800])));
        fixture.Business.MoveTo(SuiteClock.Instance.GetUtcNow());

        foreach (var region in Regions)
        {
            for (var level = 1; level <= 3; level++)
            {
                await scenario.HospitalAsync(HospitalCode(region, level), region, level);
            }
        }
    }

    private static string HospitalCode(string region, int level) => $"H{region}-L{level}";

    private sealed record PersonPlan(string Id, string InsuredRegion, string? RegisteredCareRegion);

    private static async Task<IReadOnlyList<PersonPlan>> SetUpPeopleAsync(Scenario scenario, DateOnly today)
    {
        var plans = new List<PersonPlan>();
        for (var i = 0; i < PersonCount; i++)
        {
            var insured = Regions[i % 4];
            // Two of every three people file a registration for one other region (valid from two weeks ago).
            var registered = i % 3 == 0 ? null : Regions[((i % 4) + 1 + (i % 3)) % 4];
            plans.Add(new PersonPlan($"M{i:D3}", insured, registered));
        }
        var currentPeriod = ChinaClock.Period(today);
        var previousPeriod = ChinaClock.Period(today.AddMonths(-1));
        await Task.WhenAll(plans.Select(async (plan, i) =>
        {
            var scheme = (i / 4) % 2 == 0 ? Scheme.Employee : Scheme.Resident;
            var category = (i / 8) % 2 == 0 ? PersonCategory.Active : PersonCategory.Retired;
            await scenario.PersonAsync(plan.Id, plan.InsuredRegion, scheme, category);
            if (scheme == Scheme.Employee)
            {
                await scenario.ContributionAsync(plan.Id, previousPeriod, 50_000 + (i * 3_331), 10_000 + (i * 517));
                await scenario.ContributionAsync(plan.Id, currentPeriod, 60_000 + (i * 2_113), 12_000 + (i * 211));
            }
            else
            {
                await scenario.ContributionAsync(plan.Id, currentPeriod, 0, 38_000);
            }
            if (plan.RegisteredCareRegion is { } care)
            {
                await scenario.RegistrationAsync(plan.Id, care, today.AddDays(-14), today.AddDays(60));
            }
        }));
        return plans;
    }

    private sealed class PersonScript(PersonPlan person)
    {
        public PersonPlan Person { get; } = person;
        public List<SettleRequest> Visits { get; } = [];
        /// <summary>After visit k (key), reverse visit j (value, j ≤ k).</summary>
        public Dictionary<int, int> ReverseAfter { get; } = [];
    }

    private static PersonScript Script(Scenario scenario, Visits visits, PersonPlan person, DateOnly today)
    {
        var script = new PersonScript(person);
        var count = visits.Random.Next(10, 13);
        var others = Regions.Where(r => r != person.InsuredRegion).ToArray();
        for (var n = 0; n < count; n++)
        {
            var care = person.RegisteredCareRegion is { } registered && visits.Random.Next(2) == 0
                ? registered
                : others[visits.Random.Next(others.Length)];
            var hospital = HospitalCode(care, visits.Random.Next(1, 4));
            var date = today.AddDays(-visits.Random.Next(0, 28));
            script.Visits.Add(visits.Next(scenario.NextRequestId("settle"), person.Id, care, hospital, date));
        }
        return script;
    }

    private static void PlaceReversals(List<PersonScript> scripts, Random random)
    {
        foreach (var script in scripts.OrderBy(_ => random.Next()).Take(ReversalCount))
        {
            var after = random.Next(1, script.Visits.Count);
            script.ReverseAfter[after] = random.Next(0, after + 1);
        }
    }

    /// <summary>Runs one person's script; returns the person's settlement ids in the order they were answered.</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(
        Scenario scenario, PersonScript script, ConcurrentDictionary<string, Settlement> answers, ConcurrentDictionary<string, Reversal> reversals)
    {
        var settled = new List<Settlement>();
        for (var k = 0; k < script.Visits.Count; k++)
        {
            var answer = await scenario.SettleAsync(script.Visits[k]);
            settled.Add(answer);
            Assert.True(answers.TryAdd(answer.SettlementId, answer), $"settlement id {answer.SettlementId} answered twice");
            if (script.ReverseAfter.TryGetValue(k, out var j))
            {
                var reversal = await scenario.ReverseAsync(settled[j]);
                Assert.True(reversals.TryAdd(settled[j].SettlementId, reversal));
            }
        }
        return [.. settled.Select(s => s.SettlementId)];
    }

    /// <summary>The script must have exercised what it claims to: otherwise a pass proves less than it says.</summary>
    private static void AssertTheScriptCoveredTheRules(Scenario scenario, IEnumerable<string> settlementIds, DateOnly policyV2From)
    {
        var all = settlementIds.Select(scenario.Model.Settled).ToList();
        Assert.Contains(all, s => s.VisitType == VisitType.Outpatient);
        Assert.Contains(all, s => s.VisitType == VisitType.Inpatient);
        Assert.Contains(all, s => s.Registered);
        Assert.Contains(all, s => !s.Registered);
        Assert.Contains(all, s => s.AccountPayFen > 0);
        Assert.Contains(all, s => s.AccountPayFen > 0 && s.CashPayFen > 0);
        Assert.Contains(all, s => s.CapLimited && s.FundPayFen > 0);
        Assert.Contains(all, s => s.CapLimited && s.FundPayFen == 0);
        Assert.Contains(all, s => s.RatioClamped && s.RatioBp == 10_000);
        Assert.Contains(all, s => s.RatioClamped && s.RatioBp == 0);
        Assert.Contains(all, s => s.VisitType == VisitType.Outpatient && s.DeductibleFen > 0);
        Assert.Contains(all, s => s.VisitType == VisitType.Outpatient && s.DeductibleFen == 0 && s.EligibleFen > 0);
        Assert.Contains(all, s => s.InsuredRegionCode == Hanyin && s.ServiceDate < policyV2From && s.PolicyVersion == 1);
        Assert.Contains(all, s => s.InsuredRegionCode == Hanyin && s.ServiceDate >= policyV2From && s.PolicyVersion == 2);
        Assert.Contains(all, s => s.CopayBFen > 0 && s.SelfPayCFen > 0);
    }

    private static async Task CheckEverySettlementAsync(
        Scenario scenario, ConcurrentDictionary<string, Settlement> answers, ConcurrentDictionary<string, Reversal> reversals)
    {
        using var limit = new SemaphoreSlim(32);
        await Task.WhenAll(answers.Values.Select(async answer =>
        {
            await limit.WaitAsync();
            try
            {
                var stored = (await scenario.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = answer.SettlementId })).WithoutDetail();
                var expected = Scenario.AsNowStored(answer, reversals.GetValueOrDefault(answer.SettlementId));
                if (!stored.Equals(expected))
                {
                    scenario.Mismatches.Enqueue($"GetSettlement({answer.SettlementId}): expected {expected}, got {stored}");
                }
            }
            finally
            {
                limit.Release();
            }
        }));
    }

    private static async Task CheckLedgersAsync(
        Scenario scenario, ConcurrentDictionary<string, Settlement> answers, ConcurrentDictionary<string, Reversal> reversals,
        IReadOnlyDictionary<string, IReadOnlyList<string>> answeredInOrder)
    {
        var periods = answers.Values.Select(a => a.Period).Distinct().ToList();
        long careSideGross = 0, insuredSideGross = 0, careSideNet = 0, insuredSideNet = 0;
        foreach (var period in periods)
        {
            foreach (var region in Regions)
            {
                var listed = await scenario.ListAllAsync(region, period, ListPageSize);
                var expected = answers.Values
                    .Where(a => a.Period == period && (a.CareRegionCode == region || a.InsuredRegionCode == region))
                    .Select(a => Scenario.AsNowStored(a, reversals.GetValueOrDefault(a.SettlementId)))
                    .OrderBy(a => a.SettlementId, StringComparer.Ordinal)
                    .ToList();
                // Each exactly once (ListAllAsync fails on a repeat), as answered and now stored.
                Assert.Equal(expected.Select(s => s.SettlementId), listed.Select(s => s.SettlementId).Order(StringComparer.Ordinal));
                Assert.Equal(expected, listed.OrderBy(s => s.SettlementId, StringComparer.Ordinal));
                // In commit order: a person's next visit was sent only after the last one was answered, so
                // each person's settlements are listed in the order they were answered.
                foreach (var person in listed.Select(s => s.PersonId).Distinct())
                {
                    var listedOfPerson = listed.Where(s => s.PersonId == person).Select(s => s.SettlementId).ToHashSet();
                    Assert.Equal(
                        answeredInOrder[person].Where(listedOfPerson.Contains),
                        listed.Where(s => s.PersonId == person).Select(s => s.SettlementId));
                }

                foreach (var s in listed)
                {
                    var obligation = scenario.Model.Settled(s.SettlementId).ObligationFen;
                    Assert.Equal(obligation, s.FundPayFen + s.AccountPayFen);
                    var net = s.Reversed ? 0 : obligation;
                    if (s.CareRegionCode == region)
                    {
                        careSideGross += obligation;
                        careSideNet += net;
                    }
                    if (s.InsuredRegionCode == region)
                    {
                        insuredSideGross += obligation;
                        insuredSideNet += net;
                    }
                }
            }
        }

        var modelGross = answers.Keys.Sum(id => scenario.Model.Settled(id).ObligationFen);
        var modelNet = answers.Keys.Where(id => !scenario.Model.IsReversed(id)).Sum(id => scenario.Model.Settled(id).ObligationFen);
        Assert.True(modelGross > 0);
        Assert.True(modelNet < modelGross, "the reversals removed obligations");
        Assert.Equal((modelGross, modelGross), (careSideGross, insuredSideGross));
        Assert.Equal((modelNet, modelNet), (careSideNet, insuredSideNet));

        // A period with nothing in it lists nothing.
        var empty = await scenario.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Beijing, Period = "2000-01", PageSize = 5 });
        Assert.Empty(empty.Settlements);
        Assert.Equal("", empty.NextPageToken);
    }

    /// <summary>The run's clock, but one the test can set back for a moment (the publication of a past day).</summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        public ShiftedClock Business { get; } = new(SuiteClock.Instance.GetUtcNow());

        protected override TimeProvider? Clock => Business;
    }
}
