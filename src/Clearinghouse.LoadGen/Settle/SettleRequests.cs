using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// The Settle requests of one load phase: a person (random, or in turn with --people-order cycle), a care region
/// (the registered one 80% of the time), a hospital there, 80% outpatient, 1..--items-max items, a service
/// date in the last 20 days (an inpatient stay's discharge date, with its admission and main diagnosis), half asking
/// for the personal account. Request ids are numbered from 1. With <c>plantFlags</c>, one request in 200 is
/// the previous visit sent again under its own request id: a valid settlement that fund supervision flags as charged
/// twice (重复收费), so a run has flags whose lag it can measure.
/// </summary>
public sealed class SettleRequests(World world, PeopleOrder peopleOrder, int itemsMax, string settlePrefix, bool plantFlags = false)
{
    /// <summary>One in this many requests is a planted resend (0.5%).</summary>
    private const int PlantEvery = 200;

    private SettleRequest? _last;

    private static readonly string[] Diagnoses = ["J18.9", "K35.800", "I63.900", "S72.000", "N18.500"];

    private long _seq;
    private string[] _serviceDates = [];
    private DateOnly _serviceDatesDay;

    public SettleRequest Next()
    {
        var rng = Random.Shared;
        var seq = Interlocked.Increment(ref _seq);
        if (plantFlags && rng.Next(PlantEvery) == 0 && Volatile.Read(ref _last) is { } sent)
        {
            var resent = sent.Clone();
            resent.RequestId = $"{settlePrefix}{seq}";
            return resent;
        }
        var person = peopleOrder == PeopleOrder.Cycle ? (int)((seq - 1) % world.People) : rng.Next(world.People);
        var registration = world.RegistrationRegion(person);
        var care = registration >= 0 && rng.Next(10) < 8
            ? registration
            : world.OtherRegion(person, rng.Next(world.Regions.Length - 1));
        var region = world.Regions[care];
        var visit = rng.Next(100) < 80 ? VisitType.Outpatient : VisitType.Inpatient;
        var daysAgo = rng.Next(20);
        var request = new SettleRequest
        {
            RequestId = $"{settlePrefix}{seq}",
            CareRegionCode = region.Code,
            HospitalCode = region.HospitalCodes[rng.Next(region.HospitalCodes.Length)],
            PersonId = world.PersonId(person),
            VisitType = visit,
            ServiceDate = ServiceDate(daysAgo),
            UsePersonalAccount = rng.Next(2) == 0,
        };
        if (visit == VisitType.Inpatient)
        {
            // A stay needs its detail: admitted up to four days before the discharge (the service date).
            request.Visit = new VisitDetail
            {
                AdmissionDate = ServiceDate(Math.Min(daysAgo + rng.Next(5), 19)),
                DischargeDate = request.ServiceDate,
                DiagnosisCode = Diagnoses[rng.Next(Diagnoses.Length)],
            };
        }
        var items = rng.Next(1, itemsMax + 1);
        for (var i = 0; i < items; i++)
        {
            request.Items.Add(world.CatalogueItems > 0 ? CatalogueLines.Line(world, rng, visit) : Catalog.Item(rng, visit));
        }
        if (plantFlags)
        {
            Volatile.Write(ref _last, request);
        }
        return request;
    }

    /// <summary>Today minus <paramref name="daysAgo"/> in China Standard Time (UTC+8), never in the future.</summary>
    private string ServiceDate(int daysAgo)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var dates = Volatile.Read(ref _serviceDates);
        if (today != _serviceDatesDay || dates.Length == 0)
        {
            dates = [.. Enumerable.Range(0, 20).Select(d => today.AddDays(-d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
            Volatile.Write(ref _serviceDates, dates);
            _serviceDatesDay = today;
        }
        return dates[daysAgo];
    }
}
