using System.Collections.Immutable;
using Clearinghouse.Domain.Supervision;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>
/// CsCheck generators of people's visits. <see cref="Messy"/> draws from a small space (a few weeks, three care
/// regions, three hospitals, two diagnosis categories, four item codes, jumbled arrival, resent copies, reversals)
/// so that every rule fires often. <see cref="Clean"/> builds a person's month that by construction holds none of
/// the patterns.
/// </summary>
internal static class PersonHistories
{
    public const string OnceOnlyCode = "ADMIT";

    public static readonly SupervisionThresholds Thresholds = SupervisionThresholds.Default with
    {
        OnceOnlyCodes = ImmutableHashSet.Create(OnceOnlyCode),
        QuantityLimitsByCode = ImmutableDictionary<string, int>.Empty.Add("C", 30),
    };

    private static readonly string[] Regions = ["110000", "120000", "130000"];
    private static readonly string[] Hospitals = ["H1", "H2", "H3"];
    private static readonly string[] Diagnoses = ["K35.800", "K35.900", "J18.9"];
    private static readonly string[] Codes = ["A", "B", "C", OnceOnlyCode];
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One of the given values, each as likely.</summary>
    public static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<SupervisedLine> Line =
        from code in Pick(Codes)
        from quantity in Gen.Frequency((5, Gen.Int[1, 60]), (1, Gen.Int[90, 140]))
        from unit in Pick(100L, 250L)
        from limit in Pick(0L, 0L, 200L)
        select new SupervisedLine(code, quantity, unit, quantity * unit, limit, limit > 0 && unit > limit ? (unit - limit) * quantity : 0);

    private sealed record Draw(
        bool Stay, int Day, int Length, string Region, string Hospital, string Diagnosis, SupervisedLine[] Lines,
        int ArrivalHour, bool Reversed, int CopyOf, int Person);

    private static readonly Gen<Draw> OneDraw =
        from stay in Gen.Frequency((1, Gen.Const(true)), (3, Gen.Const(false)))
        from day in Gen.Int[1, 40]
        from length in Gen.Int[0, 6]
        from region in Pick(Regions)
        from hospital in Pick(Hospitals)
        from diagnosis in Pick(Diagnoses)
        from lines in Line.Array[0, 3]
        from hour in Gen.Int[0, 60 * 24]
        from reversed in Gen.Int[0, 9]
        from copyOf in Gen.Int[-6, 12]
        from person in Gen.Int[0, 5]
        select new Draw(stay, day, length, region, hospital, diagnosis, lines, hour, reversed == 0, copyOf, person == 0 ? 1 : 0);

    /// <summary>Up to 14 visits of (mostly) one person; a draw may be a resent copy of an earlier one, under a new id.</summary>
    public static readonly Gen<List<SupervisedVisit>> Messy = OneDraw.Array[0, 14].Select(draws =>
    {
        var visits = new List<SupervisedVisit>();
        foreach (var draw in draws)
        {
            var id = $"S{visits.Count:D2}";
            var accepted = Start.AddHours(draw.ArrivalHour / 6);
            var visit = draw.CopyOf >= 0 && draw.CopyOf < visits.Count
                ? visits[draw.CopyOf] with { SettlementId = id, AcceptedAt = accepted, Reversed = draw.Reversed }
                : Build(id, draw, accepted);
            visits.Add(visit);
        }
        return visits;
    });

    private static SupervisedVisit Build(string id, Draw draw, DateTimeOffset accepted)
    {
        var admission = Visits.Nov(draw.Day);
        var discharge = admission.AddDays(draw.Length);
        var total = draw.Lines.Sum(l => l.AmountFen);
        return new SupervisedVisit(
            id, $"P{draw.Person}", Visits.Insured, draw.Region, draw.Hospital,
            draw.Stay ? VisitType.Inpatient : VisitType.Outpatient,
            draw.Stay ? discharge : admission, draw.Stay ? admission : null, draw.Stay ? discharge : null,
            draw.Stay || draw.Length > 3 ? draw.Diagnosis : null, accepted, total, total / 2, [.. draw.Lines], draw.Reversed);
    }

    /// <summary>
    /// A person's month with none of the patterns: visits on strictly later days than the last (a stay's next
    /// visit at the earliest on its discharge day, as a transfer is); stays of different diagnosis categories; each
    /// item code used once, within its limit and price limit; the once-only code only on outpatient visits, at most
    /// once each (two outpatient visits never share a day).
    /// </summary>
    public static readonly Gen<List<SupervisedVisit>> Clean =
        from steps in Gen.Select(Gen.Int[0, 3], Gen.Int[0, 20], Gen.Int[0, 1], Pick(Regions), Gen.Int[1, 30], Gen.Bool, Gen.Int[0, 60 * 24]).Array[0, 10]
        select Timeline(steps);

    private static List<SupervisedVisit> Timeline((int Kind, int Length, int Gap, string Region, int Quantity, bool OnceOnly, int Hour)[] steps)
    {
        var visits = new List<SupervisedVisit>();
        var day = Visits.Nov(1);
        var lastWasStay = false;
        foreach (var (kind, length, gap, region, quantity, onceOnly, hour) in steps)
        {
            // After a stay the next visit may start on the discharge day (a transfer); after an outpatient visit it is a later day.
            day = day.AddDays(gap + (lastWasStay ? 0 : 1));
            var id = $"S{visits.Count:D2}";
            SupervisedLine[] lines =
            [
                new($"I{visits.Count}", quantity, 100, quantity * 100L, 100, 0),
                .. onceOnly && kind != 0 ? [new SupervisedLine(OnceOnlyCode, 1, 500, 500, 0, 0)] : Array.Empty<SupervisedLine>(),
            ];
            var stay = kind == 0;
            var discharge = stay ? day.AddDays(length) : day;
            visits.Add(new SupervisedVisit(
                id, "P0", Visits.Insured, region, $"H{visits.Count}", stay ? VisitType.Inpatient : VisitType.Outpatient, discharge,
                stay ? day : null, stay ? discharge : null, stay ? $"A{visits.Count:D2}" : null, Start.AddMinutes(hour),
                lines.Sum(l => l.AmountFen), 0, [.. lines], false));
            day = discharge;
            lastWasStay = stay;
        }
        return visits;
    }
}
