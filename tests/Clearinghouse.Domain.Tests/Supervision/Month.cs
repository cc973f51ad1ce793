using System.Collections.Immutable;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>A case the month planted: the rule that should flag it and the settlements (or the outlier subject) it is.</summary>
internal sealed record PlantedCase(string RuleId, string Label, ImmutableArray<string> SettlementIds, string? Subject = null);

/// <summary>
/// A month (November 2026) of out-of-region visits from a seeded random source: thousands of people living in care
/// regions other than their insured region, with everyday behaviour (outpatient visits, some stays, a chronic
/// medicine collected every week or two, transfers between hospitals), and fresh people carrying planted cases
/// of each pattern. The everyday part is not clean by construction: what the rules flag there is the false
/// positive rate of the defaults on plausible data.
/// </summary>
internal sealed class Month
{
    public const string Period = "2026-11";
    public static readonly string[] OnceOnlyCodes = ["ONCE1", "ONCE2", "ONCE3"];
    public static readonly SupervisionThresholds Thresholds = SupervisionThresholds.Default with { OnceOnlyCodes = [.. OnceOnlyCodes] };

    private static readonly string[] InsuredRegions = ["610924", "610102", "610302", "610402", "610502"];
    private static readonly string[] CareRegions = ["110000", "120000", "310000", "440100", "500000"];
    private const int HospitalsPerRegion = 25;
    private const int CatalogueSize = 300;

    private readonly Random _random;
    private readonly long[] _priceLimits;
    private int _settlements;

    public List<SupervisedVisit> Visits { get; } = [];
    public List<PlantedCase> Planted { get; } = [];
    public int EverydayVisits { get; private set; }

    private Month(int seed)
    {
        _random = new Random(seed);
        _priceLimits = [.. Enumerable.Range(0, CatalogueSize).Select(_ => (long)_random.Next(100, 20_000))];
    }

    public static Month Generate(int seed, int people)
    {
        var month = new Month(seed);
        for (var i = 0; i < people; i++)
        {
            month.Everyday($"P{i:D5}");
        }
        month.EverydayVisits = month.Visits.Count;
        new MonthPlants(month).PlantAll();
        return month;
    }

    public static DateOnly Day(int day) => new DateOnly(2026, 11, 1).AddDays(day - 1);

    public int Next(int from, int toExclusive) => _random.Next(from, toExclusive);

    public T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    public string InsuredRegion() => Pick(InsuredRegions);

    public string CareRegion() => Pick(CareRegions);

    public string OtherCareRegion(string region) => Pick(CareRegions.Where(r => r != region).ToArray());

    public string Hospital(string careRegion) => $"{careRegion}-H{Next(1, HospitalsPerRegion + 1):D2}";

    public string Diagnosis() => $"{(char)('A' + Next(0, 20))}{Next(0, 100):D2}.{Next(0, 10)}";

    /// <summary>A catalogue line at or below its price limit: most at the limit, as hospitals bill.</summary>
    public SupervisedLine Line(int quantity, int? code = null)
    {
        var index = code ?? Next(0, CatalogueSize);
        var limit = _priceLimits[index];
        var unit = Next(0, 10) < 8 ? limit : Next(50, (int)limit + 1);
        return new SupervisedLine($"C{index:D3}", quantity, unit, quantity * unit, limit, 0);
    }

    /// <summary>A line billed above its price limit by the given share (basis points of the limit).</summary>
    public SupervisedLine LineOverLimit(int quantity, int excessBp)
    {
        var index = Next(0, CatalogueSize);
        var limit = _priceLimits[index];
        var unit = limit + limit * excessBp / 10_000;
        return new SupervisedLine($"C{index:D3}", quantity, unit, quantity * unit, limit, (unit - limit) * quantity);
    }

    public SupervisedVisit Add(
        string person, string insured, string careRegion, string hospital, DateOnly day, IEnumerable<SupervisedLine> lines,
        (DateOnly Admission, string Diagnosis)? stay = null, int acceptedHoursLater = -1)
    {
        var billed = lines.ToImmutableArray();
        var total = billed.Sum(l => l.AmountFen);
        var hours = acceptedHoursLater >= 0 ? acceptedHoursLater : Next(0, 36);
        var visit = new SupervisedVisit(
            $"S{_settlements++:D6}", person, insured, careRegion, hospital,
            stay is null ? VisitType.Outpatient : VisitType.Inpatient, day, stay?.Admission, stay is null ? null : day,
            stay?.Diagnosis, new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddHours(hours).AddMinutes(Next(0, 60)),
            total, total * 7 / 10, billed, false);
        Visits.Add(visit);
        return visit;
    }

    /// <summary>
    /// One person's ordinary month: up to six visits on a timeline that never goes back, mostly outpatient in their
    /// home care region, sometimes elsewhere; a stay now and then (with a once-only assessment), a fifth of the stays
    /// after a stay being the next stage of the same treatment (same diagnosis category, 0 to 7 days later); a chronic
    /// medicine for some, 10 to 30 units a visit; and for 0.5% of outpatient visits a second one the same day in a
    /// neighbouring care region (a border trip). The last three are honest behaviour the rules cannot tell apart.
    /// </summary>
    private void Everyday(string person)
    {
        var insured = InsuredRegion();
        var home = CareRegion();
        var hospitals = new[] { Hospital(home), Hospital(home) };
        int[] visitCounts = [0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6];
        var visits = Pick(visitCounts);
        int? chronic = Next(0, 100) < 15 ? Next(0, CatalogueSize) : null;
        var day = Next(1, 10);
        string? lastDiagnosis = null;
        for (var i = 0; i < visits && day <= 30; i++)
        {
            var region = Next(0, 100) < 8 ? OtherCareRegion(home) : home;
            var hospital = region == home ? Pick(hospitals) : Hospital(region);
            if (Next(0, 100) < 8)
            {
                var discharge = Day(day).AddDays(Next(1, 12));
                List<SupervisedLine> lines = [.. Enumerable.Range(0, Next(3, 10)).Select(_ => Line(Next(1, 20))), new(Pick(OnceOnlyCodes), 1, 3_000, 3_000, 0, 0)];
                var diagnosis = lastDiagnosis is not null && Next(0, 100) < 20 ? $"{lastDiagnosis[..3]}.{Next(0, 10)}" : Diagnosis();
                Add(person, insured, region, hospital, discharge, lines, (Day(day), diagnosis));
                lastDiagnosis = diagnosis;
                day = discharge.Day + (discharge.Month == 11 ? Next(0, 8) : 31);
            }
            else
            {
                List<SupervisedLine> lines = [.. Enumerable.Range(0, Next(1, 4)).Select(_ => Line(Next(1, 10)))];
                if (chronic is { } code)
                {
                    lines.Add(Line(Next(10, 31), code));
                }
                Add(person, insured, region, hospital, Day(day), lines);
                if (Next(0, 1000) < 5)
                {
                    var neighbour = OtherCareRegion(region);
                    Add(person, insured, neighbour, Hospital(neighbour), Day(day), [Line(Next(1, 5))]);
                }
                lastDiagnosis = null;
                day += Next(1, 12);
            }
        }
    }
}
