namespace Clearinghouse.Domain.Reconciliation;

/// <summary>What a line of a daily report (and a ledger row) is: a settlement or a reversal (冲正).</summary>
public enum EntryKind
{
    Settlement = 1,
    Reversal = 2,
}
