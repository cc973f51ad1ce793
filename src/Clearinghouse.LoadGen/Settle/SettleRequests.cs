using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// The Settle requests of one load phase: a person (random, or in turn with --people-order cycle: the run's one turn, <see cref="World.NextInTurn"/>), on the person's
/// next day of the <see cref="VisitCalendar"/>, in the care region they are treated in that day (the registered one
/// 80% of the time), a hospital there, 80% outpatient, 1..--items-max items (an inpatient stay discharged that day,
/// admitted up to four days before, with a main diagnosis), half asking for the personal account: clean visits, which
/// fund supervision's rules leave unflagged. Request ids are numbered from 1. With <c>plantFlags</c>, one request in
/// 200 is the previous visit sent again under its own request id: a valid settlement that fund supervision flags as
/// charged twice (重复收费), so a run has flags whose lag it can measure.
/// </summary>
public sealed class SettleRequests(World world, PeopleOrder peopleOrder, int itemsMax, string settlePrefix, bool plantFlags = false)
{
    /// <summary>One in this many requests is a planted resend (0.5%).</summary>
    private const int PlantEvery = 200;

    private SettleRequest? _last;

    private static readonly string[] Diagnoses = ["J18.9", "K35.800", "I63.900", "S72.000", "N18.500"];

    private readonly VisitCalendar _calendar = world.Calendar;

    private long _seq;

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
        var person = peopleOrder == PeopleOrder.Cycle ? world.NextInTurn() : rng.Next(world.People);
        var (slot, day) = _calendar.Next(person);
        var region = world.Regions[world.CareRegion(person, slot)];
        var visit = rng.Next(100) < 80 ? VisitType.Outpatient : VisitType.Inpatient;
        var request = new SettleRequest
        {
            RequestId = $"{settlePrefix}{seq}",
            CareRegionCode = region.Code,
            HospitalCode = region.HospitalCodes[rng.Next(region.HospitalCodes.Length)],
            PersonId = world.PersonId(person),
            VisitType = visit,
            ServiceDate = _calendar.Date(day),
            UsePersonalAccount = rng.Next(2) == 0,
        };
        if (visit == VisitType.Inpatient)
        {
            // A stay needs its detail: discharged on the service date, admitted up to four days before.
            request.Visit = new VisitDetail
            {
                AdmissionDate = _calendar.Date(day, rng.Next(VisitCalendar.MaxStayDays + 1)),
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
}
