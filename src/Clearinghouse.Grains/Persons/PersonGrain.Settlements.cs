using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Grains.Abstractions;

namespace Clearinghouse.Grains.Persons;

public sealed partial class PersonGrain
{
    public async Task<SettlementAccepted> Settle(SettleVisit command)
    {
        // Request ids of settlements are scoped to the care region: it is the caller.
        var earlier = await Replay<SettlementAccepted>(command.CareRegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier;
        }
        var enrollment = RequireEnrolled();
        var hospital = await registry.Hospital(command.HospitalCode).Get();
        if (hospital?.RegionCode != command.CareRegionCode)
        {
            // A hospital is only ever registered to an existing region, so a hospital of the care region
            // proves the region exists: the region is looked up only to explain a refusal.
            await RequireRegion(command.CareRegionCode);
            throw hospital is null
                ? RejectedException.NotFound($"hospital {command.HospitalCode} not found")
                : RejectedException.FailedPrecondition(
                    $"hospital {command.HospitalCode} belongs to region {hospital.RegionCode}, not care region {command.CareRegionCode}");
        }
        if (State.Status != PersonStatus.Active)
        {
            throw RejectedException.FailedPrecondition($"person {PersonId} is {State.Status.ToString().ToLowerInvariant()}, not active");
        }
        if (command.CareRegionCode == enrollment.InsuredRegionCode)
        {
            throw RejectedException.FailedPrecondition(
                $"person {PersonId} is insured in care region {command.CareRegionCode}: only out-of-region visits settle here");
        }
        var now = clock.AcceptedNow();
        // An inpatient stay's service date is its discharge date (VisitDetails), so the refusal names that field.
        ChinaTime.RequireNotLaterThanToday(
            command.ServiceDate, now, command.VisitType == VisitType.Inpatient ? "visit.discharge_date" : "service_date");

        var policy = await registry.Region(enrollment.InsuredRegionCode).PolicyInForce(command.ServiceDate)
            ?? throw RejectedException.FailedPrecondition(
                $"region {enrollment.InsuredRegionCode} has no policy in force on {CivilDate.Format(command.ServiceDate)}");
        var schemePolicy = policy.Policy.ForScheme(enrollment.Scheme)
            ?? throw RejectedException.FailedPrecondition(
                $"policy version {policy.Version} of region {policy.RegionCode} does not cover scheme {enrollment.Scheme}");
        var rule = schemePolicy.RuleFor(command.VisitType, hospital.Level)
            ?? throw RejectedException.FailedPrecondition(
                $"policy version {policy.Version} of region {policy.RegionCode} has no {command.VisitType} rule for hospital level {hospital.Level}");

        // The care region's catalogue in force on the service date prices the lines; without one they settle as sent.
        var catalogue = await catalogues.InForceAsync(command.CareRegionCode, command.ServiceDate);
        var items = CataloguePricing.Apply(command.Items, catalogue, command.ServiceDate);

        var registered = State.IsRegisteredFor(command.CareRegionCode, command.ServiceDate);
        var year = State.TotalsFor(command.ServiceDate.Year);
        var breakdown = SettlementCalculator.Calculate(
            schemePolicy,
            rule,
            new VisitFacts(
                command.VisitType, enrollment.Category, registered, command.UsePersonalAccount, items,
                State.AssistanceStatusOn(command.ServiceDate)),
            new YearToDate(
                year.FundPaidFen, year.OutpatientDeductibleUsedFen, State.AccountBalanceFen,
                year.QualifyingSelfBurdenFen, year.SeriousIllnessPaidFen, year.AssistancePaidFen));

        var stamp = RequestStamps.Of(command.CareRegionCode, command.RequestId, command.Fingerprint, now);
        var settlementId = TimeOrderedId.Text(now);
        Func<string, SettlementAccepted> settled = period => new SettlementAccepted(
            stamp, settlementId, period, PersonId, enrollment.InsuredRegionCode, command.CareRegionCode,
            command.HospitalCode, hospital.Level, command.VisitType, command.ServiceDate, command.UsePersonalAccount,
            registered, policy.Version, breakdown, items, command.Visit, catalogue?.Info.Version ?? 0);
        // 事中 supervision: only a region whose policy blocks something pays for it; the period plays no part.
        if (policy.Policy.Supervision is { Blocks: true } supervision)
        {
            await RequirePassesBlockingRules(supervision, settled(""));
        }
        return await CommitInOpenPeriod(settled);
    }

    public async Task<SettlementAccepted?> FindSettlement(string settlementId)
    {
        if (State.FindSettlement(settlementId) is not { } entry)
        {
            return null;
        }
        var settlement = await ReadEvent<SettlementAccepted>(entry.SettlementVersion);
        // The index is by digest: the id itself is compared, so a collision is never taken for the settlement.
        return settlement.SettlementId == settlementId ? settlement : null;
    }

    public async Task<SettlementReversed> Reverse(ReverseSettlement command)
    {
        RejectedException NotFound() => RejectedException.NotFound($"settlement {command.SettlementId} not found");

        var earlier = await Replay<SettlementReversed>(command.CareRegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier;
        }
        // State knows where the settlement is; the settlement itself is read back from the stream (and its
        // id compared, so a digest collision is never taken for it).
        var entry = State.FindSettlement(command.SettlementId) ?? throw NotFound();
        var settlement = await ReadEvent<SettlementAccepted>(entry.SettlementVersion);
        if (settlement.SettlementId != command.SettlementId)
        {
            throw NotFound();
        }
        if (settlement.CareRegionCode != command.CareRegionCode)
        {
            throw RejectedException.PermissionDenied(
                $"settlement {command.SettlementId} was settled by care region {settlement.CareRegionCode}; region {command.CareRegionCode} may not reverse it");
        }
        if (entry.IsReversed)
        {
            var done = await ReadEvent<SettlementReversed>(entry.ReversalVersion);
            throw RejectedException.FailedPrecondition(
                $"settlement {command.SettlementId} was already reversed by reversal {done.ReversalId}");
        }
        var now = clock.AcceptedNow();
        var b = settlement.Breakdown;
        var stamp = RequestStamps.Of(command.CareRegionCode, command.RequestId, command.Fingerprint, now);
        var reversalId = TimeOrderedId.Text(now);
        // A reversal is booked in the period open now, whatever period its settlement was in.
        return await CommitInOpenPeriod(period => new SettlementReversed(
            stamp, reversalId, settlement.SettlementId, period, PersonId, settlement.InsuredRegionCode,
            settlement.CareRegionCode, command.Reason,
            settlement.ServiceDate.Year, b.FundPayFen, b.AccountPayFen,
            settlement.VisitType == VisitType.Outpatient ? b.DeductibleFen : 0,
            b.QualifyingSelfBurdenFen, b.SeriousIllnessPayFen, b.AssistancePayFen));
    }

    /// <summary>
    /// Commits an event booked in the open period. When a close cut the period off after this silo last
    /// looked, the store refuses it and nothing is written: the event is made again for the period now
    /// open. The decision itself does not depend on the period, so only the booking changes.
    /// </summary>
    private async Task<TEvent> CommitInOpenPeriod<TEvent>(Func<string, TEvent> inPeriod) where TEvent : IStampedEvent
    {
        const int attempts = 3;
        var period = await openPeriod.CurrentAsync();
        for (var attempt = 1; ; attempt++)
        {
            var e = inPeriod(period);
            try
            {
                await Commit(e);
                return e;
            }
            catch (Clearinghouse.Grains.Storage.PeriodNotOpenException) when (attempt < attempts)
            {
                period = await openPeriod.RefreshAsync();
            }
        }
    }
}
