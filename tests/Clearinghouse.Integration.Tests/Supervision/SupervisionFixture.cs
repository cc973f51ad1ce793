using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// A generated month over the API with the supervision processor on: two insured regions, three care regions (the
/// third with a catalogue that limits a price), a thousand everyday people (some 3,500 visits) with outpatient visits
/// at one home hospital and a few stays, and people of their own on whom one case of each person-level pattern is
/// planted. A class that needs fewer everyday people overrides <see cref="EverydayPeople"/>.
/// The processor polls often and never checkpoints within a test (an hour's interval), so a restart makes it
/// read $all again from the start: every finding is found again and must be written nothing the second time.
/// </summary>
public class SupervisionFixture : ClearinghouseFixture
{
    public const string InsuredA = "510101";
    public const string InsuredB = "520101";
    public const string CareA = "530101";
    public const string CareB = "540101";
    public const string CareCatalogue = "550101";
    public const string HospitalA = "SUP-HA";
    public const string HospitalA2 = "SUP-HA2";
    public const string HospitalB = "SUP-HB";
    public const string HospitalC = "SUP-HC";
    public const string LimitedCode = "CAT-LIMITED";
    public const long PriceLimitFen = 1_000;

    private int _requests;

    /// <summary>Each planted case: its rule and the settlements the flag must name.</summary>
    public List<PlantedCase> Planted { get; } = [];

    /// <summary>Every settlement committed, by id (its accepted instant is the lag's start).</summary>
    public Dictionary<string, Settlement> Settled { get; } = new(StringComparer.Ordinal);

    public int EverydayVisits { get; private set; }

    public SupervisionService.SupervisionServiceClient Supervision => new(Host.Channel);

