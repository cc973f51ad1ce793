namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// The funds a region keeps for its insured people, each booked from the ledger in batches the same way
/// (docs/accounts.md): one account per region and fund. Stored by name in PooledFundBooked: never rename a member.
/// </summary>
public enum FundKind
{
    /// <summary>The pooled fund (统筹基金): contributions' pooled part in, fund payments out.</summary>
    Pooled = 0,
    /// <summary>The serious-illness insurance fund (大病保险): contributions' serious-illness part in, its payments out.</summary>
    SeriousIllness = 1,
    /// <summary>The medical-assistance fund (医疗救助): assistance payments out; nothing comes in from contributions.</summary>
    Assistance = 2,
}

public static class FundKinds
{
    public static readonly IReadOnlyList<FundKind> All = [FundKind.Pooled, FundKind.SeriousIllness, FundKind.Assistance];

    public static AccountKind AccountKind(this FundKind fund) => fund switch
    {
        FundKind.Pooled => Accounts.AccountKind.Pooled,
        FundKind.SeriousIllness => Accounts.AccountKind.SeriousIllness,
        FundKind.Assistance => Accounts.AccountKind.Assistance,
        _ => throw new InvariantViolationException($"no fund kind {fund}"),
    };

    /// <summary>The fund an account of <paramref name="kind"/> is; null for an account that is no fund.</summary>
    public static FundKind? Of(AccountKind kind) => kind switch
    {
        Accounts.AccountKind.Pooled => FundKind.Pooled,
        Accounts.AccountKind.SeriousIllness => FundKind.SeriousIllness,
        Accounts.AccountKind.Assistance => FundKind.Assistance,
        _ => null,
    };

    /// <summary>The region's account of the fund: "pooled:110101", "serious:110101", "assistance:110101".</summary>
    public static AccountId Account(this FundKind fund, string regionCode) => new(fund.AccountKind(), regionCode);
}
