using System.Collections.Concurrent;
using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>What docs/domain.md says one settlement must come to, and facts about how it got there.</summary>
public sealed record ExpectedSettlement(
    string PersonId,
    string InsuredRegionCode,
    string CareRegionCode,
    string HospitalCode,
    VisitType VisitType,
    DateOnly ServiceDate,
    int PolicyVersion,
    bool Registered,
    long TotalFen,
    long SelfPayCFen,
    long CopayBFen,
    long EligibleFen,
    long DeductibleFen,
    int RatioBp,
    long FundPayFen,
    long AccountPayFen,
    long CashPayFen,
    bool CapLimited,
    bool RatioClamped)
{
    /// <summary>What the insured region owes the care region: fund share + account share.</summary>
    public long ObligationFen => FundPayFen + AccountPayFen;

    /// <summary>Every figure and fact of <paramref name="actual"/> that is not what the model expects.</summary>
    public IEnumerable<string> DifferencesFrom(Settlement actual)
    {
        var where = $"settlement {actual.SettlementId} (request {actual.RequestId}, person {PersonId})";
        foreach (var (name, expected, got) in new (string, object, object)[]
        {
            ("total_fen", TotalFen, actual.TotalFen),
            ("self_pay_c_fen", SelfPayCFen, actual.SelfPayCFen),
            ("copay_b_fen", CopayBFen, actual.CopayBFen),
            ("eligible_fen", EligibleFen, actual.EligibleFen),
            ("deductible_fen", DeductibleFen, actual.DeductibleFen),
            ("ratio_bp", RatioBp, actual.RatioBp),
            ("fund_pay_fen", FundPayFen, actual.FundPayFen),
            ("account_pay_fen", AccountPayFen, actual.AccountPayFen),
            ("cash_pay_fen", CashPayFen, actual.CashPayFen),
            ("policy_version", PolicyVersion, actual.PolicyVersion),
            ("registered_for_care_region", Registered, actual.RegisteredForCareRegion),
            ("person_id", PersonId, actual.PersonId),
            ("insured_region_code", InsuredRegionCode, actual.InsuredRegionCode),
            ("care_region_code", CareRegionCode, actual.CareRegionCode),
            ("hospital_code", HospitalCode, actual.HospitalCode),
            ("visit_type", VisitType, actual.VisitType),
            ("service_date", ChinaClock.Format(ServiceDate), actual.ServiceDate),
        })
        {
            if (!expected.Equals(got))
            {
                yield return $"{where}: {name} expected {expected}, got {got}";
            }
        }
        if (actual.FundPayFen + actual.AccountPayFen + actual.CashPayFen != actual.TotalFen)
        {
            yield return $"{where}: fund + account + cash != total";
        }
        if (!ChinaClock.IsPeriod(actual.Period) || actual.Period != ChinaClock.PeriodOfInstant(actual.AcceptedAt))
        {
            yield return $"{where}: period '{actual.Period}' is not the China-time month of accepted_at '{actual.AcceptedAt}'";
        }
    }
}

/// <summary>
/// An independent reference of docs/domain.md — written here from the text, not calling the product's
/// calculator — that follows the registry (policies, hospitals, persons, registrations, contributions)
/// and, per person, the pooled fund paid and outpatient deductible used per calendar year and the
/// personal account. Registry data is added during set-up; a person's figures are touched only by
/// that person's (sequential) script, so scripts of different persons may run concurrently.
/// </summary>
public sealed class ReferenceModel
{
    private const long WholeBp = 10_000;

    private readonly ConcurrentDictionary<string, List<(int Version, DateOnly EffectiveFrom, Policy Policy)>> _policies = new();
    private readonly ConcurrentDictionary<string, (string RegionCode, int Level)> _hospitals = new();
    private readonly ConcurrentDictionary<string, PersonFigures> _persons = new();
    private readonly ConcurrentDictionary<string, SettledVisit> _settlements = new();

    // ---- registry -------------------------------------------------------------------------------

    /// <summary>Records a published policy; returns the version number the clearinghouse must give it.</summary>
    public int PublishPolicy(string regionCode, DateOnly effectiveFrom, Policy policy)
    {
        var versions = _policies.GetOrAdd(regionCode, _ => []);
        lock (versions)
        {
            versions.Add((versions.Count + 1, effectiveFrom, policy.Clone()));
            return versions.Count;
        }
    }

    public void RegisterHospital(string hospitalCode, string regionCode, int level) => _hospitals[hospitalCode] = (regionCode, level);

    public void Enroll(string personId, string insuredRegionCode, Scheme scheme, PersonCategory category) =>
        Assert.True(_persons.TryAdd(personId, new PersonFigures(personId, insuredRegionCode, scheme, category)), $"{personId} enrolled twice");

    public void FileRegistration(string personId, string careRegionCode, DateOnly validFrom, DateOnly validTo) =>
        Person(personId).Registrations.Add((careRegionCode, validFrom, validTo));

