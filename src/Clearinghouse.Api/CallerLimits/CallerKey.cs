using Clearinghouse.Api.Identity;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>Whose limits a call counts against: the authenticated caller, e.g. "region:110000".</summary>
public static class CallerKey
{
    public static string Of(ServerCallContext context) => Of(context.GetHttpContext());

    /// <summary>
    /// The caller of the request; without a clearinghouse identity, the remote IP address. That fallback
    /// partition is for the endpoints that answer without a client certificate (health, reflection):
    /// every other call carries a caller once certificate authentication runs.
    /// </summary>
    public static string Of(HttpContext http) =>
        CallerAccess.Of(http.User)?.ToString() ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown address";
}
