using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Clearinghouse.Host.Identity;

/// <summary>
/// Answers a gRPC call the fallback policy refuses with a gRPC status (trailers only, no body) instead of the bare
/// HTTP 401/403 the authentication handlers would write, which a gRPC client reads as a transport failure
/// (403 even as PermissionDenied). The reason the certificate was refused goes with it.
/// </summary>
public sealed class GrpcRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure?.Message;
            return Refuse(context, StatusCode.Unauthenticated, failure is null
                ? "a client certificate issued by the clearinghouse CA is required (docs/identity.md)"
                : $"the client certificate was refused: {failure}");
        }
        if (authorizeResult.Forbidden)
        {
            return Refuse(context, StatusCode.PermissionDenied, "the caller may not call this method");
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static Task Refuse(HttpContext context, StatusCode status, string message)
    {
        if (!IsGrpc(context.Request))
        {
            // A JSON caller (the web console through transcoding, or its export): the HTTP status and the same
            // body shape transcoding gives a refused call, {"code", "message"}.
            context.Response.StatusCode = status == StatusCode.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            return context.Response.WriteAsJsonAsync(new { code = (int)status, message });
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
