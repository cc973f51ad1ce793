using System.Globalization;

namespace Clearinghouse.LoadGen;

/// <summary>Reads a process's memory and CPU figures, and the machine's CPU counters, from /proc (Linux).</summary>
public static class HostProbe
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the project targets

    /// <summary>VmHWM (peak resident set) and VmRSS in KiB; null when the process is gone or not readable.</summary>
    public static (long PeakKiB, long RssKiB)? Memory(int pid)
    {
        try
        {
            long hwm = -1, rss = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = ParseKiB(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKiB(line);
                }
            }
            return hwm < 0 || rss < 0 ? null : (hwm, rss);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Resets the peak (VmHWM) to the current RSS ("5" to /proc/PID/clear_refs, Linux ≥ 4.0), so the next
    /// peak read is the peak of what follows. False when not allowed (another user's process).
    /// </summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>User + system CPU seconds the process has used so far.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
            return (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds used so far by a process and its children (e.g. a PostgreSQL postmaster and its backends), by pid.</summary>
    public static Dictionary<int, double> CpuSecondsOfTree(int parentPid)
    {
        var result = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // rest[1] is field 4, the parent pid.
                if (pid != parentPid && int.Parse(rest[1], CultureInfo.InvariantCulture) != parentPid)
                {
                    continue;
                }
                result[pid] = (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
            }
        }
        return result;
    }

    /// <summary>The parent of a process (for a PostgreSQL backend: its postmaster).</summary>
    public static int? ParentPid(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds the processes used between two <see cref="CpuSecondsOfTree"/> readings (new processes count whole).</summary>
    public static double CpuDelta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key, 0));

    /// <summary>The machine's busy and total CPU ticks (all cores) from /proc/stat.</summary>
    public static (long Busy, long Total)? MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var idle = f[3] + (f.Length > 4 ? f[4] : 0);
            var total = f.Take(Math.Min(f.Length, 8)).Sum();
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
