using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>
/// A host with telemetry on (docs/operations.md): the Prometheus scrape endpoint on a port Kestrel picks, spans
/// made and kept in <see cref="Spans"/> by OpenTelemetry's in-memory exporter; a registry of two regions, a
/// policy and a hospital to settle against.
/// </summary>
public sealed class TelemetryHostFixture : ClearinghouseFixture
{
    public const string Insured = "170104";
    public const string Care = "180105";
    public const string Hospital = "TELEMETRY-H2";
    public static readonly DateOnly EffectiveFrom = new(ChinaClock.Today.Year - 1, 1, 1);

    /// <summary>Every span the host ended, from its start on.</summary>
    public SpanRecorder Spans { get; } = new();

    /// <summary>The scrape endpoint: plain HTTP on the listener of its own.</summary>
    public Uri MetricsEndpoint
    {
        get
        {
            var addresses = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            var plain = Assert.Single(addresses, a => a.StartsWith("http://", StringComparison.Ordinal));
            return new Uri(new Uri(plain), "/metrics");
        }
    }

    /// <summary>A scenario whose model knows the seeded registry.</summary>
    public Scenario Scenario(string prefix)
    {
        var scenario = new Scenario(this, prefix);
        scenario.Model.PublishPolicy(Insured, EffectiveFrom, Policies.Standard());
        scenario.Model.RegisterHospital(Hospital, Care, 2);
        return scenario;
    }

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clearinghouse:Telemetry:Enabled"] = "true",
            ["Clearinghouse:Telemetry:PrometheusPort"] = "0",
            ["Clearinghouse:Telemetry:Tracing"] = "true",
        });
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
    }

    protected override async Task SeedAsync()
    {
        var scenario = new Scenario(this, "seed");
        await scenario.RegionAsync(Insured, "Hulunbuir Hailar");
        await scenario.RegionAsync(Care, "Xilingol Xilinhot");
        await scenario.PolicyAsync(Insured, EffectiveFrom, Policies.Standard());
        await scenario.HospitalAsync(Hospital, Care, 2);
    }
}
