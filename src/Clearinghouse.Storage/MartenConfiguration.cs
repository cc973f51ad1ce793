using System.Text.Json;
using Clearinghouse.Domain.Events;
using Clearinghouse.Storage.EventLog;
using Clearinghouse.Storage.ReadModels.Audit;
using Clearinghouse.Storage.ReadModels.Clearing;
using Clearinghouse.Storage.ReadModels.Ledger;
using Clearinghouse.Storage.ReadModels.Reconciliation;
using Clearinghouse.Storage.Serialization;
using Clearinghouse.Storage.Serialization.Upcasting;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Weasel.Core;

namespace Clearinghouse.Storage;

/// <summary>
/// Every Marten setting this project relies on, set explicitly: Marten 9 changed several defaults, and
/// a stored stream must read back the same whatever the next version's defaults are.
/// </summary>
public static class MartenConfiguration
{
    public const string Schema = "clearinghouse";

    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.Default, StoredJson.AddConverters);

        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Appends are written by EventAppends (one statement per group-commit batch); Marten's own append
        // mode matters only for appends made through a Marten session, which this project does not make.
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.UseMandatoryStreamTypeDeclaration = false;
        options.Events.UseIdentityMapForAggregates = false;

        EventTypeNames.Map(options);
        EventUpcasters.Register(options);

        options.Storage.ExtendedSchemaObjects.Add(LedgerSchema.Sequence());
        options.Storage.ExtendedSchemaObjects.AddRange(LedgerSchema.Tables());
        options.Storage.ExtendedSchemaObjects.Add(RequestKeys.Definition());
        options.Storage.ExtendedSchemaObjects.Add(AuditSchema.Table());
        options.Storage.ExtendedSchemaObjects.Add(ClearingSchema.Table());
        options.Storage.ExtendedSchemaObjects.Add(LedgerSchema.CommitLock());
        options.Storage.ExtendedSchemaObjects.Add(EventAppends.Definition());
        ReconciliationConfiguration.Configure(options);
        options.Storage.ExtendedSchemaObjects.Add(ReadModels.Supervision.FlagSchema.Table());
    }
}
