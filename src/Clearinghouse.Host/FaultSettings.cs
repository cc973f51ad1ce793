using Clearinghouse.Grains.Clearing;

namespace Clearinghouse.Host;

/// <summary>
/// Settings under "Clearinghouse:Faults": fault injection for the cluster's fault tests, all off by default.
/// Never set in production: a halted close holds the clearing grain until the process is killed.
/// </summary>
public sealed class FaultSettings
{
    /// <summary>Where a period close halts, waiting to be killed (<see cref="CloseFaults"/>); <c>None</c> by default.</summary>
    public CloseHaltPoint HaltClose { get; set; } = CloseHaltPoint.None;

    /// <summary>
    /// After writing this many flags, the supervision processor handles nothing more and never checkpoints, as a host
    /// stopped in the middle of an event's findings would leave it (0: off).
    /// </summary>
    public int SupervisionHaltAfterFlags { get; set; }
}