    /// <summary>docs/domain.md contribution split; credits the account. Returns (account credit, pooled credit).</summary>
    public (long AccountCreditFen, long PooledCreditFen) RecordContribution(string personId, string period, long employerFen, long individualFen)
    {
        var person = Person(personId);
        var total = employerFen + individualFen;
        long account = 0;
        if (person.Scheme == Scheme.Employee)
        {
            var firstDay = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var scheme = SchemeInForce(person, firstDay).Scheme;
            account = individualFen + employerFen * scheme.EmployerToAccountBp / WholeBp;
        }
        person.AccountBalanceFen += account;
        person.AccountCreditsFen += account;
        return (account, total - account);
    }

    public IReadOnlyCollection<string> Hospitals => [.. _hospitals.Keys];
    public (string RegionCode, int Level) Hospital(string hospitalCode) => _hospitals[hospitalCode];

    // ---- settlements ----------------------------------------------------------------------------

    /// <summary>The breakdown the settlement rules give this visit now, without changing anything.</summary>
    public ExpectedSettlement Compute(SettleRequest request)
    {
        var person = Person(request.PersonId);
        var date = ChinaClock.Parse(request.ServiceDate);
        var (version, scheme) = SchemeInForce(person, date);
        var level = _hospitals[request.HospitalCode].Level;
        var rule = scheme.Rules.Single(r => r.VisitType == request.VisitType && r.HospitalLevel == level);

        long sumA = 0, sumB = 0, sumC = 0;
        foreach (var item in request.Items)
        {
            switch (item.Category)
            {
                case ItemCategory.A: sumA += item.AmountFen; break;
                case ItemCategory.B: sumB += item.AmountFen; break;
                case ItemCategory.C: sumC += item.AmountFen; break;
                default: throw new ArgumentException($"the model settles only A/B/C items, got {item.Category}");
            }
        }
        // 1–4
        var total = sumA + sumB + sumC;
        var selfPayC = sumC;
        var copayB = (sumB * scheme.CategoryBCopayBp + WholeBp / 2) / WholeBp; // round half up (all terms ≥ 0)
        var eligible = sumA + sumB - copayB;
        // 5
        var year = person.Year(date.Year);
        var deductibleLeft = request.VisitType == VisitType.Inpatient
            ? rule.DeductibleFen
            : Math.Max(0, rule.DeductibleFen - year.OutpatientDeductibleUsedFen);
        var deductible = Math.Min(eligible, deductibleLeft);
        // 6
        var registered = person.Registrations.Any(r => r.CareRegionCode == request.CareRegionCode && r.ValidFrom <= date && date <= r.ValidTo);
        var ratio = rule.RatioBp
            + (person.Category == PersonCategory.Retired ? scheme.RetiredBonusBp : 0)
            - (registered ? 0 : scheme.UnregisteredReductionBp);
        var clamped = ratio is < 0 or > (int)WholeBp;
        ratio = Math.Clamp(ratio, 0, (int)WholeBp);
        // 7–8
        var fundRaw = (eligible - deductible) * ratio / WholeBp; // floor (all terms ≥ 0)
        var capLeft = Math.Max(0, scheme.AnnualCapFen - year.FundPaidFen);
        var fundPay = Math.Min(fundRaw, capLeft);
        // 9–11
        var patientShare = total - fundPay;
        var accountPay = request.UsePersonalAccount ? Math.Min(patientShare, person.AccountBalanceFen) : 0;
        var cashPay = patientShare - accountPay;

        return new ExpectedSettlement(
            person.PersonId, person.InsuredRegionCode, request.CareRegionCode, request.HospitalCode, request.VisitType, date,
            version, registered, total, selfPayC, copayB, eligible, deductible, ratio, fundPay, accountPay, cashPay,
            CapLimited: fundPay < fundRaw, RatioClamped: clamped);
    }

    /// <summary>Books an accepted settlement into the person's figures.</summary>
    public void ApplySettlement(string settlementId, ExpectedSettlement settled)
    {
        var person = Person(settled.PersonId);
        var year = person.Year(settled.ServiceDate.Year);
        year.FundPaidFen += settled.FundPayFen;
        if (settled.VisitType == VisitType.Outpatient)
        {
            year.OutpatientDeductibleUsedFen += settled.DeductibleFen;
        }
        person.AccountBalanceFen -= settled.AccountPayFen;
        Assert.True(person.AccountBalanceFen >= 0, $"model: {person.PersonId}'s account went below 0");
        Assert.True(_settlements.TryAdd(settlementId, new SettledVisit(settlementId, settled)), $"settlement id {settlementId} given twice");
    }

    /// <summary>Books a reversal: restores exactly what the settlement took. Returns the settlement.</summary>
    public ExpectedSettlement ApplyReversal(string settlementId)
    {
        var visit = _settlements[settlementId];
        Assert.False(visit.Reversed, $"model: {settlementId} reversed twice");
        visit.Reversed = true;
        var settled = visit.Expected;
        var person = Person(settled.PersonId);
        var year = person.Year(settled.ServiceDate.Year);
        year.FundPaidFen -= settled.FundPayFen;
        if (settled.VisitType == VisitType.Outpatient)
        {
            year.OutpatientDeductibleUsedFen -= settled.DeductibleFen;
        }
        person.AccountBalanceFen += settled.AccountPayFen;
        return settled;
    }

