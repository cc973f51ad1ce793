using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Orleans.Concurrency;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>A pooling region (key: 6-digit region code): its name and policy versions.</summary>
public interface IRegionGrain : IGrainWithStringKey
{
    Task<RegionSnapshot> Upsert(UpsertRegion command);
    Task<PolicyVersion> PublishPolicy(PublishPolicy command);

    /// <summary>Null when the region was never created. Read-only, so it interleaves: no hot spot.</summary>
    [ReadOnly]
    Task<RegionSnapshot?> Get();

    [ReadOnly]
    Task<PolicyVersion?> PolicyInForce(DateOnly serviceDate);
}

/// <summary>A designated hospital (key: national hospital code).</summary>
public interface IHospitalGrain : IGrainWithStringKey
{
    Task<HospitalSnapshot> Register(RegisterHospital command);

    [ReadOnly]
    Task<HospitalSnapshot?> Get();
}

/// <summary>
/// One insured person (key: person id). The only writer of that person's stream: it serialises the
/// person's visits, so the annual cap and the personal account hold under any concurrency.
/// </summary>
public interface IPersonGrain : IGrainWithStringKey, IAccountHolder
{
    /// <summary>The person grain's type name (its GrainType attribute), so <see cref="PersonReferences"/> can make references without the class.</summary>
    public const string TypeName = "person";

    Task<PersonSnapshot> Enroll(EnrollPerson command);
    Task<ContributionRecorded> RecordContribution(RecordContribution command);
    Task<RegistrationFiled> FileRegistration(FileRegistration command);
    Task<PersonSnapshot> ChangeStatus(ChangePersonStatus command);
    Task<PersonSnapshot> SetAssistanceStatus(SetAssistanceStatus command);
    Task<SettlementAccepted> Settle(SettleVisit command);
    Task<SettlementReversed> Reverse(ReverseSettlement command);

    /// <summary>One of this person's settlements as accepted (its lines and visit detail), or null.</summary>
    [ReadOnly]
    Task<SettlementAccepted?> FindSettlement(string settlementId);

    /// <summary>Null when the person was never enrolled. Year 0 means the current year (China time).</summary>
    [ReadOnly]
    Task<PersonSnapshot?> Get(int year);

    /// <summary>
    /// Everything this activation holds, as canonical text (PersonState.Describe): for diagnostics, and what shows
    /// that a cold activation folds from the stream the state a warm one built event by event.
    /// </summary>
    [ReadOnly]
    Task<string> DescribeState();
}
