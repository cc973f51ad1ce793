using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Clearinghouse.Api.Telemetry;

/// <summary>
/// Counts the unary Settle and Reverse calls by the status they end with (<see cref="SettlementMetrics"/>).
/// The first interceptor, so a refusal by the access table or a caller's rate limit is counted too. Every
/// other call, and every call while no one listens, goes straight through: no await, no allocation.
/// </summary>
public sealed class SettlementOutcomeInterceptor(SettlementMetrics metrics) : Interceptor
{
    private const string Settle = "/clearinghouse.v1.SettlementService/Settle";
    private const string Reverse = "/clearinghouse.v1.SettlementService/Reverse";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var method = context.Method;
        if (!metrics.Enabled || !(string.Equals(method, Settle, StringComparison.Ordinal) || string.Equals(method, Reverse, StringComparison.Ordinal)))
        {
            return continuation(request, context);
        }
        return Counted(request, context, continuation, string.Equals(method, Settle, StringComparison.Ordinal));
    }

    private async Task<TResponse> Counted<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation, bool settle)
        where TRequest : class
        where TResponse : class
    {
        var status = StatusCode.Unknown;
        try
        {
            var response = await continuation(request, context);
            status = StatusCode.OK;
            return response;
        }
        catch (RpcException e)
        {
            // The interceptors inside this one have turned every failure into its status.
            status = e.StatusCode;
            throw;
        }
        finally
        {
            if (settle)
            {
                metrics.Settled(status);
            }
            else
            {
                metrics.Reversed(status);
            }
        }
    }
}
