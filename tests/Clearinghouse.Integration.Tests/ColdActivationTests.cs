using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// A person activated cold folds its stream into the very state the warm activation built by applying each event
/// as it committed. The cold activations here come all at once, as on a province's load, so their stream reads are
/// gathered into shared queries: each person must still get exactly its own events, in order.
/// </summary>
public sealed class ColdActivationTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private static readonly string[] Regions = ["410102", "420102", "430102"];
    private const int PersonCount = 120;

    [Fact]
    public async Task A_cold_activation_holds_exactly_the_state_the_warm_one_held()
    {
        var today = ChinaClock.Today;
        var scenario = new Scenario(fixture, "cold");
        var random = new Random(2512);
        var visits = new Visits(2512);
        await SetUpRegionsAsync(scenario, today);
        var persons = Enumerable.Range(0, PersonCount).Select(i => $"C{i:D3}").ToList();
        foreach (var (person, i) in persons.Select((p, i) => (p, i)))
        {
            await ScriptAsync(scenario, visits, random, person, i, today);
        }
        scenario.AssertNoMismatches();

        var warm = await DescribeAsync(persons);
        Assert.All(warm.Values, state => Assert.Contains("version ", state));
        // A person with a registration, an assistance status, a suspension and a reversal, so the comparison covers them all.
        Assert.Contains(warm.Values, state => state.Contains("registration ", StringComparison.Ordinal)
            && state.Contains("assistance ", StringComparison.Ordinal) && state.Contains("status Active", StringComparison.Ordinal));

        await fixture.RestartHostAsync();

        // Every person at once: the new host reads their streams in gathered queries.
        var cold = await DescribeAsync(persons);
        foreach (var person in persons)
        {
            Assert.Equal(warm[person], cold[person]);
        }

        // The cold state carries on: new visits follow each person's year and account as the model does.
        foreach (var person in persons.Where((_, i) => i % 10 == 0))
        {
            var care = Regions.First(r => r != scenario.Model.InsuredRegionOf(person));
            await scenario.SettleAsync(visits.Next(scenario.NextRequestId("settle"), person, care, Hospital(care, 2), today, VisitType.Outpatient, usePersonalAccount: true));
            await scenario.CheckPersonAsync(person);
        }
        scenario.AssertNoMismatches();
    }

    private async Task<Dictionary<string, string>> DescribeAsync(IReadOnlyList<string> persons)
    {
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        var states = await Task.WhenAll(persons.Select(person => grains.GetGrain<IPersonGrain>(person).DescribeState()));
        return persons.Zip(states).ToDictionary(pair => pair.First, pair => pair.Second);
    }

    /// <summary>A few events of every kind a person's stream holds, in a mix that differs from person to person.</summary>
    private async Task ScriptAsync(Scenario scenario, Visits visits, Random random, string person, int i, DateOnly today)
    {
        var scheme = i % 3 == 0 ? Scheme.Resident : Scheme.Employee;
        var insured = Regions[i % Regions.Length];
        var care = Regions[(i + 1) % Regions.Length];
        await scenario.PersonAsync(person, insured, scheme, i % 4 == 0 ? PersonCategory.Retired : PersonCategory.Active);
        await scenario.ContributionAsync(person, ChinaClock.Period(today.AddMonths(-1)), scheme == Scheme.Employee ? 60_000 : 0, 20_000);
        await scenario.ContributionAsync(person, ChinaClock.Period(today), scheme == Scheme.Employee ? 60_000 : 0, 20_000);
        if (i % 2 == 0)
        {
            await scenario.RegistrationAsync(person, care, today.AddDays(-30), today.AddDays(60));
        }
        if (i % 5 == 0)
        {
            await fixture.Registry.SetAssistanceStatusAsync(new SetAssistanceStatusRequest
            {
                RequestId = scenario.NextRequestId("assist"), PersonId = person, Status = AssistanceStatus.MinimumLiving,
                EffectiveFrom = ChinaClock.Format(today.AddDays(-10)),
            });
        }
        var settled = new List<Settlement>();
        var visitCount = 1 + random.Next(5);
        for (var n = 0; n < visitCount; n++)
        {
            var request = visits.Next(scenario.NextRequestId("settle"), person, care, Hospital(care, 1 + random.Next(3)), today.AddDays(-random.Next(20)), maxItems: 8);
            settled.Add(await scenario.SettleAsync(request));
            if (n == 0)
            {
                // A retry: answered from the stream, adding nothing to it or to the state.
                Assert.Equal(settled[0], await fixture.Settlements.SettleAsync(request));
            }
        }
        if (i % 5 == 0)
        {
            // Suspended and reinstated: the status the state ends on is what the last event says.
            await fixture.Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = scenario.NextRequestId("suspend"), PersonId = person, Reason = "moved" });
            await fixture.Registry.ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = scenario.NextRequestId("reinstate"), PersonId = person });
        }
        if (settled.Count > 1 && random.Next(2) == 0)
        {
            await scenario.ReverseAsync(settled[random.Next(settled.Count)]);
        }
    }

    private static string Hospital(string region, int level) => $"COLD-{region}-L{level}";

    private static async Task SetUpRegionsAsync(Scenario scenario, DateOnly today)
    {
        foreach (var region in Regions)
        {
            await scenario.RegionAsync(region, $"Region {region}");
            await scenario.PolicyAsync(region, new DateOnly(today.Year - 1, 1, 1), Policies.Standard(capFen: 30_000_000));
            for (var level = 1; level <= 3; level++)
            {
                await scenario.HospitalAsync(Hospital(region, level), region, level);
            }
        }
    }
}
