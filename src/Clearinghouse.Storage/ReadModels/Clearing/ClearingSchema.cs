using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Clearinghouse.Storage.ReadModels.Clearing;

/// <summary>
/// The period fence. <c>clearing_periods</c> holds where every period stands, projected from the clearing
/// stream in the transactions that open, cut off and close periods. Every transaction that writes ledger
/// rows checks, while it holds the ledger's commit lock, that the periods its rows name are open; a
/// cut-off commits under the same lock. So no settlement or reversal can join a period once its cut-off
/// has committed, and netting can read the period's ledger rows as final.
/// </summary>
public static class ClearingSchema
{
    public const string Periods = MartenConfiguration.Schema + ".clearing_periods";

    /// <summary>The SQLSTATE the fence raises: a user-defined code, translated to PeriodNotOpenException.</summary>
    public const string PeriodNotOpenState = "CH001";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(MartenConfiguration.Schema, "clearing_periods", SchemaUtils.IdentifierUsage.General));
        table.AddColumn("period", "text").AsPrimaryKey();
        table.AddColumn("state", "text").NotNull();
        table.AddColumn("opened_at", "timestamptz").NotNull();
        table.AddColumn("cut_off_at", "timestamptz");
        table.AddColumn("closed_at", "timestamptz");
        return table;
    }
}
