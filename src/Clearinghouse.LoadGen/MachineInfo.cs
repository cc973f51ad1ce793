using System.Globalization;
using System.Runtime.InteropServices;

namespace Clearinghouse.LoadGen;

/// <summary>The machine a run ran on, recorded with its figures.</summary>
public sealed record MachineInfo(int Cores, double MemoryGib, string Os, string LoadAverageAtStart, string Hostname)
{
    public static MachineInfo Current() =>
        new(Environment.ProcessorCount, TotalMemoryGib(), RuntimeInformation.OSDescription, HostProbe.LoadAverage(), Environment.MachineName);

    private static double TotalMemoryGib()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return 0;
        }
    }
}
