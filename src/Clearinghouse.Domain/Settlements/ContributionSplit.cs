using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Settlements;

/// <summary>How one contribution divides between the personal account and the pooled fund (docs/domain.md).</summary>
public static class ContributionSplit
{
    public static (long AccountCreditFen, long PooledCreditFen) Split(Scheme scheme, int employerToAccountBp, long employerFen, long individualFen)
    {
        Invariant.Require(employerFen >= 0 && individualFen >= 0, "contribution parts are not negative");
        var total = checked(employerFen + individualFen);
        // The resident scheme has no personal account: everything goes to the pooled fund.
        var account = scheme == Scheme.Employee
            ? checked(individualFen + BasisPoints.ApplyFloor(employerFen, employerToAccountBp))
            : 0;
        var pooled = total - account;
        Invariant.Require(account >= 0 && pooled >= 0 && account + pooled == total, "account + pooled == employer + individual");
        return (account, pooled);
    }
}
