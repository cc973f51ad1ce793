using System.Diagnostics.Metrics;

namespace Clearinghouse.Grains.Clearing;

/// <summary>
/// The state of the clearing periods as this silo sees it, on the meter "Clearinghouse.Clearing"
/// (docs/operations.md): the open period (a gauge of 1 tagged with the period, from <see cref="OpenPeriodCache"/>)
/// and whether a close runs here (1 from the cut-off until the statements are committed, else 0). The
/// clearing grain runs on one silo at a time, so across silos at most one reports a close running.
/// Nothing is recorded on the settlement path: both are read when the metrics are collected.
/// </summary>
public sealed class ClearingMetrics
{
    public const string MeterName = "Clearinghouse.Clearing";

    private readonly OpenPeriodCache _openPeriod;
    private string? _closing;

    public ClearingMetrics(OpenPeriodCache openPeriod, IMeterFactory meters)
    {
        _openPeriod = openPeriod;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("clearinghouse.period.open", ObserveOpen, "{period}",
            "1, tagged with the period open for intake (YYYY-MM) as this silo knows it; absent before it knows one");
        meter.CreateObservableGauge("clearinghouse.period.closing", ObserveClosing, "{close}",
            "1 while this silo runs a period close (cut-off to statements), else 0");
    }

    /// <summary>Marks a close of <paramref name="period"/> as running until the returned scope is disposed.</summary>
    public CloseScope Closing(string period)
    {
        Volatile.Write(ref _closing, period);
        return new CloseScope(this);
    }

    private IEnumerable<Measurement<int>> ObserveOpen() =>
        _openPeriod.Known is { } period ? [new Measurement<int>(1, new KeyValuePair<string, object?>("period", period))] : [];

    private int ObserveClosing() => Volatile.Read(ref _closing) is null ? 0 : 1;

    /// <summary>Ends the running close on dispose.</summary>
    public readonly struct CloseScope(ClearingMetrics metrics) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref metrics._closing, null);
    }
}
