using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Everything acknowledged is in PostgreSQL: a new host (new silo, new grain activations) on the same
/// database reads back exactly what the old one answered, and carries on from the same figures.
/// </summary>
public sealed class DurabilityTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private static readonly string[] Regions = ["320102", "330106", "340103"];
    private const int PersonCount = 6;
    private const int VisitsPerPerson = 5;

    [Fact]
    public async Task A_new_host_on_the_same_database_reads_back_everything_the_old_one_answered()
    {
        var today = ChinaClock.Today;
        var scenario = new Scenario(fixture, "durable");
        var visits = new Visits(99);
        await SetUpAsync(scenario, today);
        var persons = Enumerable.Range(0, PersonCount).Select(i => $"D{i}").ToList();

        var requests = new List<SettleRequest>();
        var answers = new List<Settlement>();
        var reversals = new Dictionary<string, Reversal>();
        foreach (var person in persons)
        {
            var insured = scenario.Model.InsuredRegionOf(person);
            for (var n = 0; n < VisitsPerPerson; n++)
            {
                var care = Regions.Where(r => r != insured).ElementAt(n % 2);
                var request = visits.Next(scenario.NextRequestId("settle"), person, care, $"DUR-{care}-L{1 + (n % 3)}", today.AddDays(-n), maxItems: 10);
                requests.Add(request);
                answers.Add(await scenario.SettleAsync(request));
            }
            // Every person's second visit is reversed.
            var second = answers[^(VisitsPerPerson - 1)];
            reversals[second.SettlementId] = await scenario.ReverseAsync(second);
        }
        scenario.AssertNoMismatches();
        var countsBefore = await fixture.Database.CountsAsync();
        var before = await ReadEverythingAsync(scenario, persons, answers);
        Assert.Equal(answers.Count, before.Settlements.Count);
        Assert.Equal(PersonCount, before.Settlements.Count(s => s.Reversed));

        await fixture.RestartHostAsync();

        var after = await ReadEverythingAsync(scenario, persons, answers);
        Assert.Equal(before.Persons, after.Persons);
        Assert.Equal(before.Settlements, after.Settlements);
        Assert.Equal(before.Lists, after.Lists);
        Assert.Equal(before.Regions, after.Regions);
        Assert.Equal(countsBefore, await fixture.Database.CountsAsync());

        // What was read equals the model, before and after.
        foreach (var person in persons)
        {
            await scenario.CheckPersonAsync(person);
        }
        foreach (var answer in answers)
        {
            var stored = after.Settlements.Single(s => s.SettlementId == answer.SettlementId);
            Assert.Equal(Scenario.AsNowStored(answer, reversals.GetValueOrDefault(answer.SettlementId)), stored);
        }
        scenario.AssertNoMismatches();

        // The new host carries on from the stored state: retries answer as before, a reversal stays done,
        // and new visits continue each person's yearly figures and account.
        Assert.Equal(answers[0], await fixture.Settlements.SettleAsync(requests[0]));
        var reversedOne = reversals.Keys.First();
        var careOfReversed = answers.Single(a => a.SettlementId == reversedOne).CareRegionCode;
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => fixture.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = scenario.NextRequestId("reversal"), SettlementId = reversedOne, CareRegionCode = careOfReversed, Reason = "again",
        }), "reversing after the restart what was reversed before it");
        Assert.Equal(countsBefore, await fixture.Database.CountsAsync());
        foreach (var person in persons)
        {
            var insured = scenario.Model.InsuredRegionOf(person);
            var care = Regions.First(r => r != insured);
            await scenario.SettleAsync(visits.Next(scenario.NextRequestId("settle"), person, care, $"DUR-{care}-L2", today, VisitType.Outpatient, usePersonalAccount: true));
            await scenario.CheckPersonAsync(person);
        }
        scenario.AssertNoMismatches();
    }

    private sealed record Snapshot(
        IReadOnlyList<Person> Persons, IReadOnlyList<Settlement> Settlements, IReadOnlyList<Settlement> Lists, IReadOnlyList<Region> Regions);

    private async Task<Snapshot> ReadEverythingAsync(Scenario scenario, IReadOnlyList<string> persons, IReadOnlyList<Settlement> answers)
    {
        var people = new List<Person>();
        foreach (var person in persons)
        {
            foreach (var year in scenario.Model.YearsOf(person).Append(0).Order())
            {
                people.Add(await fixture.Registry.GetPersonAsync(new GetPersonRequest { PersonId = person, Year = year }));
            }
        }
        var settlements = new List<Settlement>();
        foreach (var answer in answers)
        {
            settlements.Add((await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = answer.SettlementId })).WithoutDetail());
        }
        var lists = new List<Settlement>();
        foreach (var period in answers.Select(a => a.Period).Distinct().Order())
        {
            foreach (var region in Regions)
            {
                lists.AddRange(await scenario.ListAllAsync(region, period, pageSize: 4));
            }
        }
        var regions = new List<Region>();
        foreach (var region in Regions)
        {
            regions.Add(await fixture.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = region }));
        }
        return new Snapshot(people, settlements, lists, regions);
    }

    private static async Task SetUpAsync(Scenario scenario, DateOnly today)
    {
        var effectiveFrom = new DateOnly(today.Year - 1, 1, 1);
        for (var r = 0; r < Regions.Length; r++)
        {
            await scenario.RegionAsync(Regions[r], $"Region {Regions[r]}");
            await scenario.PolicyAsync(Regions[r], effectiveFrom, Policies.Standard(capFen: r == 0 ? 400_000 : 30_000_000));
            for (var level = 1; level <= 3; level++)
            {
                await scenario.HospitalAsync($"DUR-{Regions[r]}-L{level}", Regions[r], level);
            }
        }
        // A second policy version for one region, so the policy history must survive too. A later version
        // may not take effect in the past; tomorrow stays allowed even if the run crosses midnight meanwhile.
        await scenario.PolicyAsync(Regions[1], today.AddDays(1), Policies.Standard(capFen: 25_000_000));
        for (var i = 0; i < PersonCount; i++)
        {
            var person = $"D{i}";
            var scheme = i % 2 == 0 ? Scheme.Employee : Scheme.Resident;
            await scenario.PersonAsync(person, Regions[i % Regions.Length], scheme, i % 3 == 0 ? PersonCategory.Retired : PersonCategory.Active);
            await scenario.ContributionAsync(person, ChinaClock.Period(today), scheme == Scheme.Employee ? 90_000 : 0, 25_000);
            if (i % 2 == 1)
            {
                var care = Regions[(i + 1) % Regions.Length];
                await scenario.RegistrationAsync(person, care, today.AddDays(-3), today.AddDays(90));
            }
        }
    }
}
