using System.Globalization;
using System.Text;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>One region of the generated world: its code and its designated hospitals.</summary>
public sealed record RegionInfo(int Index, string Code, string[] HospitalCodes, int[] HospitalLevels);

/// <summary>
/// The world a run sets up, derived deterministically from the run id and the sizes: region codes,
/// hospitals, and for every person index its insured region, scheme, category and registration. A second
/// invocation with the same --run-id, --regions and --people describes the same world (so --skip-setup can
/// reuse it) and every setup request id is the same (so re-sending setup is idempotent).
/// </summary>
public sealed class World
{
    public const string PolicyEffectiveFrom = "2020-01-01";
    public const string ContributionPeriod = "2020-01";
    public const string RegistrationValidFrom = "2020-01-01";
    public const string RegistrationValidTo = "2099-12-31";

    private readonly ulong _seed;

    public World(string runId, int regions, int people)
    {
        RunId = runId;
        People = people;
        _turn = people > 0 ? Random.Shared.Next(people) : 0;
        _seed = Fnv1a(runId);
        // 6-digit codes from the run id: a block of 100 consecutive codes in 100000..999999.
        var baseCode = 100_000 + (int)(_seed % 8_999) * 100;
        Regions = new RegionInfo[regions];
        for (var r = 0; r < regions; r++)
        {
            var hospitals = 2 + r % 2;
            var codes = new string[hospitals];
            var levels = new int[hospitals];
            for (var k = 0; k < hospitals; k++)
            {
                codes[k] = $"{runId}-h{r}-{k}";
                levels[k] = (r + k) % 3 + 1;
            }
            Regions[r] = new RegionInfo(r, (baseCode + r).ToString(CultureInfo.InvariantCulture), codes, levels);
        }
    }

    public string RunId { get; }

    public int People { get; }

    public RegionInfo[] Regions { get; }

    public string PersonId(int person) => $"{RunId}-p{person}";

    public int InsuredRegion(int person) => person % Regions.Length;

    public Scheme SchemeOf(int person) => person % 3 == 2 ? Scheme.Resident : Scheme.Employee;

    public PersonCategory CategoryOf(int person) => person % 5 == 4 ? PersonCategory.Retired : PersonCategory.Active;

    /// <summary>The region ~70% of people have a registration (备案) for; -1 for the others.</summary>
    public int RegistrationRegion(int person)
    {
        var h = Mix(person);
        if (h % 10 >= 7)
        {
            return -1;
        }
        return OtherRegion(person, (int)(h / 10 % (ulong)(Regions.Length - 1)));
    }

    /// <summary>
    /// The next person in turn (<c>--people-order cycle</c>): one turn for the whole run, so the measured phase goes on
    /// to people the warm-up has not visited (starting it again at the first person revisited people still in memory);
    /// it starts at a random person, so a kept world's runs spread their visits over all its people.
    /// </summary>
    public int NextInTurn() => (int)((Interlocked.Increment(ref _turn) - 1) % People);

    private long _turn;

    /// <summary>
    /// When the people's visits of this run take place: one calendar for the warm-up and the measured phase, so a
    /// person's visits of the one never share a day with those of the other.
    /// </summary>
    public VisitCalendar Calendar => LazyInitializer.EnsureInitialized(ref _calendar, () => VisitCalendar.ForWorld(this));

    private VisitCalendar? _calendar;

    /// <summary>
    /// Where the person is treated in a slot of the <see cref="VisitCalendar"/>: the region they are registered for 80%
    /// of the time, else another; the same for every visit in the slot, so no one is in two places on one day.
    /// </summary>
    public int CareRegion(int person, int slot)
    {
        var registration = RegistrationRegion(person);
        var h = Mix(person) ^ (0xD6E8FEB86659FD93UL * (ulong)(slot + 1));
        h = (h ^ (h >> 32)) * 0xD6E8FEB86659FD93UL;
        h ^= h >> 32;
        return registration >= 0 && h % 10 < 8 ? registration : OtherRegion(person, (int)(h / 10 % (ulong)(Regions.Length - 1)));
    }

    /// <summary>The k-th region (0..R-2) that is not the person's insured region.</summary>
    public int OtherRegion(int person, int k) => (InsuredRegion(person) + 1 + k) % Regions.Length;

