using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearinghouse.Api.CallerLimits;

public static class CallerLimitsRegistration
{
    /// <summary>
    /// The limits per caller (rate of mutating calls, concurrent WatchPeriods streams) and the message-size
    /// limit of every service. A test may register its own <see cref="RateLimitClock"/> first.
    /// </summary>
    public static IServiceCollection AddCallerLimits(this IServiceCollection services, CallerLimitsOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(new RateLimitClock(TimeProvider.System));
        services.AddSingleton<CallerRateLimits>();
        services.AddSingleton<WatchStreamSlots>();
        // One instance for every call: it holds no per-call state.
        services.AddSingleton<CallerLimitsInterceptor>();
        services.Configure<GrpcServiceOptions>(grpc =>
        {
            grpc.Interceptors.Add<CallerLimitsInterceptor>();
            grpc.MaxReceiveMessageSize = MessageSizeLimits.HostWide;
        });
        services.Configure<GrpcServiceOptions<RegistryGrpcService>>(grpc => grpc.MaxReceiveMessageSize = MessageSizeLimits.RegistryService);
        services.Configure<GrpcServiceOptions<SettlementGrpcService>>(grpc => grpc.MaxReceiveMessageSize = MessageSizeLimits.SettlementService);
        services.Configure<GrpcServiceOptions<ClearingGrpcService>>(grpc => grpc.MaxReceiveMessageSize = MessageSizeLimits.ClearingService);
        services.Configure<GrpcServiceOptions<ReconciliationGrpcService>>(grpc => grpc.MaxReceiveMessageSize = MessageSizeLimits.ReconciliationService);
        services.Configure<GrpcServiceOptions<AuditGrpcService>>(grpc => grpc.MaxReceiveMessageSize = MessageSizeLimits.AuditService);
        services.Configure<GrpcServiceOptions<SupervisionGrpcService>>(grpc => grpc.MaxReceiveMessageSize = MessageSizeLimits.SupervisionService);
        return services;
    }
}
