using System.Net;
using Clearinghouse.Api.Telemetry;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Storage.EventLog;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Clearinghouse.Host.Telemetry;

/// <summary>
/// OpenTelemetry for operators (docs/operations.md): metrics of ASP.NET Core (every gRPC call is an HTTP/2
/// request), the .NET runtime, Npgsql, Orleans and the clearinghouse's own meters, served to Prometheus on a
/// plain-HTTP listener of its own and sent over OTLP when a collector is named; spans from the gRPC call
/// through the grain calls to the append and its commit.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The clearinghouse's own meters and activity sources all start so.</summary>
    public const string OwnPrefix = "Clearinghouse.*";

    /// <summary>Orleans' runtime meter (silo and grain figures).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static TelemetryOptions AddClearinghouseTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        options.Validate();
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return options;
        }
        if (options.PrometheusEnabled)
        {
            // HTTP/1.1 without TLS: only the scrape endpoint answers here (UseClearinghouseTelemetry).
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Listen(IPAddress.Parse(options.PrometheusAddress), options.PrometheusPort, listen => listen.Protocols = HttpProtocols.Http1));
        }
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("clearinghouse"))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OwnPrefix, OrleansMeter);
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            });
        if (options.TracingEnabled)
        {
            // Grain calls carry the caller's trace context only when asked: it costs every call a header.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
            telemetry.WithTracing(tracing =>
            {
                tracing
                    // A scrape is not worth a trace.
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => context.Request.IsHttps)
                    .AddSource(OwnPrefix, Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName,
                        Orleans.Diagnostics.ActivitySources.LifecycleActivitySourceName)
                    .AddNpgsql();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            });
        }
        return options;
    }

    /// <summary>
    /// Before authentication: a request on the plain-HTTP listener is a scrape or nothing. The gRPC listener
    /// is TLS only, so a request without TLS can only have come through the metrics listener, and none of
    /// the gRPC services, nor the client-certificate requirement, is reachable from there.
    /// </summary>
    public static void UseClearinghouseTelemetry(this WebApplication app, TelemetryOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }
        // Made now, so their gauges are there from the first scrape on, before the first settlement.
        app.Services.GetRequiredService<SettlementMetrics>();
        app.Services.GetRequiredService<ClearingMetrics>();
        app.Services.GetRequiredService<GroupCommitMetrics>();
        app.MapWhen(context => !context.Request.IsHttps, plain =>
        {
            if (options.PrometheusEnabled)
            {
                plain.UseOpenTelemetryPrometheusScrapingEndpoint();
            }
            plain.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }
}