    public (long Employer, long Individual) Contribution(int person)
    {
        var h = Mix(person) >> 8;
        return SchemeOf(person) == Scheme.Employee
            ? (40_000 + (long)(h % 40_000), 10_000 + (long)(h / 40_000 % 10_000))
            : (0, 30_000 + (long)(h % 20_000));
    }

    /// <summary>Policies carry the serious-illness and assistance tiers; see <see cref="WithTiers"/>.</summary>
    public bool Tiers { get; init; }

    /// <summary>Items of the catalogue every region publishes (0: none); see <see cref="CatalogueLines"/>.</summary>
    public int CatalogueItems { get; init; }

    /// <summary>With <see cref="Tiers"/>, one person in ten has an assistance status (低保) for the whole run.</summary>
    public bool HasAssistanceStatus(int person) => Tiers && Mix(person) % 10 == 3;

    public PublishPolicyRequest PolicyRequest(RegionInfo region)
    {
        var policy = new Policy();
        policy.Schemes.Add(SchemePolicy(Scheme.Employee, copayB: 1_000, retiredBonus: 500, unregistered: 1_000,
            cap: 40_000_000, employerToAccount: 3_000, outpatientBase: 7_500, inpatientBase: 9_000));
        policy.Schemes.Add(SchemePolicy(Scheme.Resident, copayB: 1_500, retiredBonus: 0, unregistered: 1_500,
            cap: 20_000_000, employerToAccount: 0, outpatientBase: 6_000, inpatientBase: 8_000));
        if (Tiers)
        {
            foreach (var scheme in policy.Schemes)
            {
                WithTiers(scheme);
            }
        }
        return new PublishPolicyRequest
        {
            RequestId = $"{RunId}-policy-{region.Index}",
            RegionCode = region.Code,
            EffectiveFrom = PolicyEffectiveFrom,
            Policy = policy,
        };
    }

    private static SchemePolicy SchemePolicy(
        Scheme scheme, int copayB, int retiredBonus, int unregistered, long cap, int employerToAccount, int outpatientBase, int inpatientBase)
    {
        var policy = new SchemePolicy
        {
            Scheme = scheme,
            CategoryBCopayBp = copayB,
            RetiredBonusBp = retiredBonus,
            UnregisteredReductionBp = unregistered,
            AnnualCapFen = cap,
            EmployerToAccountBp = employerToAccount,
        };
        for (var level = 1; level <= 3; level++)
        {
            policy.Rules.Add(new BenefitRule
            {
                VisitType = VisitType.Outpatient, HospitalLevel = level, DeductibleFen = 20_000 + 10_000 * level, RatioBp = outpatientBase - 500 * (level - 1),
            });
            policy.Rules.Add(new BenefitRule
            {
                VisitType = VisitType.Inpatient, HospitalLevel = level, DeductibleFen = 40_000 * level, RatioBp = inpatientBase - 500 * (level - 1),
            });
        }
        return policy;
    }

    /// <summary>
    /// A low serious-illness threshold and narrow bands, so the load's visits (tens to thousands of yuan) cross the
    /// threshold and the bands within a run, and every settlement computes every tier.
    /// </summary>
    private static void WithTiers(SchemePolicy scheme)
    {
        scheme.SeriousIllnessShareBp = 2_000;
        scheme.SeriousIllness = new SeriousIllnessTier { ThresholdFen = 50_000, AnnualCapFen = 30_000_000 };
        scheme.SeriousIllness.Bands.Add(new TierBand { UpToFen = 500_000, RatioBp = 6_000 });
        scheme.SeriousIllness.Bands.Add(new TierBand { UpToFen = 2_000_000, RatioBp = 7_000 });
        scheme.SeriousIllness.Bands.Add(new TierBand { RatioBp = 8_000 });
        scheme.Assistance = new AssistanceTier
        {
            MinimumLivingRatioBp = 7_000, ExtremePovertyRatioBp = 9_000, LowIncomeRatioBp = 5_000, AnnualCapFen = 5_000_000,
        };
    }

    private ulong Mix(int person)
    {
        // splitmix64 of (seed, person): a deterministic, well-spread choice per person.
        var z = _seed + 0x9E3779B97F4A7C15UL * (ulong)(person + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
