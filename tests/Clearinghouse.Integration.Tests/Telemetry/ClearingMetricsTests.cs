using System.Diagnostics.Metrics;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>
/// The clearing gauges (docs/operations.md) read what the silo knows when they are collected: the open period
/// once the silo knows one, and a close as running from its start until its scope ends, also when it fails.
/// </summary>
public sealed class ClearingMetricsTests
{
    [Fact]
    public void The_gauges_show_the_known_open_period_and_a_close_while_it_runs()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        // Only Advance and Known are used here: nothing reads the store or calls a grain.
        var openPeriod = new OpenPeriodCache(new NoStore(), grains: null!);
        var metrics = new ClearingMetrics(openPeriod, factory);
        var seen = new Dictionary<string, (int Value, string? Period)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
            seen[instrument.Name] = (value, tags.ToArray().Where(t => t.Key == "period").Select(t => (string?)t.Value).SingleOrDefault()));
        listener.Start();
        (int Value, string? Period)? Read(string name)
        {
            seen.Clear();
            listener.RecordObservableInstruments();
            return seen.TryGetValue(name, out var measured) ? measured : null;
        }

        Assert.Null(Read("clearinghouse.period.open"));
        Assert.Equal((0, null), Read("clearinghouse.period.closing"));

        openPeriod.Advance("2026-11");
        Assert.Equal((1, "2026-11"), Read("clearinghouse.period.open"));
        using (metrics.Closing("2026-11"))
        {
            Assert.Equal((1, null), Read("clearinghouse.period.closing"));
            openPeriod.Advance("2026-12");
            Assert.Equal((1, "2026-12"), Read("clearinghouse.period.open"));
        }
        Assert.Equal((0, null), Read("clearinghouse.period.closing"));

        Assert.Throws<InvalidOperationException>(() => CloseThatFails(metrics, "2026-12"));
        Assert.Equal((0, null), Read("clearinghouse.period.closing"));
    }

    private static void CloseThatFails(ClearingMetrics metrics, string period)
    {
        using var closing = metrics.Closing(period);
        throw new InvalidOperationException("the close failed");
    }

    private sealed class NoStore : IOpenPeriodStore
    {
        public Task<string?> ReadOpenAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
    }
}
