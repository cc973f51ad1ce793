using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>
/// Everything the demo creates, derived from its run key alone: region codes, hospitals, people, the visits
/// and every request id. The same key gives the same world, so a re-run sends the same requests and the
/// server answers them as retries.
/// </summary>
public sealed class DemoWorld
{
    public const int RegionCount = 4;
    public const int HospitalsPerRegion = 2;
    public const int PeoplePerRegion = 10;
    public const int SettlementCount = 300;

    /// <summary>Each region's prepayment (预付金) deposit: 2,000.00 yuan, so the close draws from it before an amount is due.</summary>
    public const long DepositFen = 200_000;

    private DemoWorld(string runKey)
    {
        RunKey = runKey;
        Seed = BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(runKey)));
        // 9xxxxx is no province's prefix: demo regions cannot be mistaken for (or collide with) real ones.
        // The run key picks one of 900 blocks of RegionCount codes.
        var block = 100 + (int)((uint)Seed % 900);
        RegionCodes = [.. Enumerable.Range(1, RegionCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"9{block:D3}{i:D2}"))];
    }

    public string RunKey { get; }

    /// <summary>Seeds the visits: the same key, the same line items.</summary>
    public int Seed { get; }

    public IReadOnlyList<string> RegionCodes { get; }

    public static DemoWorld For(string runKey) => new(runKey);

    /// <summary>A request id of this run: unique per key (the server scopes ids to the acting region, the key keeps runs apart).</summary>
    public string Id(string what) => $"demo-{RunKey}-{what}";

    public string RegionName(int region, DemoMonth month) => $"Demo region {(char)('A' + region)} {month.Describe(RunKey)}";

    public string HospitalCode(int region, int hospital) => $"DEMO-{RunKey}-{RegionCodes[region]}-H{hospital + 1}";

    /// <summary>Hospital levels 1..3 by position, so both visit types meet more than one level.</summary>
    public static int HospitalLevel(int hospital) => 3 - hospital % 3;

    public int PersonCount => RegionCount * PeoplePerRegion;

    public string PersonId(int person) => $"demo-{RunKey}-p{person:D3}";

    public int InsuredRegion(int person) => person % RegionCount;

    public static Scheme SchemeOf(int person) => person % 3 == 0 ? Scheme.Resident : Scheme.Employee;

    public static PersonCategory CategoryOf(int person) => person % 5 == 0 ? PersonCategory.Retired : PersonCategory.Active;

    /// <summary>One month's contribution: employer 800.00 + individual 200.00 yuan for employees, 380.00 yuan for residents.</summary>
    public static (long EmployerFen, long IndividualFen) Contribution(int person) =>
        SchemeOf(person) == Scheme.Employee ? (80_000, 20_000) : (0, 38_000);

    /// <summary>Every other person has a registration (备案) for the region after their own, so some visits get the unregistered reduction and some do not.</summary>
    public int? RegistrationRegion(int person) => person % 2 == 0 ? (InsuredRegion(person) + 1) % RegionCount : null;

    /// <summary>The visits, all out of region: visit k's care region is never the person's insured region.</summary>
    public IReadOnlyList<SettleRequest> Visits(DemoMonth month)
    {
        var random = new Random(Seed);
        var visits = new List<SettleRequest>(SettlementCount);
        for (var k = 0; k < SettlementCount; k++)
        {
            var person = random.Next(PersonCount);
            var care = (InsuredRegion(person) + 1 + random.Next(RegionCount - 1)) % RegionCount;
            var type = random.Next(100) < 80 ? VisitType.Outpatient : VisitType.Inpatient;
            var visit = new SettleRequest
            {
                RequestId = Id($"{month.Period}-s{k + 1:D3}"),
                CareRegionCode = RegionCodes[care],
                HospitalCode = HospitalCode(care, random.Next(HospitalsPerRegion)),
                PersonId = PersonId(person),
                VisitType = type,
                ServiceDate = month.VisitDay,
                UsePersonalAccount = random.Next(2) == 0,
                Visit = type == VisitType.Inpatient ? Stay(month.VisitDay, k) : null,
            };
            var items = random.Next(1, 6);
            for (var i = 0; i < items; i++)
            {
                var roll = random.Next(100);
                var category = roll < 50 ? ItemCategory.A : roll < 80 ? ItemCategory.B : ItemCategory.C;
                visit.Items.Add(new LineItem
                {
                    Code = $"ITEM-{category}-{random.Next(1, 200):D3}",
                    Name = $"item {i + 1}",
                    Category = category,
                    Quantity = random.Next(1, 4),
                    // Odd amounts: category B's copay rounding and the fund's floor both show.
                    AmountFen = type == VisitType.Outpatient ? random.Next(1_01, 800_00) : random.Next(100_01, 8_000_00),
                });
            }
            visits.Add(visit);
        }
        return visits;
    }

    private static readonly string[] Diagnoses = ["J18.9", "K35.800", "I63.900", "S72.000"];

    /// <summary>
    /// An inpatient stay's detail, discharged on the visit day after 1–5 nights, with a main diagnosis: derived from
    /// the visit's number, not drawn, so the visits' other figures stay those of earlier runs.
    /// </summary>
    private static VisitDetail Stay(string dischargeDay, int k) => new()
    {
        AdmissionDate = DateOnly.ParseExact(dischargeDay, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-(1 + k % 5))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DischargeDate = dischargeDay,
        DiagnosisCode = Diagnoses[k % Diagnoses.Length],
    };
}
