using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;

namespace Clearinghouse.Api.Identity;

/// <summary>The checks of <see cref="AccessTable"/>, with the refusals' messages; used by the interceptor and by services after a load.</summary>
public static partial class CallerAccess
{
    // The principal is kept per connection (the host's ConnectionAuthenticationHandler), so the caller read from
    // it is too: one Caller per connection, not per call.
    private static readonly ConditionalWeakTable<ClaimsPrincipal, Caller> Callers = new();

    /// <summary>The authenticated caller of the call, or null when it has none (health, reflection).</summary>
    public static Caller? Of(ServerCallContext context) => Of(context.GetHttpContext().User);

    /// <summary>The caller the principal stands for, read once per principal (so once per connection).</summary>
    public static Caller? Of(ClaimsPrincipal user)
    {
        if (Callers.TryGetValue(user, out var caller))
        {
            return caller;
        }
        caller = CallerClaims.Of(user);
        if (caller is not null)
        {
            Callers.AddOrUpdate(user, caller);
        }
        return caller;
    }

    /// <summary>Refuses (PermissionDenied) a role the RPC does not admit, or a region the caller may not act for.</summary>
    public static void Check(Caller caller, string method, Access access, IMessage? request)
    {
        if (!AccessTable.Admits(access.Who, caller.Role))
        {
            throw Denied($"caller {caller} may not call {method.TrimStart('/')} (allowed: {Describe(access.Who)})");
        }
        if (access.RegionOf is null || request is null || caller.Role is not (CallerRole.Region or CallerRole.Platform))
        {
            return;
        }
        var region = access.RegionOf(request);
        if (region is not null && RegionCode().IsMatch(region) && !AccessTable.ActsFor(caller, region))
        {
            throw Denied($"caller {caller} may not act for region {region} ({access.Field})");
        }
    }

    /// <summary>
    /// After a service loaded a record: a region or platform caller must be party to it (one of
    /// <paramref name="regions"/> is the caller, or lies in the platform's province). Officers and operators read everything.
    /// </summary>
    public static void RequireParty(ServerCallContext context, string what, params ReadOnlySpan<string> regions)
    {
        if (Of(context) is not { Role: CallerRole.Region or CallerRole.Platform } caller)
        {
            return;
        }
        foreach (var region in regions)
        {
            if (AccessTable.ActsFor(caller, region))
            {
                return;
            }
        }
        throw Denied($"caller {caller} is not a party to {what}");
    }

    /// <summary>
    /// A request field that names the caller itself (the resolving officer, say): empty means the caller; a name
    /// that is not the caller's is PermissionDenied, so no caller records an act under another's name.
    /// </summary>
    public static string Self(ServerCallContext context, string field, string named)
    {
        var caller = Of(context) ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "a client certificate naming a clearinghouse caller is required"));
        if (named.Length > 0 && named != caller.Scope)
        {
            // The name is shortened: a status message travels in an HTTP/2 trailer, whose size the client bounds.
            var shown = RequestRules.Truncate(named);
            throw Denied($"caller {caller} may not act as {shown} ({field}): leave {field} empty or give its own name");
        }
        return caller.Scope;
    }

    private static RpcException Denied(string message) => new(new Status(StatusCode.PermissionDenied, message));

    private static string Describe(Roles who) => who == Roles.None ? "nobody" : string.Join(", ",
        Enum.GetValues<CallerRole>().Where(r => AccessTable.Admits(who, r)).Select(r => r.ToString().ToLowerInvariant()));

    [GeneratedRegex("^[0-9]{6}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionCode();
}
