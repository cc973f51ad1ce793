using Clearinghouse.Api.Identity;
using Grpc.Core;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>IdentityService: the caller as its certificate's claims say, so a client can show who is signed in.</summary>
public sealed class IdentityGrpcService : V1.IdentityService.IdentityServiceBase
{
    public override Task<V1.CallerIdentity> GetCaller(V1.GetCallerRequest request, ServerCallContext context)
    {
        // The authorization interceptor admitted the call only with a caller, so there is one.
        var caller = CallerAccess.Of(context) ?? throw new InvalidOperationException("an authorized call has a caller");
        return Task.FromResult(new V1.CallerIdentity { Role = ToWire(caller.Role), Scope = caller.Scope, Name = caller.ToString() });
    }

    private static V1.CallerIdentity.Types.Role ToWire(CallerRole role) => role switch
    {
        CallerRole.Region => V1.CallerIdentity.Types.Role.Region,
        CallerRole.Platform => V1.CallerIdentity.Types.Role.Platform,
        CallerRole.Officer => V1.CallerIdentity.Types.Role.Officer,
        CallerRole.Operator => V1.CallerIdentity.Types.Role.Operator,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "a role the contract does not name"),
    };
}
