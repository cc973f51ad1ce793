using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Persons;

/// <summary>
/// One insured person, folded from the events of their stream. Apply never throws and never does I/O:
/// every check happens before an event is raised, so replaying a stored stream always succeeds.
/// </summary>
public sealed partial class PersonState : IEventSourcedState
{
    private readonly Dictionary<int, YearTotals> _years = [];
    private readonly List<RegistrationFiled> _registrations = [];
    // In effective-date order: each new status takes effect later than the one before (the grain checks it).
    private readonly List<AssistanceStatusSet> _assistance = [];
    // Per settlement only values (a digest of its id, two stream versions), nothing the GC must trace or
    // promote: a person keeps every settlement for as long as it is active (see RequestIndex).
    private readonly Dictionary<IdDigest, SettlementEntry> _settlements = [];
    private readonly RequestIndex _requests = new();

    /// <summary>Number of events applied: the stream version the next append expects.</summary>
    public long Version { get; private set; }
    public PersonEnrolled? Enrollment { get; private set; }
    public PersonStatus Status { get; private set; }
    public long AccountBalanceFen { get; private set; }
    public IReadOnlyList<RegistrationFiled> Registrations => _registrations;
    public IReadOnlyList<AssistanceStatusSet> AssistanceHistory => _assistance;

    public bool IsEnrolled => Enrollment is not null;

    public YearTotals TotalsFor(int year) => _years.GetValueOrDefault(year, YearTotals.Zero);

    /// <summary>Where a settlement of this person (and its reversal, if any) sits in the stream.</summary>
    public SettlementEntry? FindSettlement(string settlementId) =>
        _settlements.TryGetValue(IdDigest.Of(settlementId), out var entry) ? entry : null;

    /// <summary>Every settlement of this person, in no particular order: what supervision in Settle picks recent ones from.</summary>
    public IEnumerable<SettlementEntry> Settlements => _settlements.Values;

    /// <summary>The stream version of the event a request produced, if this person already accepted it.</summary>
    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public bool IsRegisteredFor(string careRegionCode, DateOnly serviceDate) =>
        _registrations.Any(r => r.CareRegionCode == careRegionCode && r.ValidFrom <= serviceDate && serviceDate <= r.ValidTo);

    /// <summary>The assistance status in force on a date: the latest one set to take effect on or before it.</summary>
    public AssistanceStatus AssistanceStatusOn(DateOnly date)
    {
        for (var i = _assistance.Count - 1; i >= 0; i--)
        {
            if (_assistance[i].EffectiveFrom <= date)
            {
                return _assistance[i].Status;
            }
        }
        return AssistanceStatus.None;
    }

    public void Apply(IStampedEvent e)
    {
        var version = Version + 1;
        switch (e)
        {
            case PersonEnrolled enrolled:
                Enrollment = enrolled;
                Status = PersonStatus.Active;
                break;
            case ContributionRecorded contribution:
                AccountBalanceFen += contribution.AccountCreditFen;
                break;
            case RegistrationFiled registration:
                _registrations.Add(registration);
                break;
            case AssistanceStatusSet assistance:
                _assistance.Add(assistance);
                break;
            case PersonSuspended:
                Status = PersonStatus.Suspended;
                break;
            case PersonReinstated:
                Status = PersonStatus.Active;
                break;
            case SettlementAccepted settlement:
                ApplySettlement(settlement, version);
                break;
            case SettlementReversed reversal:
                ApplyReversal(reversal, version);
                break;
            default:
                throw new InvariantViolationException($"a person stream holds no {e.GetType().Name} events");
        }
        _requests.Add(e.Request.Key, version);
        Version = version;
    }

    private void ApplySettlement(SettlementAccepted settlement, long version)
    {
        var b = settlement.Breakdown;
        var year = settlement.ServiceDate.Year;
        var outpatientDeductible = settlement.VisitType == VisitType.Outpatient ? b.DeductibleFen : 0;
        _years[year] = TotalsFor(year).Add(
            b.FundPayFen, outpatientDeductible, b.QualifyingSelfBurdenFen, b.SeriousIllnessPayFen, b.AssistancePayFen);
        AccountBalanceFen -= b.AccountPayFen;
        _settlements[IdDigest.Of(settlement.SettlementId)] = new SettlementEntry(version, 0, settlement.ServiceDate);
    }

    private void ApplyReversal(SettlementReversed reversal, long version)
    {
        _years[reversal.ServiceYear] = TotalsFor(reversal.ServiceYear).Add(
            -reversal.FundPayFen, -reversal.OutpatientDeductibleFen,
            -reversal.QualifyingSelfBurdenFen, -reversal.SeriousIllnessPayFen, -reversal.AssistancePayFen);
        AccountBalanceFen += reversal.AccountPayFen;
        var settlement = IdDigest.Of(reversal.SettlementId);
        _settlements[settlement] = _settlements.GetValueOrDefault(settlement) with { ReversalVersion = version };
    }
}

/// <summary>
/// Where a settlement and its reversal sit in the person's stream (versions from 1; 0: not reversed), and its
/// service date, by which supervision in Settle finds the person's recent settlements without reading the stream.
/// The grain reads the events themselves when a reversal or a refusal needs them, which is rare next to
/// settling; the totals every settlement needs are folded into <see cref="YearTotals"/>.
/// </summary>
public readonly record struct SettlementEntry(long SettlementVersion, long ReversalVersion, DateOnly ServiceDate)
{
    public bool IsReversed => ReversalVersion > 0;
}

/// <summary>
/// What the pooled fund paid and how much outpatient deductible was applied in one calendar year, and the
/// tiers' totals: the qualifying self-burden the serious-illness bands are counted on, what serious-illness
/// insurance and medical assistance paid. A value: each settlement replaces its year's totals, and a value
/// written into the (long-lived) dictionary is neither an allocation nor a reference the GC must trace from an
/// old object to a new one.
/// </summary>
public readonly record struct YearTotals(
    long FundPaidFen,
    long OutpatientDeductibleUsedFen,
    long QualifyingSelfBurdenFen = 0,
    long SeriousIllnessPaidFen = 0,
    long AssistancePaidFen = 0)
{
    public static readonly YearTotals Zero = new(0, 0);

    public YearTotals Add(
        long fundPaidFen, long outpatientDeductibleFen, long qualifyingSelfBurdenFen, long seriousIllnessPaidFen, long assistancePaidFen) =>
        new(FundPaidFen + fundPaidFen,
            OutpatientDeductibleUsedFen + outpatientDeductibleFen,
            QualifyingSelfBurdenFen + qualifyingSelfBurdenFen,
            SeriousIllnessPaidFen + seriousIllnessPaidFen,
            AssistancePaidFen + assistancePaidFen);
}
