namespace Clearinghouse.Domain.Reconciliation;

/// <summary>Bounds on a daily report, so one report's memory and commit stay bounded.</summary>
public static class ReconciliationLimits
{
    /// <summary>Lines of one report: five times the largest day the service is sized for (200,000).</summary>
    public const int MaxReportEntries = 1_000_000;

    /// <summary>Entries of one batch message of a report (bounded so one message stays small).</summary>
    public const int MaxEntriesPerBatch = 10_000;

    /// <summary>Who resolved a discrepancy.</summary>
    public const int MaxOfficerLength = 200;

    /// <summary>An officer's note on a resolution.</summary>
    public const int MaxNoteLength = 500;
}
