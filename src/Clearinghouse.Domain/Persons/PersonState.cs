using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Persons;

/// <summary>
/// One insured person, folded from the events of their stream. Apply never throws and never does I/O:
/// every check happens before an event is raised, so replaying a stored stream always succeeds.
/// </summary>
public sealed class PersonState : IEventSourcedState
{
    private readonly Dictionary<int, YearTotals> _years = [];
    private readonly List<RegistrationFiled> _registrations = [];
    private readonly Dictionary<string, SettlementAccepted> _settlements = [];
    private readonly Dictionary<string, SettlementReversed> _reversalsBySettlement = [];
    private readonly Dictionary<RequestKey, IStampedEvent> _requests = [];

    /// <summary>Number of events applied: the stream version the next append expects.</summary>
    public long Version { get; private set; }
    public PersonEnrolled? Enrollment { get; private set; }
    public PersonStatus Status { get; private set; }
    public long AccountBalanceFen { get; private set; }
    public IReadOnlyList<RegistrationFiled> Registrations => _registrations;

    public bool IsEnrolled => Enrollment is not null;

    public YearTotals TotalsFor(int year) => _years.GetValueOrDefault(year, YearTotals.Zero);

    public SettlementAccepted? FindSettlement(string settlementId) => _settlements.GetValueOrDefault(settlementId);

    public SettlementReversed? FindReversalOf(string settlementId) => _reversalsBySettlement.GetValueOrDefault(settlementId);

    /// <summary>The event a request produced, if this person already accepted it.</summary>
    public IStampedEvent? FindRequest(RequestKey requestKey) => _requests.GetValueOrDefault(requestKey);

    public bool IsRegisteredFor(string careRegionCode, DateOnly serviceDate) =>
        _registrations.Any(r => r.CareRegionCode == careRegionCode && r.ValidFrom <= serviceDate && serviceDate <= r.ValidTo);

    public void Apply(IStampedEvent e)
    {
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
            case PersonSuspended:
                Status = PersonStatus.Suspended;
                break;
            case PersonReinstated:
                Status = PersonStatus.Active;
                break;
            case SettlementAccepted settlement:
                // The line items stay in the stream; state keeps what later decisions and retried answers
                // need, so a person with many visits stays small in memory.
                e = settlement with { Items = [] };
                ApplySettlement((SettlementAccepted)e);
                break;
            case SettlementReversed reversal:
                ApplyReversal(reversal);
                break;
            default:
                throw new InvariantViolationException($"a person stream holds no {e.GetType().Name} events");
        }
        _requests[e.Request.Key] = e;
        Version++;
    }

    private void ApplySettlement(SettlementAccepted settlement)
    {
        var b = settlement.Breakdown;
        var year = settlement.ServiceDate.Year;
        var outpatientDeductible = settlement.VisitType == VisitType.Outpatient ? b.DeductibleFen : 0;
        _years[year] = TotalsFor(year).Add(b.FundPayFen, outpatientDeductible);
        AccountBalanceFen -= b.AccountPayFen;
        _settlements[settlement.SettlementId] = settlement;
    }

    private void ApplyReversal(SettlementReversed reversal)
    {
        _years[reversal.ServiceYear] = TotalsFor(reversal.ServiceYear).Add(-reversal.FundPayFen, -reversal.OutpatientDeductibleFen);
        AccountBalanceFen += reversal.AccountPayFen;
        _reversalsBySettlement[reversal.SettlementId] = reversal;
    }
}

/// <summary>
/// What the pooled fund paid and how much outpatient deductible was applied in one calendar year. A value:
/// each settlement replaces its year's totals, and a value written into the (long-lived) dictionary is
/// neither an allocation nor a reference the GC must trace from an old object to a new one.
/// </summary>
public readonly record struct YearTotals(long FundPaidFen, long OutpatientDeductibleUsedFen)
{
    public static readonly YearTotals Zero = new(0, 0);

    public YearTotals Add(long fundPaidFen, long outpatientDeductibleFen) =>
        new(FundPaidFen + fundPaidFen, OutpatientDeductibleUsedFen + outpatientDeductibleFen);
}
