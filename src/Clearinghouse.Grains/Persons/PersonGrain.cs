using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Persons;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Grains.Registry;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Persons;

/// <summary>
/// One insured person: enrolment, contributions, registrations and status here; settling and
/// reversing visits in PersonGrain.Settlements.cs. Orleans runs one call at a time per activation,
/// which is what serialises a person's visits.
/// </summary>
[GrainType(TypeName)]
public sealed partial class PersonGrain(
    IEventLog eventLog, BusinessClock clock, OpenPeriodCache openPeriod, RegistryReferences registry, ICatalogues catalogues) : EventSourcedGrain<PersonState>(eventLog), IPersonGrain
{
    /// <summary>The grain type, named explicitly (it is Orleans' default for this class) for <see cref="PersonReferences"/>.</summary>
    public const string TypeName = IPersonGrain.TypeName;

    // Computed once per activation: GetPrimaryKeyString decodes a new string on every call, and each
    // settlement needs the id and the stream key.
    private string? _personId;
    private string? _streamKey;

    private string PersonId => _personId ??= this.GetPrimaryKeyString();

    protected override string StreamKey => _streamKey ??= StreamKeys.Person(PersonId);

    public async Task<PersonSnapshot> Enroll(EnrollPerson command)
    {
        if (await Replay<PersonEnrolled>(command.InsuredRegionCode, command.RequestId, command.Fingerprint) is null)
        {
            if (State.Enrollment is { } existing)
            {
                throw RejectedException.AlreadyExists($"person {PersonId} is already enrolled in region {existing.InsuredRegionCode}");
            }
            await RequireRegion(command.InsuredRegionCode);
            var stamp = Stamp(command.InsuredRegionCode, command.RequestId, command.Fingerprint);
            await Commit(new PersonEnrolled(stamp, PersonId, command.InsuredRegionCode, command.Scheme, command.Category));
        }
        return Snapshot(0)!;
    }

    public async Task<ContributionRecorded> RecordContribution(RecordContribution command)
    {
        var enrollment = RequireEnrolled();
        var earlier = await Replay<ContributionRecorded>(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier;
        }
        // The split follows the insured region's policy in force on the first day of the period. The employee
        // scheme needs one (its account share); the resident scheme splits without one, all to the pooled fund,
        // and takes the serious-illness share from the policy when one is in force.
        CivilDate.TryParsePeriod(command.Period, out var firstDay);
        var policy = await registry.Region(enrollment.InsuredRegionCode).PolicyInForce(firstDay);
        var schemePolicy = policy?.Policy.ForScheme(enrollment.Scheme);
        if (enrollment.Scheme == Scheme.Employee && schemePolicy is null)
        {
            throw policy is null
                ? RejectedException.FailedPrecondition($"region {enrollment.InsuredRegionCode} has no policy in force for period {command.Period}")
                : RejectedException.FailedPrecondition(
                    $"policy version {policy.Version} of region {enrollment.InsuredRegionCode} does not cover scheme {enrollment.Scheme}");
        }
        var (account, pooled, seriousIllness) = ContributionSplit.Split(
            enrollment.Scheme, schemePolicy?.EmployerToAccountBp ?? 0, schemePolicy?.SeriousIllnessShareBp ?? 0,
            command.EmployerFen, command.IndividualFen);
        var recorded = new ContributionRecorded(
            Stamp(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint), enrollment.InsuredRegionCode, command.Period,
            command.EmployerFen, command.IndividualFen, account, pooled, checked(State.AccountBalanceFen + account), seriousIllness);
        await Commit(recorded);
        return recorded;
    }

    public async Task<RegistrationFiled> FileRegistration(FileRegistration command)
    {
        var enrollment = RequireEnrolled();
        var earlier = await Replay<RegistrationFiled>(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier;
        }
        await RequireRegion(command.CareRegionCode);
        if (command.CareRegionCode == enrollment.InsuredRegionCode)
        {
            throw RejectedException.FailedPrecondition(
                $"person {PersonId} is insured in region {command.CareRegionCode}: a registration is for care in another region");
        }
        var stamp = Stamp(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint);
        var filed = new RegistrationFiled(
            stamp, TimeOrderedId.Text(stamp.AcceptedAt), command.CareRegionCode, command.ValidFrom, command.ValidTo);
        await Commit(filed);
        return filed;
    }

    public async Task<PersonSnapshot> ChangeStatus(ChangePersonStatus command)
    {
        var enrollment = RequireEnrolled();
        if (await Replay<IStampedEvent>(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint) is null)
        {
            if (State.Status == command.Status)
            {
                throw RejectedException.FailedPrecondition($"person {PersonId} is already {command.Status.ToString().ToLowerInvariant()}");
            }
            var stamp = Stamp(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint);
            await Commit(command.Status == PersonStatus.Suspended
                ? new PersonSuspended(stamp, command.Reason)
                : new PersonReinstated(stamp));
        }
        return Snapshot(0)!;
    }

    /// <summary>
    /// A status holds from its effective date until a later one takes over, so a new one must start after the
    /// latest: what was in force on a date already set stays what it was.
    /// </summary>
    public async Task<PersonSnapshot> SetAssistanceStatus(SetAssistanceStatus command)
    {
        var enrollment = RequireEnrolled();
        if (await Replay<AssistanceStatusSet>(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint) is null)
        {
            if (State.AssistanceHistory is [.., var latest] && command.EffectiveFrom <= latest.EffectiveFrom)
            {
                throw RejectedException.FailedPrecondition(
                    $"effective_from {CivilDate.Format(command.EffectiveFrom)} must be later than person {PersonId}'s latest assistance status, "
                    + $"{latest.Status} from {CivilDate.Format(latest.EffectiveFrom)}");
            }
            var stamp = Stamp(enrollment.InsuredRegionCode, command.RequestId, command.Fingerprint);
            await Commit(new AssistanceStatusSet(stamp, command.Status, command.EffectiveFrom));
        }
        return Snapshot(0)!;
    }

    public Task<PersonSnapshot?> Get(int year) => Task.FromResult(Snapshot(year));

    public Task<string> DescribeState() => Task.FromResult(State.Describe());

    private PersonSnapshot? Snapshot(int year)
    {
        if (State.Enrollment is not { } e)
        {
            return null;
        }
        year = year == 0 ? ChinaTime.BusinessDate(clock.AcceptedNow()).Year : year;
        var totals = State.TotalsFor(year);
        return new PersonSnapshot(
            PersonId, e.InsuredRegionCode, e.Scheme, e.Category, State.Status, State.AccountBalanceFen,
            year, totals.FundPaidFen, totals.OutpatientDeductibleUsedFen, [.. State.Registrations],
            [.. State.AssistanceHistory], totals.QualifyingSelfBurdenFen, totals.SeriousIllnessPaidFen, totals.AssistancePaidFen);
    }

    private PersonEnrolled RequireEnrolled() =>
        State.Enrollment ?? throw RejectedException.NotFound($"person {PersonId} not found");

    private async Task<Abstractions.RegionSnapshot> RequireRegion(string regionCode) =>
        await registry.Region(regionCode).Get()
        ?? throw RejectedException.NotFound($"region {regionCode} not found");

    private RequestStamp Stamp(string scope, string requestId, string fingerprint) =>
        RequestStamps.Of(scope, requestId, fingerprint, clock.AcceptedNow());
}
