namespace Clearinghouse.Domain.Reconciliation;

/// <summary>What a daily reconciliation (对账) found wrong with one entry (docs/domain.md).</summary>
public enum DiscrepancyKind
{
    /// <summary>The region reports it; the clearinghouse has no such settlement or reversal that day.</summary>
    MissingInClearinghouse = 1,
    /// <summary>The clearinghouse accepted it that day; the region's report does not list it.</summary>
    MissingInRegion = 2,
    /// <summary>Both have it, with different fund or account amounts.</summary>
    AmountMismatch = 3,
    /// <summary>The report lists the same request id and kind more than once.</summary>
    DuplicateInReport = 4,
}
