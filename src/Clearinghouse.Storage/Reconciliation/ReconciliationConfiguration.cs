using Clearinghouse.Domain.Events;
using Marten;

namespace Clearinghouse.Storage.Reconciliation;

/// <summary>Reconciliation's part of the Marten configuration: its event type names and read-model tables.</summary>
internal static class ReconciliationConfiguration
{
    public static void Configure(StoreOptions options)
    {
        // Event type names are stored contracts: never rename them in place.
        options.Events.MapEventType<DailyReportReconciled>("daily_report_reconciled_v1");
        options.Events.MapEventType<DiscrepancyResolved>("discrepancy_resolved_v1");
        options.Storage.ExtendedSchemaObjects.AddRange(ReconciliationSchema.Tables());
    }
}
