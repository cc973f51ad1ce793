using System.Collections.Immutable;
using System.Globalization;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.LoadGen.Settle;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// The load generator's visits are clean data for fund supervision's person rules (with the default thresholds), so
/// the benchmark with the processor on measures the rules, not a flag for every other settlement; its planted resends
/// are still each found. Pure: the requests are built and judged in memory.
/// </summary>
public sealed class CleanLoadTests
{
    private const int People = 300;
    private const int VisitsEach = 50;

    [Fact]
    public void The_load_generators_visits_raise_no_finding()
    {
        var world = new World("clean", regions: 12, People);
        // A run's warm-up and measured phase each have their requests, on the run's one world.
        var warmUp = new SettleRequests(world, PeopleOrder.Random, itemsMax: 30, "w-");
        var measured = new SettleRequests(world, PeopleOrder.Random, itemsMax: 30, "s-");
        var visits = Enumerable.Range(0, People * VisitsEach)
            .Select(i => Supervised(world, (i < People * VisitsEach / 4 ? warmUp : measured).Next(), i))
            .ToList();

        var findings = Supervisor.Evaluate(visits, SupervisionThresholds.Default);

        Assert.True(findings.IsEmpty, $"{findings.Length} findings, the first: {string.Join("; ", findings.Take(3).Select(f => f.Key))}");
        Assert.Equal(People * VisitsEach, visits.Select(v => v.SettlementId).Distinct().Count());
        // Not all on one day nor all outpatient: the calendar spreads them and the stays are there to be judged.
        Assert.True(visits.Select(v => v.ServiceDate).Distinct().Count() > 50);
        Assert.Contains(visits, v => v.IsStay && v.Admission < v.Discharge);
    }

    [Fact]
    public void The_planted_resends_are_each_found_as_charged_twice()
    {
        var world = new World("planted", regions: 12, People);
        var requests = new SettleRequests(world, PeopleOrder.Cycle, itemsMax: 30, "s-", plantFlags: true);
        var sent = Enumerable.Range(0, People * VisitsEach).Select(_ => requests.Next()).ToList();
        var visits = sent.Select((r, i) => Supervised(world, r, i)).ToList();
        var resent = sent.GroupBy(r => (r.PersonId, r.ServiceDate, r.HospitalCode, Lines: string.Join(",", r.Items.Select(l => $"{l.Code}x{l.Quantity}:{l.AmountFen}"))))
            .Where(g => g.Count() > 1)
            .Select(g => g.Select(r => r.RequestId).ToHashSet())
            .ToList();

        var findings = Supervisor.Evaluate(visits, SupervisionThresholds.Default).Where(f => f.RuleId == RuleId.ChargedTwice).ToList();

        Assert.NotEmpty(resent);
        Assert.All(resent, group => Assert.Contains(findings, f => f.SettlementIds.All(group.Contains)));
        Assert.All(findings, f => Assert.Contains(resent, group => f.SettlementIds.All(group.Contains)));
    }

    /// <summary>The visit as the processor would read it once settled: lines as sent, without catalogue prices.</summary>
    private static SupervisedVisit Supervised(World world, SettleRequest request, int arrival)
    {
        var person = int.Parse(request.PersonId[(request.PersonId.LastIndexOf('p') + 1)..], CultureInfo.InvariantCulture);
        var stay = request.VisitType == VisitType.Inpatient;
        var lines = request.Items.Select(l => new SupervisedLine(l.Code, l.Quantity, 0, l.AmountFen, 0, 0)).ToImmutableArray();
        return new SupervisedVisit(
            request.RequestId, request.PersonId, world.Regions[world.InsuredRegion(person)].Code, request.CareRegionCode, request.HospitalCode,
            stay ? Domain.VisitType.Inpatient : Domain.VisitType.Outpatient, Date(request.ServiceDate),
            stay ? Date(request.Visit.AdmissionDate) : null, stay ? Date(request.Visit.DischargeDate) : null, stay ? request.Visit.DiagnosisCode : null,
            DateTimeOffset.UnixEpoch.AddSeconds(arrival), lines.Sum(l => l.AmountFen), 0, lines, Reversed: false);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
