using System.Text.Json;
using Clearinghouse.Domain.Events;
using Clearinghouse.Storage.Clearing;
using Clearinghouse.Storage.Ledger;
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
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.Default);

        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Quick append: one round trip per batch; the version check still guards each stream.
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.UseMandatoryStreamTypeDeclaration = false;
        options.Events.UseIdentityMapForAggregates = false;

        // Event type names are stored contracts: never rename them in place.
        options.Events.MapEventType<PersonEnrolled>("person_enrolled_v1");
        options.Events.MapEventType<ContributionRecorded>("contribution_recorded_v1");
        options.Events.MapEventType<RegistrationFiled>("registration_filed_v1");
        options.Events.MapEventType<PersonSuspended>("person_suspended_v1");
        options.Events.MapEventType<PersonReinstated>("person_reinstated_v1");
        options.Events.MapEventType<SettlementAccepted>("settlement_accepted_v1");
        options.Events.MapEventType<SettlementReversed>("settlement_reversed_v1");
        options.Events.MapEventType<RegionUpserted>("region_upserted_v1");
        options.Events.MapEventType<PolicyPublished>("policy_published_v1");
        options.Events.MapEventType<HospitalRegistered>("hospital_registered_v1");
        options.Events.MapEventType<PeriodOpened>("period_opened_v1");
        options.Events.MapEventType<PrepaymentDeposited>("prepayment_deposited_v1");
        options.Events.MapEventType<PeriodCutOff>("period_cut_off_v1");
        options.Events.MapEventType<PeriodClosed>("period_closed_v1");
        options.Events.MapEventType<StatementIssued>("statement_issued_v1");
        options.Events.MapEventType<StatementConfirmed>("statement_confirmed_v1");

        options.Storage.ExtendedSchemaObjects.Add(LedgerSchema.Sequence());
        options.Storage.ExtendedSchemaObjects.AddRange(LedgerSchema.Tables());
        options.Storage.ExtendedSchemaObjects.Add(RequestKeys.Definition());
        options.Storage.ExtendedSchemaObjects.Add(ClearingSchema.Table());
        options.Storage.ExtendedSchemaObjects.Add(ClearingSchema.Fence());
        Reconciliation.ReconciliationConfiguration.Configure(options);
    }
}
