using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Supervision;

namespace Clearinghouse.Host.Supervision;

public static class SupervisionRegistration
{
    /// <summary>
    /// The flags read model, the feed's event decoder, the ledger's period reads and the driver of the supervision
    /// processor (docs/supervision.md). Called after UseOrleans: the driver must stop before the silo does.
    /// </summary>
    /// <param name="haltAfterFlags">The fault tests' <see cref="FaultSettings.SupervisionHaltAfterFlags"/>; 0 in production.</param>
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration, int haltAfterFlags)
    {
        services.AddSingleton<IFlagQueries, FlagQueries>();
        services.AddSingleton<IEventDecoder, StoredEventDecoder>();
        services.AddSingleton<IPeriodVisitQueries, PeriodVisitQueries>();
        services.Configure<SupervisionOptions>(configuration.GetSection(SupervisionOptions.Section));
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<SupervisionDriver>(provider, haltAfterFlags));
        return services;
    }
}
