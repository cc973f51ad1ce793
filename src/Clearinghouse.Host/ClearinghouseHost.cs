using System.Net;
using Clearinghouse.Api;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Grains.Persons;
using Clearinghouse.Grains.Registry;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Clearing;
using Clearinghouse.Storage.Reconciliation;
using Clearinghouse.Storage;
using Marten;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace Clearinghouse.Host;

/// <summary>
/// The composition root: Marten on PostgreSQL, the Orleans silo, the gRPC services with reflection and
/// the standard health service. Tests build the same host with their own configuration.
/// </summary>
public static class ClearinghouseHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(ClearinghouseOptions.Section).Get<ClearinghouseOptions>() ?? new();
        var connectionString = WithConnectionDefaults(builder.Configuration.GetConnectionString("Clearinghouse")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Clearinghouse is not set. Start with ops/start.sh, or pass --ConnectionStrings:Clearinghouse=\"Host=...\"."));

        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen => listen.Protocols = HttpProtocols.Http2));

        builder.Services
            .AddMarten(store => MartenConfiguration.Configure(store, connectionString))
            .ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddSingleton<IConfigureMarten, MartenLogging>();
        // TryAdd: a test may bring its own clock through `configure` (e.g. to accept at a chosen instant).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<GroupCommitOptions>(builder.Configuration.GetSection(GroupCommitOptions.Section));
        builder.Services.AddSingleton<GroupCommitMetrics>();
        builder.Services.AddSingleton<IEventLog, MartenEventLog>();
        builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<SettlementQueries>();
        builder.Services.AddSingleton<IOpenPeriodStore, OpenPeriodStore>();
        builder.Services.AddSingleton<IObligationSource, ObligationQuery>();
        builder.Services.AddSingleton<OpenPeriodCache>();
        builder.Services.AddSingleton<RegistryReferences>();
        builder.Services.AddSingleton<ReconciliationQueries>();
        builder.Services.AddSingleton<IOpenDiscrepancies, OpenDiscrepancies>();

        builder.UseOrleans(silo => silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort));
        builder.Services.Configure<GrainCollectionOptions>(collection =>
        {
            collection.CollectionQuantum = TimeSpan.FromSeconds(Math.Clamp(options.PersonIdleTime.TotalSeconds / 2, 1, 60));
            collection.ClassSpecificCollectionAge[typeof(PersonGrain).FullName!] = options.PersonIdleTime;
        });

        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<RejectionInterceptor>();
            grpc.MaxReceiveMessageSize = 8 * 1024 * 1024;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<PeriodWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PeriodWatch>());
        builder.Services.AddGrpcHealthChecks().AddCheck<DatabaseHealthCheck>("postgresql");

        var app = builder.Build();
        app.MapGrpcService<RegistryGrpcService>();
        app.MapGrpcService<SettlementGrpcService>();
        app.MapGrpcService<ClearingGrpcService>();
        app.MapGrpcService<ReconciliationGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>
    /// Connection defaults for this workload; a connection string that sets either itself wins.
    /// <list type="bullet">
    /// <item>Max Auto Prepare: the write path sends the same few statements over and over (batched append,
    /// request keys, ledger rows); letting Npgsql prepare them saves PostgreSQL the parse and plan of each:
    /// +25% settlements/s on 2 cores (docs/performance.md).</item>
    /// <item>No Reset On Close: a pooled connection is not reset before its next use. The reset is a
    /// statement list PostgreSQL runs as a transaction of its own, one per read: activating a person reads
    /// its stream, so with people not in memory it doubled the transactions. Without it: 2,184 settlements/s
    /// instead of 1,947 and a set-up at 4,287 calls/s instead of 3,141 (docs/performance.md, session 6).
    /// Nothing here leaves session state on a pooled connection: no SET, no session advisory lock; the
    /// only temporary table is dropped with its transaction, which Npgsql rolls back on return anyway.</item>
    /// </list>
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 100;
            settings.AutoPrepareMinUsages = 2;
        }
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists, not whether it was set.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }
        return settings.ConnectionString;
    }
}
