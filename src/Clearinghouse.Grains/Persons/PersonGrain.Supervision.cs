using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Grains.Persons;

public sealed partial class PersonGrain
{
    /// <summary>
    /// Runs the insured region's blocking rules on a would-be settlement against the person's settlements that can
    /// pair with it (not reversed, service date within the rules' lookback: the state knows each one's date, so only
    /// those are read, in one query), and refuses it (FAILED_PRECONDITION, nothing written) when a rule would flag it.
    /// Called only for a region whose policy blocks something.
    /// </summary>
    private async Task RequirePassesBlockingRules(SupervisionSettings supervision, SettlementAccepted wouldBe)
    {
        // It arrives after every settlement the person has, whatever the clock of the silo that accepted those said.
        var visit = (SupervisedVisits.From(wouldBe, reversed: false)
            ?? throw new InvariantViolationException("a stay being settled has its admission and discharge dates"))
            with { AcceptedAt = DateTimeOffset.MaxValue };
        var rules = supervision.BlockingRules;
        var thresholds = supervision.Thresholds;
        var history = new List<SupervisedVisit>();
        if (BlockingRules.NeedHistory(rules))
        {
            var earliest = BlockingRules.EarliestServiceDate(visit, rules, thresholds);
            // The latest ones (the stream is in arrival order) when a person has more than one evaluation reads.
            var versions = State.Settlements
                .Where(s => !s.IsReversed && s.ServiceDate >= earliest)
                .Select(s => s.SettlementVersion)
                .OrderDescending()
                .Take(VisitHistory.MaxVisits - 1)
                .ToList();
            foreach (var e in await EventLog.ReadEventsAsync(StreamKey, versions))
            {
                if (e is SettlementAccepted settlement && SupervisedVisits.From(settlement, reversed: false) is { } earlier)
                {
                    history.Add(earlier);
                }
            }
        }
        var findings = Supervisor.OnVisit(visit, history, thresholds, rules);
        if (BlockingRules.Refusal(findings, visit.SettlementId) is { } refusal)
        {
            throw refusal;
        }
    }
}
