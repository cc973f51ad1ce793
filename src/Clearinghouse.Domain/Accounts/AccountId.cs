using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Domain.Accounts;

public enum AccountKind
{
    /// <summary>A region's prepayment (预付金), held by the clearing account.</summary>
    Prepayment = 1,
    /// <summary>A region's pooled fund (统筹基金).</summary>
    Pooled = 2,
    /// <summary>The clearing account "000000": what net payers paid in and what was paid out to net receivers.</summary>
    Clearing = 3,
    /// <summary>An insured person's personal account (个人账户).</summary>
    Personal = 4,
    /// <summary>A region's serious-illness insurance fund (大病保险).</summary>
    SeriousIllness = 5,
    /// <summary>A region's medical-assistance fund (医疗救助): what it advanced, to be funded by civil affairs.</summary>
    Assistance = 6,
}

/// <summary>
/// An account's id as callers write it: "prepayment:&lt;region&gt;", "pooled:&lt;region&gt;", "serious:&lt;region&gt;",
/// "assistance:&lt;region&gt;", "clearing:000000" or "personal:&lt;person_id&gt;". The owner is the region code, the person id, or <see cref="ClearingAccount.Code"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.account_id.v1")]
public readonly record struct AccountId([property: Id(0)] AccountKind Kind, [property: Id(1)] string Owner)
{
    public const string PrepaymentPrefix = "prepayment";
    public const string PooledPrefix = "pooled";
    public const string ClearingPrefix = "clearing";
    public const string PersonalPrefix = "personal";
    public const string SeriousIllnessPrefix = "serious";
    public const string AssistancePrefix = "assistance";

    private const string Kinds = "prepayment:<region>, pooled:<region>, serious:<region>, assistance:<region>, clearing:000000 or personal:<person_id>";

    public static readonly AccountId ClearingAccountId = new(AccountKind.Clearing, ClearingAccount.Code);

    public static AccountId Prepayment(string regionCode) => new(AccountKind.Prepayment, regionCode);

    public static AccountId Pooled(string regionCode) => new(AccountKind.Pooled, regionCode);

    public static AccountId Personal(string personId) => new(AccountKind.Personal, personId);

    /// <summary>Null when <paramref name="text"/> is not an account id of any kind; <paramref name="error"/> says why.</summary>
    public static AccountId? TryParse(string? text, out string error)
    {
        error = "";
        var colon = text?.IndexOf(':') ?? -1;
        if (text is null || colon <= 0)
        {
            error = $"an account id is \"<kind>:<owner>\": {Kinds}";
            return null;
        }
        var prefix = text[..colon];
        var owner = text[(colon + 1)..];
        switch (prefix)
        {
            case PrepaymentPrefix or PooledPrefix or SeriousIllnessPrefix or AssistancePrefix when !RegionCodeFormat.IsValid(owner):
                error = $"{prefix} accounts are owned by a region: \"{prefix}:<6-digit region code>\"";
                return null;
            case PrepaymentPrefix:
                return Prepayment(owner);
            case PooledPrefix:
                return Pooled(owner);
            case SeriousIllnessPrefix:
                return new AccountId(AccountKind.SeriousIllness, owner);
            case AssistancePrefix:
                return new AccountId(AccountKind.Assistance, owner);
            case ClearingPrefix when owner != ClearingAccount.Code:
                error = $"the clearing account is \"clearing:{ClearingAccount.Code}\"";
                return null;
            case ClearingPrefix:
                return ClearingAccountId;
            case PersonalPrefix when owner.Length == 0:
                error = "a personal account is \"personal:<person_id>\"";
                return null;
            case PersonalPrefix:
                return Personal(owner);
            default:
                error = $"unknown account kind \"{prefix}\": {Kinds}";
                return null;
        }
    }

    public override string ToString() => Prefix + ":" + Owner;

    /// <summary>The kind as ids write it: "prepayment", "pooled", "serious", …</summary>
    public string Prefix => Kind switch
    {
        AccountKind.Prepayment => PrepaymentPrefix,
        AccountKind.Pooled => PooledPrefix,
        AccountKind.Clearing => ClearingPrefix,
        AccountKind.Personal => PersonalPrefix,
        AccountKind.SeriousIllness => SeriousIllnessPrefix,
        AccountKind.Assistance => AssistancePrefix,
        _ => throw new InvariantViolationException($"no account kind {Kind}"),
    };
}
