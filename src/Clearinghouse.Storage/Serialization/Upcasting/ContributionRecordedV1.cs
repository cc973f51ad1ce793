using Clearinghouse.Domain.Events;

namespace Clearinghouse.Storage.Serialization.Upcasting;

/// <summary>
/// The first stored shape of <see cref="ContributionRecorded"/> (contribution_recorded_v1), which did not name the
/// insured region. Only read, never written: <see cref="Upcast"/> makes the current event of it. Every v1 event
/// was stamped with the person's insured region as its request's scope (docs/idempotency.md), so the region is
/// taken from there.
/// </summary>
public sealed record ContributionRecordedV1(
    RequestStamp Request, string Period, long EmployerFen, long IndividualFen,
    long AccountCreditFen, long PooledCreditFen, long AccountBalanceAfterFen)
{
    public const string StoredName = "contribution_recorded_v1";

    public ContributionRecorded Upcast() =>
        new(Request, Request.Scope, Period, EmployerFen, IndividualFen, AccountCreditFen, PooledCreditFen, AccountBalanceAfterFen);
}
