using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Api.Telemetry;

public static class SettlementMetricsRegistration
{
    /// <summary>
    /// The settlement counts and their interceptor, placed first of all interceptors (PostConfigure runs
    /// after every registration's Configure), so it sees the status of calls the others refuse.
    /// </summary>
    public static IServiceCollection AddSettlementMetrics(this IServiceCollection services)
    {
        services.AddSingleton<SettlementMetrics>();
        // One instance for every call: it holds no per-call state.
        services.AddSingleton<SettlementOutcomeInterceptor>();
        services.PostConfigure<GrpcServiceOptions>(grpc =>
        {
            var others = grpc.Interceptors.ToList();
            grpc.Interceptors.Clear();
            grpc.Interceptors.Add<SettlementOutcomeInterceptor>();
            others.ForEach(grpc.Interceptors.Add);
        });
        return services;
    }
}
