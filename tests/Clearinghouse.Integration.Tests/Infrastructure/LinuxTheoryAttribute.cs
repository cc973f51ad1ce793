namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// A theory that needs Linux (named pipes made with mkfifo, /proc/self/fd). Elsewhere it is reported as
/// skipped, with the reason, rather than passing without having run.
/// </summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux: named pipes (mkfifo) and /proc/self/fd";
        }
    }
}
