namespace Clearinghouse.Domain.Reconciliation;

public enum DiscrepancyStatus
{
    /// <summary>Found by the day's latest report and not yet resolved by an officer.</summary>
    Open = 1,
    /// <summary>An officer resolved it; final.</summary>
    Resolved = 2,
    /// <summary>Open when a later report of the same day no longer found it; closed without a resolution.</summary>
    Superseded = 3,
}

/// <summary>How an officer settled a discrepancy.</summary>
public enum DiscrepancyResolution
{
    /// <summary>The clearinghouse's record stands; the region corrects its own.</summary>
    AcceptClearinghouse = 1,
    /// <summary>The entry was (or will be) reversed.</summary>
    Reversed = 2,
    /// <summary>The difference is written off.</summary>
    WrittenOff = 3,
}
