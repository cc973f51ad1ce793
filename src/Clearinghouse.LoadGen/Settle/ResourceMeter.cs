using System.Diagnostics;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>CPU the host, PostgreSQL, the load generator and the whole machine used during a phase, and the generator's own GC.</summary>
public sealed record ResourceUsage(
    double? HostCpuSeconds, double LoadGenCpuSeconds, GcFigures LoadGenGc, double? PostgresCpuSeconds, double? MachineCpuSeconds, double? MachineCpuBusy);

/// <summary>Reads the CPU counters when a phase starts (<see cref="Start"/>) and again when it ends (<see cref="Stop"/>).</summary>
public sealed class ResourceMeter : IDisposable
{
    private readonly int? _hostPid;
    private readonly int? _postmasterPid;
    private readonly double? _hostCpu0;
    private readonly double _ownCpu0;
    private readonly (long Busy, long Total)? _machine0;
    private readonly Dictionary<int, double>? _postgres0;
    private readonly GcWatch _gc;

    private ResourceMeter(int? hostPid, int? postmasterPid)
    {
        _hostPid = hostPid;
        _postmasterPid = postmasterPid;
        _hostCpu0 = hostPid is { } pid ? HostProbe.CpuSeconds(pid) : null;
        _ownCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        _machine0 = HostProbe.MachineCpu();
        _postgres0 = postmasterPid is { } pm ? HostProbe.CpuSecondsOfTree(pm) : null;
        _gc = new GcWatch();
    }

    public static ResourceMeter Start(int? hostPid, int? postmasterPid) => new(hostPid, postmasterPid);

    public ResourceUsage Stop()
    {
        var hostCpu1 = _hostPid is { } pid ? HostProbe.CpuSeconds(pid) : null;
        var ownCpu1 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var ownGc = _gc.Stop();
        var machine1 = HostProbe.MachineCpu();
        double? postgresCpu = _postgres0 is not null && _postmasterPid is { } pm ? HostProbe.CpuDelta(_postgres0, HostProbe.CpuSecondsOfTree(pm)) : null;
        double? busy = _machine0 is { } m0 && machine1 is { } m1 && m1.Total > m0.Total
            ? (double)(m1.Busy - m0.Busy) / (m1.Total - m0.Total)
            : null;
        return new ResourceUsage(
            _hostCpu0 is { } h0 && hostCpu1 is { } h1 ? h1 - h0 : null,
            ownCpu1 - _ownCpu0,
            ownGc,
            postgresCpu,
            _machine0 is { } a && machine1 is { } b ? (b.Busy - a.Busy) / 100.0 : null,
            busy);
    }

    public void Dispose() => _gc.Dispose();
}
