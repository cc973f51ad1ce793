namespace Clearinghouse.Cli.Reports;

/// <summary>A report file that cannot be read as a daily report: the line (1-based, physical) and what is wrong.</summary>
public sealed class ReportFormatException(long line, string what) : Exception($"line {line}: {what}")
{
    public long Line { get; } = line;

    public string What { get; } = what;
}
