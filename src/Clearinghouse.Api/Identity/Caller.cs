namespace Clearinghouse.Api.Identity;

/// <summary>What a caller is to the clearinghouse; its client certificate says which (docs/identity.md).</summary>
public enum CallerRole
{
    /// <summary>A regional agency; scope: its 6-digit region code.</summary>
    Region,

    /// <summary>A provincial platform relaying its hospitals' settlements; scope: the 2-digit province code.</summary>
    Platform,

    /// <summary>A reconciliation officer; scope: the officer's name.</summary>
    Officer,

    /// <summary>An operator of the registry (regions, policies, hospitals, people); scope: the operator's name.</summary>
    Operator,
}

/// <summary>The authenticated caller of a request: a role and the scope it acts in.</summary>
public sealed record Caller(CallerRole Role, string Scope)
{
    /// <summary>The province a region code lies in: its first two digits.</summary>
    public static string ProvinceOf(string regionCode) => regionCode[..2];

    // Derived from Role and Scope alone, so records equal in both stay equal; made once, since every
    // mutating call keys its caller's rate limit by it.
    private readonly string _name = $"{Role.ToString().ToLowerInvariant()}:{Scope}";

    /// <summary>How the caller is named in messages and the audit trail, e.g. "region:110000".</summary>
    public override string ToString() => _name;
}
