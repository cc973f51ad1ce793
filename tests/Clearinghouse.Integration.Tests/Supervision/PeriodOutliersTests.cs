using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// Outliers at a period's close, run by the processor over a real host (docs/supervision.md, "Outliers at a period's
/// close"): a planted high-frequency person and a planted high-amount hospital among clean peers are flagged once the
/// period closes, nothing else is, and a restart that reads $all again writes nothing twice. ReplayRules reports the
/// same two findings, writing nothing: before the close as not raised, after it as the flags the processor wrote.
/// </summary>
public sealed class PeriodOutliersTests(PeriodOutliersTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<PeriodOutliersTests.Fixture>
{
    private const string Insured = "560101";
    private const string FewInsured = "570101";
    private const string Care = "580101";
    private const string FrequentPerson = "out-frequent";
    private const string CostlyHospital = "OUT-H8";

    [Fact]
    public async Task Closing_the_period_flags_the_planted_person_and_hospital_and_nothing_else_and_a_restart_writes_nothing_twice()
    {
        var period = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var expected = new[]
        {
            $"outliers|hospital:{CostlyHospital}|{period}|outpatient_total_fen",
            $"outliers|person:{FrequentPerson}|{period}|outpatient_visit_count",
        };
        // Every settlement is read before the close: nothing is flagged yet, outliers included.
        await WaitForAsync(async () => (await Processor().Progress()).Settlements >= fixture.Settled.Count);
        Assert.Empty(await SupervisionFixture.ListAllAsync(fixture.Supervision, new ListFlagsRequest()));
        // The open period replayed: the outliers as of now, none of them flagged yet.
        var open = await ReplayAsync(period);
        Assert.Equal(expected, open.Findings.Select(f => f.Flag.FindingKey).Order(StringComparer.Ordinal));
        Assert.All(open.Findings, f => Assert.False(f.Raised, $"{f.Flag.FindingKey} is not flagged before the close"));
        Assert.Equal(fixture.Settled.Count, open.SettlementsRead);

        await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "out-close", Period = period });
        var flags = await fixture.FlagsAsync(f => f.Count >= expected.Length);

        Assert.Equal(expected, flags.Select(f => f.FindingKey).Order(StringComparer.Ordinal));
        var person = flags.Single(f => f.FindingKey == expected[1]);
        Assert.Equal(fixture.Settled.Values.Where(s => s.PersonId == FrequentPerson).Select(s => s.SettlementId).Order(StringComparer.Ordinal), person.SettlementIds);
        Assert.Equal((Insured, FrequentPerson, period), (person.InsuredRegionCode, person.PersonId, person.Period));
        var hospital = flags.Single(f => f.FindingKey == expected[0]);
        Assert.Equal((Care, CostlyHospital, 0), (hospital.CareRegionCode, hospital.HospitalCode, hospital.SettlementIds.Count));
        var detail = await fixture.Supervision.GetFlagAsync(new GetFlagRequest { FlagId = hospital.FlagId });
        output.WriteLine(string.Join(", ", detail.Flag.Evidence.Select(e => $"{e.Name}={(e.Text.Length > 0 ? e.Text : e.Number.ToString(CultureInfo.InvariantCulture))}")));
        Assert.Equal(8 * 30_000, detail.Flag.Evidence.Single(e => e.Name == "value").Number);

        // The closed period replayed: the same findings, as the flags the processor wrote, field for field.
        var closed = await ReplayAsync(period);
        Assert.Equal(expected, closed.Findings.Select(f => f.Flag.FindingKey).Order(StringComparer.Ordinal));
        foreach (var replayed in closed.Findings)
        {
            Assert.True(replayed.Raised, $"{replayed.Flag.FindingKey} is flagged after the close");
            AssertSameFlag(flags.Single(f => f.FlagId == replayed.Flag.FlagId), replayed.Flag);
        }
        // One insured region's replay: its people's outliers, and a hospital's only where the hospital's care region is
        // the one named (a hospital's flag is insured there too); a region of too few peers has none.
        Assert.Equal([expected[1]], (await ReplayAsync(period, Insured)).Findings.Select(f => f.Flag.FindingKey));
        Assert.Equal([expected[0]], (await ReplayAsync(period, Care)).Findings.Select(f => f.Flag.FindingKey));
        Assert.Empty((await ReplayAsync(period, FewInsured)).Findings);
        // A period never opened holds nothing: its replay reads no event.
        var never = await ReplayAsync("2099-01");
        Assert.Equal((0, 0), (never.SettlementsRead, never.Findings.Count));

        // No checkpoint was written (an hour's interval): the next host reads $all from the start, the close included,
        // finds both findings again and writes neither.
        await fixture.RestartHostAsync();
        await WaitForAsync(async () => (await Processor().Progress()).FlagsAlreadyRaised >= expected.Length);
        var after = await SupervisionFixture.ListAllAsync(fixture.Supervision, new ListFlagsRequest());
        Assert.Equal(flags.Select(f => f.FlagId).Order(StringComparer.Ordinal), after.Select(f => f.FlagId).Order(StringComparer.Ordinal));
        await SupervisionStopTests.AssertEachFindingWrittenOnceAsync(fixture, after);
        var progress = await Processor().Progress();
        output.WriteLine($"{fixture.Settled.Count} settlements in {period}; outliers flagged at its close: {string.Join("; ", expected)}; " +
            $"after the restart {progress.FlagsRaised} written, {progress.FlagsAlreadyRaised} found already raised");
        Assert.Equal(0, progress.FlagsRaised);
    }

    /// <summary>Replays the rules over the period, asserting it writes nothing: no event, ledger row, request key or flag.</summary>
    private async Task<ReplayRulesResponse> ReplayAsync(string period, string insuredRegionCode = "")
    {
        var before = (await fixture.Database.CountsAsync(), (await SupervisionFixture.ListAllAsync(fixture.Supervision, new ListFlagsRequest())).Count);
        var replay = await fixture.Supervision.ReplayRulesAsync(new ReplayRulesRequest { Period = period, InsuredRegionCode = insuredRegionCode });
        Assert.Equal(before, (await fixture.Database.CountsAsync(), (await SupervisionFixture.ListAllAsync(fixture.Supervision, new ListFlagsRequest())).Count));
        output.WriteLine($"replay of {period} {insuredRegionCode}: {replay.SettlementsRead} settlements read by the person rules; " +
            string.Join("; ", replay.Findings.Select(f => $"{f.Flag.FindingKey} {f.Flag.FlagId} raised={f.Raised}")));
        return replay;
    }

    private static void AssertSameFlag(Flag written, Flag replayed)
    {
        Assert.Equal(
            (written.FindingKey, written.RuleId, written.Severity, written.InsuredRegionCode, written.CareRegionCode, written.HospitalCode, written.PersonId, written.Period),
            (replayed.FindingKey, replayed.RuleId, replayed.Severity, replayed.InsuredRegionCode, replayed.CareRegionCode, replayed.HospitalCode, replayed.PersonId, replayed.Period));
        Assert.Equal(written.CareRegionCodes, replayed.CareRegionCodes);
        Assert.Equal(written.SettlementIds, replayed.SettlementIds);
    }

    private ISupervisionGrain Processor() =>
        fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);

    /// <summary>Polls, bounded, until the condition holds (the processor works on its own schedule).</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// One period of outpatient visits: 30 people insured in <see cref="Insured"/> with 2 visits of 3,000 fen at one of
    /// seven hospitals, and <see cref="FrequentPerson"/> with 14 cheap visits (2 at each of the seven, so no hospital
    /// stands out by count); 4 people of <see cref="FewInsured"/> (too few peers to judge) with 2 visits of 30,000 fen
    /// each at <see cref="CostlyHospital"/>, which so has as many visits as its peers at ten times their amount.
    /// Every region's policy judges groups from 5 peers.
    /// </summary>
    public sealed class Fixture : SupervisionFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "out");
            var policy = Policies.Standard();
            // Every threshold at its default (the policy reads back with each one) but the least peer group.
            policy.Supervision = new SupervisionSettings
            {
                ReadmissionWindowDays = 15, SplitWindowDays = 30, DefaultQuantityLimit = 100, OverPriceMediumBp = 1000, OverPriceHighBp = 5000,
                OutlierMadMultipleBp = 50_000, OutlierMinMadBp = 1000, OutlierMinRatioBp = 50_000, OutlierMinPeers = 5,
            };
            foreach (var region in new[] { Insured, FewInsured, Care })
            {
                await scenario.RegionAsync(region, "Region " + region);
                await scenario.PolicyAsync(region, new DateOnly(Today.Year - 1, 1, 1), policy);
            }
            var hospitals = Enumerable.Range(1, 8).Select(i => $"OUT-H{i}").ToList();
            foreach (var hospital in hospitals)
            {
                await scenario.HospitalAsync(hospital, Care, 2);
            }
            var visits = new List<(string Person, string Hospital, int DaysAgo, long UnitPriceFen)>();
            for (var i = 0; i < 30; i++)
            {
                var person = $"out-p{i:D2}";
                await scenario.PersonAsync(person, Insured, Scheme.Employee, PersonCategory.Active);
                visits.Add((person, hospitals[i % 7], 1 + i % 10, 3_000));
                visits.Add((person, hospitals[i % 7], 12 + i % 8, 3_000));
            }
            await scenario.PersonAsync(FrequentPerson, Insured, Scheme.Employee, PersonCategory.Active);
            visits.AddRange(Enumerable.Range(0, 14).Select(d => (FrequentPerson, hospitals[d % 7], 1 + d, 200L)));
            for (var i = 0; i < 4; i++)
            {
                var person = $"out-q{i}";
                await scenario.PersonAsync(person, FewInsured, Scheme.Employee, PersonCategory.Active);
                visits.Add((person, CostlyHospital, 2 + i, 30_000));
                visits.Add((person, CostlyHospital, 9 + i, 30_000));
            }
            await Parallel.ForEachAsync(visits, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (v, _) =>
                await SettleAsync(Outpatient(v.Person, (Care, v.Hospital), Today.AddDays(-v.DaysAgo), ("OUT-ITEM", 1, v.UnitPriceFen))));
        }
    }
}
