using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Ledger;

namespace Clearinghouse.Host.Accounts;

public static class PooledBookingRegistration
{
    /// <summary>The pooled funds' ledger reads and the sweep that books them each interval and at close (docs/accounts.md).</summary>
    public static IServiceCollection AddPooledBooking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPooledFundQueries, PooledFundQueries>();
        services.Configure<PooledBookingOptions>(configuration.GetSection(PooledBookingOptions.Section));
        services.AddSingleton<PooledBookingSweep>();
        services.AddHostedService(services => services.GetRequiredService<PooledBookingSweep>());
        services.AddSingleton<IPeriodNoticeHandler>(services => services.GetRequiredService<PooledBookingSweep>());
        return services;
    }
}
