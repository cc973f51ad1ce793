using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>
/// The planted cases of a <see cref="Month"/>, each on people of its own so that what flags them is known: 30 of
/// each person pattern in its variants, and outliers (people with many visits, people with one very costly stay,
/// hospitals with about six times their peers' visits).
/// </summary>
internal sealed class MonthPlants(Month month)
{
    private const int CasesPerRule = 30;
    private int _people;

    public void PlantAll()
    {
        for (var i = 0; i < CasesPerRule; i++)
        {
            OverlappingStays(i);
            QuickReadmission(i);
            TwoPlacesAtOnce();
            SplitPrescriptions();
            OverRegulatedPrice();
            ChargedTwice(i);
        }
        for (var i = 0; i < 10; i++)
        {
            FrequentPerson();
            CostlyStay();
        }
        for (var i = 0; i < 3; i++)
        {
            BusyHospital(i);
        }
    }

    private (string Person, string Insured, string Region, string Hospital) Someone()
    {
        var region = month.CareRegion();
        return ($"PLANT{_people++:D4}", month.InsuredRegion(), region, month.Hospital(region));
    }

    private void Plant(string ruleId, string label, params SupervisedVisit[] visits) =>
        month.Planted.Add(new PlantedCase(ruleId, label, [.. visits.Select(v => v.SettlementId).Order(StringComparer.Ordinal)]));

    private List<SupervisedLine> Lines(int count) => [.. Enumerable.Range(0, count).Select(_ => month.Line(month.Next(1, 5)))];

    private void OverlappingStays(int i)
    {
        var (person, insured, region, hospital) = Someone();
        var admission = month.Next(1, 15);
        var first = month.Add(person, insured, region, hospital, Month.Day(admission + 10), Lines(5), (Month.Day(admission), month.Diagnosis()));
        var elsewhere = i % 2 == 0 ? month.OtherCareRegion(region) : region;
        var second = i % 3 == 0
            ? month.Add(person, insured, elsewhere, month.Hospital(elsewhere), Month.Day(admission + month.Next(1, 10)), Lines(2))
            : month.Add(person, insured, elsewhere, month.Hospital(elsewhere), Month.Day(admission + 12), Lines(4), (Month.Day(admission + month.Next(1, 9)), month.Diagnosis()));
        Plant(RuleId.OverlappingStays, i % 3 == 0 ? "outpatient inside a stay" : "two stays", first, second);
    }

    private void QuickReadmission(int i)
    {
        var (person, insured, region, hospital) = Someone();
        var category = month.Diagnosis()[..3];
        var discharge = month.Next(3, 12);
        var first = month.Add(person, insured, region, hospital, Month.Day(discharge), Lines(5), (Month.Day(discharge - 2), $"{category}.1"));
        var readmission = discharge + i % 16;
        var second = month.Add(person, insured, region, i % 4 == 0 ? month.Hospital(region) : hospital, Month.Day(readmission + 3), Lines(5), (Month.Day(readmission), $"{category}.2"));
        Plant(RuleId.QuickReadmission, $"gap {i % 16}", first, second);
    }

    private void TwoPlacesAtOnce()
    {
        var (person, insured, region, hospital) = Someone();
        var day = Month.Day(month.Next(1, 31));
        var other = month.OtherCareRegion(region);
        Plant(RuleId.TwoPlacesAtOnce, "two regions one day",
            month.Add(person, insured, region, hospital, day, Lines(2)),
            month.Add(person, insured, other, month.Hospital(other), day, Lines(2)));
    }

    private void SplitPrescriptions()
    {
        var (person, insured, region, hospital) = Someone();
        var code = month.Next(0, 300);
        var day = month.Next(1, 8);
        var visits = Enumerable.Range(0, 3).Select(k => month.Add(
            person, insured, region, hospital, Month.Day(day + 10 * k), [month.Line(month.Next(35, 46), code), .. Lines(1)], acceptedHoursLater: 2)).ToArray();
        Plant(RuleId.SplitPrescriptions, "three visits of 35-45", visits);
    }

    private void OverRegulatedPrice()
    {
        var (person, insured, region, hospital) = Someone();
        Plant(RuleId.OverRegulatedPrice, "one line over its limit",
            month.Add(person, insured, region, hospital, Month.Day(month.Next(1, 31)), [month.LineOverLimit(month.Next(1, 5), month.Next(100, 30_000)), .. Lines(2)]));
    }

    private void ChargedTwice(int i)
    {
        var (person, insured, region, hospital) = Someone();
        var day = Month.Day(month.Next(1, 20));
        if (i % 2 == 0)
        {
            var lines = Lines(3);
            Plant(RuleId.ChargedTwice, "resent", month.Add(person, insured, region, hospital, day, lines), month.Add(person, insured, region, hospital, day, lines));
            return;
        }
        var once = new SupervisedLine(month.Pick(Month.OnceOnlyCodes), 1, 3_000, 3_000, 0, 0);
        Plant(RuleId.ChargedTwice, "once-only twice in a stay",
            month.Add(person, insured, region, hospital, day.AddDays(6), [.. Lines(4), once, once], (day, month.Diagnosis())));
    }

    private void FrequentPerson()
    {
        var (person, insured, region, hospital) = Someone();
        for (var day = 1; day <= 30; day += month.Next(1, 3))
        {
            month.Add(person, insured, region, hospital, Month.Day(day), Lines(2));
        }
        month.Planted.Add(new PlantedCase(RuleId.Outliers, "many visits", [], $"{Outliers.PersonSubject}:{person}"));
    }

    private void CostlyStay()
    {
        var (person, insured, region, hospital) = Someone();
        var admission = month.Next(1, 20);
        month.Add(person, insured, region, hospital, Month.Day(admission + 9),
            [.. Lines(5), new SupervisedLine("C999", 1, 80_000_000, 80_000_000, 0, 0)], (Month.Day(admission), month.Diagnosis()));
        month.Planted.Add(new PlantedCase(RuleId.Outliers, "one very costly stay", [], $"{Outliers.PersonSubject}:{person}"));
    }

    private void BusyHospital(int i)
    {
        var region = month.CareRegion();
        var hospital = $"{region}-BUSY{i}";
        // 100 people with four visits each, about six times a hospital's month, from people who look ordinary.
        for (var k = 0; k < 100; k++)
        {
            var (person, insured, _, _) = Someone();
            for (var day = month.Next(1, 6); day <= 30 && month.Visits.Count(v => v.PersonId == person) < 4; day += month.Next(3, 8))
            {
                month.Add(person, insured, region, hospital, Month.Day(day), Lines(2));
            }
        }
        month.Planted.Add(new PlantedCase(RuleId.Outliers, "many times its peers' visits", [], $"{Outliers.HospitalSubject}:{hospital}"));
    }
}
