using System.Security.Claims;

namespace Clearinghouse.Api.Identity;

/// <summary>
/// The claims the certificate authentication puts on an authenticated request, and the caller read back
/// from them. One role and one scope claim per principal.
/// </summary>
public static class CallerClaims
{
    public const string Role = "urn:clearinghouse:role";
    public const string Scope = "urn:clearinghouse:scope";

    /// <summary>The caller the principal stands for; null when it carries no (valid) clearinghouse identity.</summary>
    public static Caller? Of(ClaimsPrincipal? user)
    {
        var role = user?.FindFirst(Role)?.Value;
        var scope = user?.FindFirst(Scope)?.Value;
        if (role is null || scope is null || !Enum.TryParse<CallerRole>(role, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return null;
        }
        return new Caller(parsed, scope);
    }

    public static IEnumerable<Claim> For(Caller caller, string issuer) =>
    [
        new Claim(Role, caller.Role.ToString(), ClaimValueTypes.String, issuer),
        new Claim(Scope, caller.Scope, ClaimValueTypes.String, issuer),
    ];
}
