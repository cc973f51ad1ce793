using Clearinghouse.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>
/// What the telemetry settings turn on (docs/operations.md): nothing without them, no scrape listener with
/// a negative port, the OTLP exporters when a collector is named, the JSON console log when asked.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetrySettingsTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    [Fact]
    public async Task A_host_without_the_settings_listens_on_its_gRPC_endpoint_alone_and_collects_nothing()
    {
        await using var host = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock);

        Assert.StartsWith("https://", Assert.Single(Addresses(host)), StringComparison.Ordinal);
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.NotEqual(ConsoleFormatterNames.Json, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task A_collector_without_a_scrape_port_gets_metrics_and_spans_and_no_listener_opens()
    {
        // Nothing listens on the collector's port: the exporters' failed sends are theirs to retry, not the host's.
        var collector = $"http://127.0.0.1:{SiloPorts.Next()}";
        await using var host = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clearinghouse:Telemetry:Enabled"] = "true",
                ["Clearinghouse:Telemetry:PrometheusPort"] = "-1",
                ["Clearinghouse:Telemetry:OtlpEndpoint"] = collector,
            }));

        Assert.StartsWith("https://", Assert.Single(Addresses(host)), StringComparison.Ordinal);
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        // The host answers as ever.
        Assert.False(string.IsNullOrEmpty((await host.Clearing.GetCurrentPeriodAsync(new V1.GetCurrentPeriodRequest())).Period_));
    }

    [Fact]
    public async Task Json_logging_asked_for_writes_the_console_log_as_JSON()
    {
        await using var host = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Clearinghouse:Logging:Json"] = "true" }));

        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    private static ICollection<string> Addresses(RunningHost host) =>
        host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
}
