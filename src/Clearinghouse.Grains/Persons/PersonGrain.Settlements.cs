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
        var earlier = Replay<SettlementAccepted>(command.CareRegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier;
        }
        var enrollment = RequireEnrolled();
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(command.HospitalCode).Get();
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
        if (command.ServiceDate > ChinaTime.BusinessDate(now))
        {
            throw RejectedException.InvalidArgument($"service_date {CivilDate.Format(command.ServiceDate)} is in the future");
        }

        var policy = await GrainFactory.GetGrain<IRegionGrain>(enrollment.InsuredRegionCode).PolicyInForce(command.ServiceDate)
            ?? throw RejectedException.FailedPrecondition(
                $"region {enrollment.InsuredRegionCode} has no policy in force on {CivilDate.Format(command.ServiceDate)}");
        var schemePolicy = policy.Policy.ForScheme(enrollment.Scheme)
            ?? throw RejectedException.FailedPrecondition(
                $"policy version {policy.Version} of region {policy.RegionCode} does not cover scheme {enrollment.Scheme}");
        var rule = schemePolicy.RuleFor(command.VisitType, hospital.Level)
            ?? throw RejectedException.FailedPrecondition(
                $"policy version {policy.Version} of region {policy.RegionCode} has no {command.VisitType} rule for hospital level {hospital.Level}");

        var registered = State.IsRegisteredFor(command.CareRegionCode, command.ServiceDate);
        var year = State.TotalsFor(command.ServiceDate.Year);
        var breakdown = SettlementCalculator.Calculate(
            schemePolicy,
            rule,
            new VisitFacts(command.VisitType, enrollment.Category, registered, command.UsePersonalAccount, command.Items),
            new YearToDate(year.FundPaidFen, year.OutpatientDeductibleUsedFen, State.AccountBalanceFen));

        var accepted = new SettlementAccepted(
            new RequestStamp(command.CareRegionCode, command.RequestId, command.Fingerprint, now),
            NewId(now), ChinaTime.PeriodOf(now), PersonId, enrollment.InsuredRegionCode, command.CareRegionCode,
            command.HospitalCode, hospital.Level, command.VisitType, command.ServiceDate, command.UsePersonalAccount,
            registered, policy.Version, breakdown, command.Items);
        await Commit(accepted);
        return accepted;
    }

    public async Task<SettlementReversed> Reverse(ReverseSettlement command)
    {
        var earlier = Replay<SettlementReversed>(command.CareRegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier;
        }
        var settlement = State.FindSettlement(command.SettlementId)
            ?? throw RejectedException.NotFound($"settlement {command.SettlementId} not found");
        if (settlement.CareRegionCode != command.CareRegionCode)
        {
            throw RejectedException.PermissionDenied(
                $"settlement {command.SettlementId} was settled by care region {settlement.CareRegionCode}; region {command.CareRegionCode} may not reverse it");
        }
        if (State.FindReversalOf(command.SettlementId) is { } done)
        {
            throw RejectedException.FailedPrecondition(
                $"settlement {command.SettlementId} was already reversed by reversal {done.ReversalId}");
        }
        var now = clock.AcceptedNow();
        var b = settlement.Breakdown;
        var reversed = new SettlementReversed(
            new RequestStamp(command.CareRegionCode, command.RequestId, command.Fingerprint, now),
            NewId(now), settlement.SettlementId, ChinaTime.PeriodOf(now), PersonId, settlement.InsuredRegionCode,
            settlement.CareRegionCode, command.Reason,
            settlement.ServiceDate.Year, b.FundPayFen, b.AccountPayFen,
            settlement.VisitType == VisitType.Outpatient ? b.DeductibleFen : 0);
        await Commit(reversed);
        return reversed;
    }
}
