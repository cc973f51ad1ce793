namespace Clearinghouse.ReconcileBench;

/// <summary>A process's peak and current resident memory from /proc (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM and VmRSS in KiB; null when unreadable.</summary>
    public static (long PeakKiB, long RssKiB)? Read(int pid)
    {
        try
        {
            long peak = -1, rss = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = KiB(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiB(line);
                }
            }
            return peak < 0 || rss < 0 ? null : (peak, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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

    /// <summary>User + system CPU seconds a process has used so far (USER_HZ = 100).</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name's closing parenthesis are fixed: utime and stime are the 12th and 13th.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(rest[11], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(rest[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static long KiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
