using System.Net;
using Clearinghouse.Api;
using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Api.EventStore;
using Clearinghouse.Api.Telemetry;
using Clearinghouse.Domain;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Catalogues;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Grains.Persons;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Host.Accounts;
using Clearinghouse.Host.Cluster;
using Clearinghouse.Host.Identity;
using Clearinghouse.Host.Supervision;
using Clearinghouse.Host.Telemetry;
using Clearinghouse.Host.WebConsole;
using Clearinghouse.Storage;
using Clearinghouse.Storage.EventLog;
using Clearinghouse.Storage.Failures;
using Clearinghouse.Storage.ReadModels;
using Clearinghouse.Storage.ReadModels.Audit;
using Clearinghouse.Storage.ReadModels.Clearing;
using Clearinghouse.Storage.ReadModels.Ledger;
using Clearinghouse.Storage.ReadModels.Reconciliation;
using Marten;
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
        var connectionString = WithHostSettings(builder.Configuration.GetConnectionString("Clearinghouse")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Clearinghouse is not set. Start with ops/start.sh, or pass --ConnectionStrings:Clearinghouse=\"Host=...\"."));

        // TLS always, client certificates asked for (docs/identity.md); without the certificate settings the
        // host stops here with a message naming them.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen => CallerAuthentication.ListenTls(listen, options.Tls)));
        builder.Services.AddCallerAuthentication(options.Tls);
        // Metrics, traces and JSON logs when asked (docs/operations.md); without the settings, none of it.
        var telemetry = builder.AddClearinghouseTelemetry();
        builder.UseJsonConsoleWhenAsked();

        builder.Services
            .AddMarten(store => MartenConfiguration.Configure(store, connectionString))
            .ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddSingleton<IConfigureMarten, MartenLogging>();
        // TryAdd: a test may bring its own clocks through `configure` (e.g. to accept at a chosen instant).
        // Business time reads the host's TimeProvider unless a BusinessClock of its own is registered.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(services => new BusinessClock(services.GetRequiredService<TimeProvider>()));
        builder.Services.Configure<GroupCommitOptions>(builder.Configuration.GetSection(GroupCommitOptions.Section));
        builder.Services.AddSingleton<GroupCommitMetrics>();
        builder.Services.AddSingleton<IEventLog, MartenEventLog>();
        builder.Services.AddSingleton<IDatabaseFailures, DatabaseFailures>();
        builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(WithoutResetOnClose(connectionString)));
        builder.Services.AddSingleton<ISettlementQueries, SettlementQueries>();
        builder.Services.AddSingleton<IOpenPeriodStore, OpenPeriodStore>();
        builder.Services.AddSingleton<IObligationSource, ObligationQuery>();
        builder.Services.AddSingleton<OpenPeriodCache>();
        builder.Services.AddSingleton<ClearingMetrics>();
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<CloseFaults>(services, options.Faults.HaltClose));
        builder.Services.AddSingleton<IPeriodNoticeHandler>(services => services.GetRequiredService<OpenPeriodCache>());
        builder.Services.AddSingleton<RegistryReferences>();
        builder.Services.AddSingleton<ICatalogues, CatalogueCache>();
        builder.Services.AddSingleton<PersonReferences>();
        builder.Services.AddSingleton<IReconciliationQueries, ReconciliationQueries>();
        builder.Services.AddSingleton<IAuditQueries, AuditQueries>();
        builder.Services.AddSingleton<IEventFeed, EventFeedQueries>();
        builder.Services.AddSingleton<CommitWatermark>();
        builder.Services.AddSingleton<IDailyReportComparer, DailyReportComparer>();
        builder.Services.AddSingleton<IOpenDiscrepancies, OpenDiscrepancies>();
        builder.Services.AddPooledBooking(builder.Configuration);

        builder.UseOrleans(silo => silo.UseClustering(options, connectionString));
        // After the silo: hosted services stop in the reverse of their registration order, and the supervision
        // processor must stop before the silo it raises flags through (docs/supervision.md, "Stopping").
        builder.Services.AddSupervision(builder.Configuration, options.Faults.SupervisionHaltAfterFlags);
        builder.Services.Configure<GrainCollectionOptions>(collection =>
        {
            collection.CollectionQuantum = TimeSpan.FromSeconds(Math.Clamp(options.PersonIdleTime.TotalSeconds / 2, 1, 60));
            collection.ClassSpecificCollectionAge[typeof(PersonGrain).FullName!] = options.PersonIdleTime;
            // A safety net under the 1 GiB heap cap: a burst of people not seen before can fill memory faster than
            // idle ones leave it, and past the cap the host fails (OutOfMemoryException); Orleans then deactivates
            // the least recently used activations first until the heap is back under the target. Only near the cap:
            // at 80% it shed the headline's warm people under an ordinary load, which then read their streams again.
            collection.EnableActivationSheddingOnMemoryPressure = true;
            collection.MemoryUsageLimitPercentage = 92;
            collection.MemoryUsageTargetPercentage = 80;
            // Looked at every second, not every 5 s: a cold intake activates some 5,000 people a second, and in 5 s
            // the heap went from the limit past the cap (activations failed with OutOfMemoryException).
            collection.MemoryUsagePollingPeriod = TimeSpan.FromSeconds(1);
        });

        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<RejectionInterceptor>();
        })
            // The same services as JSON over HTTP for the web console (docs/console.md): the RPCs with an HTTP rule
            // in their proto. A transcoded call runs the same interceptors (authorization first) as a gRPC call.
            // int64 as JSON strings (proto3's JSON mapping): a browser reads numbers as doubles, and fen must stay exact.
            .AddJsonTranscoding(transcoding => transcoding.JsonSettings.WriteInt64sAsStrings = true);
        // Limits per caller and message-size limits (docs/decisions.md): after AddGrpc, so its interceptor
        // runs inside the RejectionInterceptor and its receive limits replace gRPC's default.
        builder.Services.AddCallerLimits(options.Limits);
        // Counts settlements and reversals by status: its interceptor goes first of all.
        builder.Services.AddSettlementMetrics();
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<PeriodWatch>();
        builder.Services.AddSingleton<OpenPeriodObligations>();
        builder.Services.AddSingleton<IPeriodNoticeHandler>(services => services.GetRequiredService<PeriodWatch>());
        if (options.Cluster.ListenForPeriodNotices)
        {
            // The clearing grain active before the host reports started; then cut-offs and closes committed by
            // any silo, for this silo's open period cache and watch streams.
            builder.Services.AddHostedService<ClearingActivation>();
            builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<PeriodNoticeListener>(services, connectionString));
        }
        builder.Services.AddSingleton(services => new DatabaseHealthCheck(connectionString, services.GetRequiredService<Npgsql.NpgsqlDataSource>()));
        builder.Services.AddGrpcHealthChecks().AddCheck<DatabaseHealthCheck>("postgresql");
        // Watch answers from the published results: published every 2 s, so NOT_SERVING and SERVING again
        // show within seconds of an outage's start and end (Check runs the check on each call).
        builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.FromSeconds(1);
            publisher.Period = TimeSpan.FromSeconds(2);
            publisher.Timeout = DatabaseHealthCheck.Limit + TimeSpan.FromSeconds(1);
        });
        // Last of the gRPC registrations: it replaces the binder each of them would add back.
        builder.Services.AddMalformedMessageStatus();

        var app = builder.Build();
        app.UseClearinghouseTelemetry(telemetry);
        app.UseConsoleFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<RegistryGrpcService>();
        app.MapGrpcService<SettlementGrpcService>();
        app.MapGrpcService<ClearingGrpcService>();
        app.MapGrpcService<ReconciliationGrpcService>();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<AccountGrpcService>();
        app.MapGrpcService<IdentityGrpcService>();
        app.MapGrpcService<SupervisionGrpcService>();
        // EventStoreDB's client protocol over the same event log, identities and TLS (docs/eventstore-protocol.md).
        app.MapGrpcService<StreamsGrpcService>();
        app.MapGrpcService<ServerFeaturesGrpcService>();
        app.MapConsoleExport();
        // Without a client certificate: a load balancer's probe and a developer's `grpcurl list`.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The clearinghouse's own pool (ledger and event reads, the group-commit writers, reconciliation's
    /// staging) hands a connection back as it is. Npgsql would otherwise reset it before its next use: seven
    /// statements (RESET ALL, DISCARD TEMP, …) that PostgreSQL runs as a transaction of their own, two of them
    /// per reversal (see docs/performance.md). Nothing on this
    /// pool leaves session state behind: settings are SET LOCAL or set_config(…, true), advisory locks are
    /// transaction locks, the reconciliation's temporary table is dropped with its transaction, and the
    /// application name a group-commit writer sets stays on the connection it keeps for its lifetime (it gives
    /// one back only when broken, which Npgsql does not pool, or at shutdown). Marten's own pool keeps the
    /// reset: its internals are not ours to vouch for.
    /// </summary>
    private static string WithoutResetOnClose(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;

    /// <summary>
    /// The write path sends the same few statements over and over (quick append, request key, ledger
    /// row); letting Npgsql prepare them saves PostgreSQL the parse and plan of each (see
    /// docs/performance.md). A connection string that sets Max Auto Prepare itself wins. The host's
    /// connections carry its application name.
    /// </summary>
    private static string WithHostSettings(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 100;
            settings.AutoPrepareMinUsages = 2;
        }
        // Named, so a read-model rebuild can refuse to run beside a host (ReadModelRebuild.RequireNoHostAsync).
        settings.ApplicationName ??= ReadModelRebuild.HostApplicationName;
        return settings.ConnectionString;
    }
}
