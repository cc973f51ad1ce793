using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Supervision;

namespace Clearinghouse.Host.Supervision;

public static class SupervisionRegistration
{
    /// <summary>The flags read model, the feed's event decoder and the driver of the supervision processor (docs/supervision.md).</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IFlagQueries, FlagQueries>();
        services.AddSingleton<IEventDecoder, StoredEventDecoder>();
        services.Configure<SupervisionOptions>(configuration.GetSection(SupervisionOptions.Section));
        services.AddHostedService<SupervisionDriver>();
        return services;
    }
}
