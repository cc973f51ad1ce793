using Clearinghouse.Storage.ReadModels.Ledger;

namespace Clearinghouse.LoadGen.Seeding;

/// <summary>
/// The binary COPY statements the benchmarks' seeders write ledger rows with. Their column lists come from the
/// ledger's own list (<see cref="LedgerColumns"/>, compiled in from Storage), so a column added to the ledger
/// fails the seeders loudly instead of leaving them writing a stale layout.
/// </summary>
public static class LedgerCopy
{
    public static readonly string Settlements = $"copy clearinghouse.ledger_settlements ({LedgerColumns.SettlementList}) from stdin (format binary)";

    public static readonly string Reversals = $"copy clearinghouse.ledger_reversals ({LedgerColumns.ReversalList}) from stdin (format binary)";
}