    /// <summary>Settings of the next host started beyond those above (e.g. a fault), applied last.</summary>
    public Dictionary<string, string?> ExtraSettings { get; } = new(StringComparer.Ordinal);

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clearinghouse:Supervision:Enabled"] = "true",
            ["Clearinghouse:Supervision:PollInterval"] = "00:00:00.050",
            ["Clearinghouse:Supervision:CheckpointInterval"] = "01:00:00",
        });
        builder.Configuration.AddInMemoryCollection(ExtraSettings);
    }

    protected override async Task SeedAsync()
    {
        var scenario = new Scenario(this, "sup");
        foreach (var region in new[] { InsuredA, InsuredB, CareA, CareB, CareCatalogue })
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
        }
        await scenario.HospitalAsync(HospitalA, CareA, 3);
        await scenario.HospitalAsync(HospitalA2, CareA, 2);
        await scenario.HospitalAsync(HospitalB, CareB, 3);
        await scenario.HospitalAsync(HospitalC, CareCatalogue, 3);
        await Registry.PublishAsync(CatalogueStream.Messages(
            CatalogueStream.Header("sup-catalogue", CareCatalogue, Today.AddDays(-60)),
            [CatalogueStream.Item(LimitedCode, ItemCategory.B, PriceLimitFen), CatalogueStream.Item("CAT-PLAIN", ItemCategory.A)]));

        // Everyday people: 3 to 5 outpatient visits on distinct days at their home hospital, or one stay; enrolled in
        // parallel and settled over SettleStream calls, so a month of thousands of visits takes seconds.
        var random = new Random(20261206);
        var everyday = Enumerable.Range(1, EverydayPeople).Select(i => $"sup-e{i:D4}").ToList();
        await Parallel.ForEachAsync(everyday.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, _) =>
            await Registry.EnrollPersonAsync(new EnrollPersonRequest
            {
                RequestId = "sup-enrol-" + entry.p, PersonId = entry.p, InsuredRegionCode = entry.i % 2 == 0 ? InsuredA : InsuredB,
                Scheme = Scheme.Employee, Category = PersonCategory.Active,
            }));
        var visits = new List<SettleRequest>();
        foreach (var (person, i) in everyday.Select((p, i) => (p, i)))
        {
            var hospital = i % 3 == 0 ? (CareB, HospitalB) : (CareA, HospitalA);
            if (i % 6 == 5)
            {
                visits.Add(Stay(person, hospital, Today.AddDays(-4 - i % 10), nights: 3, "J18.9"));
                continue;
            }
            var count = random.Next(3, 6);
            foreach (var day in Enumerable.Range(0, 25).OrderBy(_ => random.Next()).Take(count).OrderDescending())
            {
                visits.Add(Outpatient(person, hospital, Today.AddDays(-day), ("ITEM-A-" + (day % 7).ToString("D3", CultureInfo.InvariantCulture), 2, 3_000)));
            }
        }
        await SettleOverStreamsAsync(visits);
        EverydayVisits = Settled.Count;
        await PlantAsync(scenario, "1");
    }

    /// <summary>Everyday people of the month (3 to 5 outpatient visits or one stay each).</summary>
    protected virtual int EverydayPeople => 1_000;

    /// <summary>
    /// Settles every request over SettleStream calls, two per care region (a call acts for the care region of its
    /// requests); each must be accepted.
    /// </summary>
    private async Task SettleOverStreamsAsync(IReadOnlyList<SettleRequest> requests) =>
        await Task.WhenAll(requests.GroupBy(r => r.CareRegionCode).SelectMany(region => region.Chunk((region.Count() + 1) / 2)).Select(async mine =>
        {
            using var call = Settlements.SettleStream();
            var reading = Task.Run(async () =>
            {
                var outcomes = new List<SettleOutcome>();
                await foreach (var outcome in call.ResponseStream.ReadAllAsync())
                {
                    outcomes.Add(outcome);
                }
                return outcomes;
            });
            foreach (var request in mine)
            {
                await call.RequestStream.WriteAsync(request);
            }
            await call.RequestStream.CompleteAsync();
            var answered = await reading;
            Assert.Equal(mine.Length, answered.Count);
            foreach (var outcome in answered)
            {
                Assert.True(outcome.ResultCase == SettleOutcome.ResultOneofCase.Settlement, $"{outcome.RequestId} refused: {outcome.Status}");
                lock (Settled)
                {
                    Settled[outcome.Settlement.SettlementId] = outcome.Settlement;
                }
            }
        }));

    /// <summary>One planted case of each pattern, on people whose ids end in <paramref name="batch"/>.</summary>
    public async Task PlantAsync(Scenario scenario, string batch)
    {
        var people = new[] { "overlap", "readmit", "twoplaces", "split", "price", "twice" }.Select(p => $"sup-{p}-{batch}").ToList();
        foreach (var person in people)
        {
            await scenario.PersonAsync(person, person.Length % 2 == 0 ? InsuredA : InsuredB, Scheme.Employee, PersonCategory.Active);
        }
        // 挂床住院: an outpatient visit in another care region strictly inside a stay.
        var stay = await SettleAsync(Stay(people[0], (CareA, HospitalA), Today.AddDays(-5), nights: 5, "I21.0"));
        var visit = await SettleAsync(Outpatient(people[0], (CareB, HospitalB), Today.AddDays(-7), ("ITEM-A-100", 1, 2_000)));
        Plant("overlapping_stays", stay, visit);
        // 分解住院: readmitted 3 days after discharge with the same category (K35).
        var first = await SettleAsync(Stay(people[1], (CareA, HospitalA), Today.AddDays(-15), nights: 5, "K35.800"));
        var second = await SettleAsync(Stay(people[1], (CareA, HospitalA), Today.AddDays(-10), nights: 2, "K35.100"));
        Plant("quick_readmission", first, second);
        // 冒名就医: outpatient visits in two care regions on one day.
        var here = await SettleAsync(Outpatient(people[2], (CareA, HospitalA), Today.AddDays(-8), ("ITEM-A-101", 1, 2_500)));
        var there = await SettleAsync(Outpatient(people[2], (CareB, HospitalB), Today.AddDays(-8), ("ITEM-A-102", 1, 2_600)));
        Plant("two_places_at_once", here, there);
        // 分解处方: 3 × 40 units of one drug within 30 days, each within the limit of 100, together over it.
        var splits = new List<Settlement>();
        foreach (var day in new[] { 20, 15, 10 })
        {
            splits.Add(await SettleAsync(Outpatient(people[3], (CareA, HospitalA2), Today.AddDays(-day), ("DRUG-SPLIT", 40, 500))));
        }
        Plant("split_prescriptions", [.. splits]);
        // 超标准收费: a unit price 50% above the catalogue's limit.
        Plant("over_regulated_price", await SettleAsync(Outpatient(people[4], (CareCatalogue, HospitalC), Today.AddDays(-6), (LimitedCode, 2, PriceLimitFen * 3 / 2))));
        // 重复收费: the same visit sent again under a new request id.
        var sent = Outpatient(people[5], (CareA, HospitalA), Today.AddDays(-9), ("ITEM-A-103", 1, 4_000), ("ITEM-B-104", 2, 1_500));
        var original = await SettleAsync(sent);
        var resent = sent.Clone();
        resent.RequestId = NextRequestId();
        Plant("charged_twice", original, await SettleAsync(resent));
    }

    /// <summary>Waits, bounded, until every planted case is flagged; answers every flag listed.</summary>
    public Task<List<Flag>> AllFlaggedAsync(TimeSpan? bound = null) => FlagsAsync(flags => Planted.All(p => flags.Any(p.Matches)), bound);

    /// <summary>Waits, bounded, until the flags listed satisfy <paramref name="until"/>; answers the last listing.</summary>
    public async Task<List<Flag>> FlagsAsync(Func<List<Flag>, bool> until, TimeSpan? bound = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var flags = await ListAllAsync(Supervision, new ListFlagsRequest());
            if (until(flags) || deadline.Elapsed > (bound ?? TimeSpan.FromSeconds(60)))
            {
                return flags;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static async Task<List<Flag>> ListAllAsync(SupervisionService.SupervisionServiceClient client, ListFlagsRequest request)
    {
        var flags = new List<Flag>();
        request.PageSize = 100;
        do
        {
            var page = await client.ListFlagsAsync(request);
            flags.AddRange(page.Flags);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return flags;
    }

    private void Plant(string rule, params Settlement[] settlements) =>
        Planted.Add(new PlantedCase(rule, [.. settlements.Select(s => s.SettlementId).Order(StringComparer.Ordinal)]));

    protected async Task<Settlement> SettleAsync(SettleRequest request)
    {
        var settled = await Settlements.SettleAsync(request);
        lock (Settled)
        {
            Settled[settled.SettlementId] = settled;
        }
        return settled;
    }

    private string NextRequestId() => "sup-" + Interlocked.Increment(ref _requests).ToString("D6", CultureInfo.InvariantCulture);

    protected SettleRequest Outpatient(string person, (string Region, string Hospital) at, DateOnly date, params (string Code, int Quantity, long UnitPriceFen)[] lines)
    {
        var request = new SettleRequest
        {
            RequestId = NextRequestId(), CareRegionCode = at.Region, HospitalCode = at.Hospital, PersonId = person,
            VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(date),
        };
        request.Items.AddRange(lines.Select(l => new LineItem
        {
            Code = l.Code, Name = l.Code, Category = l.Code == "CAT-PLAIN" || l.Code.StartsWith("ITEM-A", StringComparison.Ordinal) ? ItemCategory.A : ItemCategory.B,
            Quantity = l.Quantity, UnitPriceFen = l.UnitPriceFen,
        }));
        return request;
    }

    protected SettleRequest Stay(string person, (string Region, string Hospital) at, DateOnly discharge, int nights, string diagnosis)
    {
        var request = new SettleRequest
        {
            RequestId = NextRequestId(), CareRegionCode = at.Region, HospitalCode = at.Hospital, PersonId = person,
            VisitType = VisitType.Inpatient, Visit = Stays.Ending(discharge, nights, diagnosis),
        };
        request.Items.Add(new LineItem { Code = "BED-" + nights.ToString(CultureInfo.InvariantCulture), Name = "bed", Category = ItemCategory.A, Quantity = nights, UnitPriceFen = 20_000 });
        return request;
    }
}

/// <summary>A case planted on purpose: the rule that must flag it and the settlements (sorted) the flag must name.</summary>
public sealed record PlantedCase(string RuleId, IReadOnlyList<string> SettlementIds)
{
    public bool Matches(Flag flag) => flag.RuleId == RuleId && flag.SettlementIds.SequenceEqual(SettlementIds);
}
