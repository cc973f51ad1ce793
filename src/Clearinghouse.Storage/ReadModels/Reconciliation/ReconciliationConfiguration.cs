using Clearinghouse.Domain.Events;
using Marten;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>Reconciliation's part of the Marten configuration: its read-model tables (its event type names are in EventTypeNames).</summary>
internal static class ReconciliationConfiguration
{
    public static void Configure(StoreOptions options)
    {
        options.Storage.ExtendedSchemaObjects.AddRange(ReconciliationSchema.Tables());
    }
}
