using Microsoft.Extensions.Logging;

namespace Clearinghouse.Grains.Clearing;

/// <summary>A point inside a period close where a fault test halts the silo (<see cref="CloseFaults"/>).</summary>
public enum CloseHaltPoint
{
    /// <summary>No halt: every production host.</summary>
    None,

    /// <summary>The cut-off is committed; netting has not begun.</summary>
    AfterCutOff,

    /// <summary>Netting has read the ledger and computed the close; its transaction has not committed.</summary>
    BeforeNettingCommit,
}

/// <summary>
/// Fault injection for the close (setting <c>Clearinghouse:Faults:HaltClose</c>, off by default): at the chosen
/// point the clearing grain logs <see cref="Marker"/> and waits forever, so a test can SIGKILL the process at a
/// known instant of the close and check that the next activation finishes it exactly once (docs/cluster.md). Two
/// calls per close; with the setting off each is one comparison.
/// </summary>
public sealed class CloseFaults(CloseHaltPoint halt, ILogger<CloseFaults> logger)
{
    /// <summary>The start of the line logged (at warning level) when the close halts.</summary>
    public const string Marker = "Fault injection: the close halts";

    public Task AtAsync(CloseHaltPoint point, string period)
    {
        if (halt == CloseHaltPoint.None || point != halt)
        {
            return Task.CompletedTask;
        }
        logger.LogWarning(Marker + " at {Point} of period {Period} (Clearinghouse:Faults:HaltClose) and waits to be killed", point, period);
        return Task.Delay(Timeout.InfiniteTimeSpan);
    }
}
