using Clearinghouse.Domain.Supervision;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>
/// A generated month of visits with planted cases of every pattern: every planted case is flagged, and the
/// precision per rule and the false positives on the everyday visits alone are printed (docs/supervision.md
/// quotes them for the first seed).
/// </summary>
public sealed class MonthSimulationTests(ITestOutputHelper output)
{
    private const int People = 4_000;

    [Theory]
    [InlineData(20261101)]
    [InlineData(7)]
    [InlineData(42)]
    public void Every_planted_case_is_flagged_and_precision_and_false_positives_are_printed(int seed)
    {
        var month = Month.Generate(seed, People);
        var findings = Supervisor.Evaluate(month.Visits, Month.Thresholds)
            .Concat(Outliers.Evaluate(month.Visits, Month.Period, Month.Thresholds)).ToList();
        var everyday = month.Visits.Take(month.EverydayVisits).ToList();
        var everydayFindings = Supervisor.Evaluate(everyday, Month.Thresholds)
            .Concat(Outliers.Evaluate(everyday, Month.Period, Month.Thresholds)).ToList();

        output.WriteLine($"seed {seed}: {month.Visits.Count} visits ({month.EverydayVisits} everyday, {month.Visits.Count - month.EverydayVisits} planted), {month.Planted.Count} planted cases");
        var plantedIds = month.Visits.Skip(month.EverydayVisits).Select(v => v.SettlementId).ToHashSet(StringComparer.Ordinal);
        var plantedSubjects = month.Visits.Skip(month.EverydayVisits).Select(v => $"{Outliers.PersonSubject}:{v.PersonId}")
            .Concat(month.Planted.Select(p => p.Subject).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        // A finding on a planted case of another pattern (e.g. the amount of a planted split's three visits) is
        // neither a hit nor a false alarm on everyday data: it is counted apart and left out of the precision.
        bool OnPlanted(Finding f) => f.SettlementIds.Any(plantedIds.Contains) || (f.RuleId == RuleId.Outliers && plantedSubjects.Contains(f.Key.Split('|')[1]));

        output.WriteLine($"{"rule",-22} {"planted",7} {"found",6} {"recall",7} {"findings",8} {"hits",5} {"cross",5} {"false",5} {"precision",9} | {"everyday alone: FP",18} {"per 1000 visits",15}");
        foreach (var rule in RuleId.All)
        {
            var planted = month.Planted.Where(p => p.RuleId == rule).ToList();
            var ofRule = findings.Where(f => f.RuleId == rule).ToList();
            var found = planted.Count(p => ofRule.Any(f => Matches(f, p)));
            var hits = ofRule.Count(f => planted.Any(p => Matches(f, p)));
            var cross = ofRule.Count(f => !planted.Any(p => Matches(f, p)) && OnPlanted(f));
            var falseAlarms = ofRule.Count - hits - cross;
            var everydayFalse = everydayFindings.Count(f => f.RuleId == rule);
            output.WriteLine(
                $"{rule,-22} {planted.Count,7} {found,6} {Percent(found, planted.Count),7} {ofRule.Count,8} {hits,5} {cross,5} {falseAlarms,5} {Percent(hits, hits + falseAlarms),9} | "
                + $"{everydayFalse,18} {everydayFalse * 1000.0 / everyday.Count,15:F2}");

            Assert.NotEmpty(planted);
            Assert.All(planted, p => Assert.True(ofRule.Any(f => Matches(f, p)), $"planted {p.Label} [{string.Join(",", p.SettlementIds)}] {p.Subject} not flagged"));
        }
        output.WriteLine($"everyday false positives in all: {everydayFindings.Count} findings over {everyday.Count} visits");
        foreach (var group in everydayFindings.Where(f => f.RuleId == RuleId.Outliers).GroupBy(f => $"{f["subject_kind"].Text} {f["visit_type"].Text} {f["measure"].Text}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  outliers {group.Key}: {group.Count()} (e.g. value {group.First()["value"].Number}, median {group.First()["median"].Number}, threshold {group.First()["threshold"].Number})");
        }
        foreach (var finding in everydayFindings.Take(5))
        {
            output.WriteLine($"  e.g. {finding}");
        }
    }

    [Fact]
    public void Over_the_month_visits_evaluated_as_they_arrive_find_what_the_month_evaluated_at_once_finds()
    {
        var month = Month.Generate(20261101, People);
        var byPerson = new Dictionary<string, List<SupervisedVisit>>();
        var oneByOne = new List<Finding>();
        foreach (var visit in month.Visits.Order(ArrivalOrder.Instance))
        {
            var history = byPerson.TryGetValue(visit.PersonId, out var seen) ? seen : byPerson[visit.PersonId] = [];
            oneByOne.AddRange(Supervisor.OnVisit(visit, history, Month.Thresholds));
            history.Add(visit);
        }

        var atOnce = Supervisor.Evaluate(month.Visits, Month.Thresholds);
        Assert.Equal(atOnce.ToArray(), oneByOne.OrderBy(f => f.Key, StringComparer.Ordinal).ToArray());
        output.WriteLine($"{oneByOne.Count} findings raised one by one over {month.Visits.Count} visits, each once");
    }

    private static bool Matches(Finding finding, PlantedCase planted) => planted.Subject is { } subject
        ? finding.Key.Split('|')[1] == subject
        : finding.SettlementIds.SequenceEqual(planted.SettlementIds);

    private static string Percent(int part, int whole) => whole == 0 ? "-" : $"{part * 100.0 / whole:F1}%";
}