    public bool IsReversed(string settlementId) => _settlements[settlementId].Reversed;

    public ExpectedSettlement Settled(string settlementId) => _settlements[settlementId].Expected;

    public IReadOnlyCollection<string> SettlementIds => [.. _settlements.Keys];

    // ---- person figures -------------------------------------------------------------------------

    public long AccountBalanceFen(string personId) => Person(personId).AccountBalanceFen;
    public long AccountCreditsFen(string personId) => Person(personId).AccountCreditsFen;
    public long FundPaidFen(string personId, int year) => Person(personId).Year(year).FundPaidFen;
    public long OutpatientDeductibleUsedFen(string personId, int year) => Person(personId).Year(year).OutpatientDeductibleUsedFen;
    public IReadOnlyCollection<int> YearsOf(string personId) => [.. Person(personId).Years.Keys];
    public IReadOnlyList<(string CareRegionCode, DateOnly ValidFrom, DateOnly ValidTo)> RegistrationsOf(string personId) => Person(personId).Registrations;
    public string InsuredRegionOf(string personId) => Person(personId).InsuredRegionCode;
    public Scheme SchemeOf(string personId) => Person(personId).Scheme;
    public PersonCategory CategoryOf(string personId) => Person(personId).Category;

    /// <summary>GetPerson's figures for one year, checked field by field.</summary>
    public IEnumerable<string> DifferencesFrom(Person actual, int year)
    {
        var person = Person(actual.PersonId);
        var where = $"person {actual.PersonId} year {year}";
        if (actual.Year != year) yield return $"{where}: year expected {year}, got {actual.Year}";
        if (actual.InsuredRegionCode != person.InsuredRegionCode) yield return $"{where}: insured_region_code {actual.InsuredRegionCode}";
        if (actual.Scheme != person.Scheme) yield return $"{where}: scheme {actual.Scheme}";
        if (actual.Category != person.Category) yield return $"{where}: category {actual.Category}";
        if (actual.AccountBalanceFen != person.AccountBalanceFen)
            yield return $"{where}: account_balance_fen expected {person.AccountBalanceFen}, got {actual.AccountBalanceFen}";
        if (actual.FundPaidInYearFen != person.Year(year).FundPaidFen)
            yield return $"{where}: fund_paid_in_year_fen expected {person.Year(year).FundPaidFen}, got {actual.FundPaidInYearFen}";
        if (actual.OutpatientDeductibleUsedFen != person.Year(year).OutpatientDeductibleUsedFen)
            yield return $"{where}: outpatient_deductible_used_fen expected {person.Year(year).OutpatientDeductibleUsedFen}, got {actual.OutpatientDeductibleUsedFen}";
        var registrations = actual.Registrations.Select(r => (r.CareRegionCode, ChinaClock.Parse(r.ValidFrom), ChinaClock.Parse(r.ValidTo))).ToList();
        if (!registrations.SequenceEqual(person.Registrations))
            yield return $"{where}: registrations expected [{string.Join(", ", person.Registrations)}], got [{string.Join(", ", registrations)}]";
    }

    private PersonFigures Person(string personId) =>
        _persons.TryGetValue(personId, out var person) ? person : throw new KeyNotFoundException($"the model knows no person {personId}");

    private (int Version, SchemePolicy Scheme) SchemeInForce(PersonFigures person, DateOnly date)
    {
        var versions = _policies[person.InsuredRegionCode];
        lock (versions)
        {
            var (version, _, policy) = versions.Where(v => v.EffectiveFrom <= date).MaxBy(v => v.EffectiveFrom);
            Assert.True(version > 0, $"model: region {person.InsuredRegionCode} has no policy in force on {date}");
            return (version, policy.Schemes.Single(s => s.Scheme == person.Scheme));
        }
    }

    private sealed class PersonFigures(string personId, string insuredRegionCode, Scheme scheme, PersonCategory category)
    {
        public string PersonId { get; } = personId;
        public string InsuredRegionCode { get; } = insuredRegionCode;
        public Scheme Scheme { get; } = scheme;
        public PersonCategory Category { get; } = category;
        public long AccountBalanceFen { get; set; }
        public long AccountCreditsFen { get; set; }
        public List<(string CareRegionCode, DateOnly ValidFrom, DateOnly ValidTo)> Registrations { get; } = [];
        public Dictionary<int, YearFigures> Years { get; } = [];

        public YearFigures Year(int year)
        {
            if (!Years.TryGetValue(year, out var figures))
            {
                figures = new YearFigures();
                Years[year] = figures;
            }
            return figures;
        }
    }

    private sealed class YearFigures
    {
        public long FundPaidFen { get; set; }
        public long OutpatientDeductibleUsedFen { get; set; }
    }

    private sealed class SettledVisit(string settlementId, ExpectedSettlement expected)
    {
        public string SettlementId { get; } = settlementId;
        public ExpectedSettlement Expected { get; } = expected;
        public bool Reversed { get; set; }
    }
}
