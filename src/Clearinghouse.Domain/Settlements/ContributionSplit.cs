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

    /// <summary>
    /// The split with the policy's share of the pooled part that funds serious-illness insurance: that share,
    /// floored, leaves the pooled part for the serious-illness fund; the three parts sum to employer + individual.
    /// </summary>
    public static (long AccountCreditFen, long PooledCreditFen, long SeriousIllnessCreditFen) Split(
        Scheme scheme, int employerToAccountBp, int seriousIllnessShareBp, long employerFen, long individualFen)
    {
        var (account, pooledPart) = Split(scheme, employerToAccountBp, employerFen, individualFen);
        var seriousIllness = BasisPoints.ApplyFloor(pooledPart, seriousIllnessShareBp);
        var pooled = pooledPart - seriousIllness;
        Invariant.Require(
            seriousIllness >= 0 && pooled >= 0 && account + pooled + seriousIllness == employerFen + individualFen,
            "account + pooled + serious illness == employer + individual");
        return (account, pooled, seriousIllness);
    }
}
