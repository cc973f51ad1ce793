using Clearinghouse.Domain.Events;
using Marten;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The stored name of every event type: stored contracts, never renamed in place. Marten reads streams by
/// these names, and <see cref="EventAppends"/> writes them, so both sides use this one table.
/// </summary>
internal static class EventTypeNames
{
    private static readonly Dictionary<Type, (string Name, string DotNetName)> Names = new (Type Type, string Name)[]
    {
        (typeof(PersonEnrolled), "person_enrolled_v1"),
        (typeof(ContributionRecorded), "contribution_recorded_v2"),
        (typeof(RegistrationFiled), "registration_filed_v1"),
        (typeof(PersonSuspended), "person_suspended_v1"),
        (typeof(PersonReinstated), "person_reinstated_v1"),
        (typeof(AssistanceStatusSet), "assistance_status_set_v1"),
        (typeof(SettlementAccepted), "settlement_accepted_v2"),
        (typeof(SettlementReversed), "settlement_reversed_v1"),
        (typeof(RegionUpserted), "region_upserted_v1"),
        (typeof(PolicyPublished), "policy_published_v1"),
        (typeof(HospitalRegistered), "hospital_registered_v1"),
        (typeof(PeriodOpened), "period_opened_v1"),
        (typeof(PrepaymentDeposited), "prepayment_deposited_v1"),
        (typeof(PeriodCutOff), "period_cut_off_v1"),
        (typeof(PeriodClosed), "period_closed_v1"),
        (typeof(StatementIssued), "statement_issued_v1"),
        (typeof(StatementConfirmed), "statement_confirmed_v1"),
        (typeof(PrepaymentAccountOpened), "prepayment_account_opened_v1"),
        (typeof(PrepaymentWithdrawn), "prepayment_withdrawn_v1"),
        (typeof(PrepaymentDrawn), "prepayment_drawn_v1"),
        (typeof(PrepaymentCarriedOver), "prepayment_carried_over_v1"),
        (typeof(PrepaymentsCarriedOver), "prepayments_carried_over_v1"),
        (typeof(PrepaymentDrawsBooked), "prepayment_draws_booked_v1"),
        (typeof(TransferExecuted), "transfer_executed_v1"),
        (typeof(DailyReportReconciled), "daily_report_reconciled_v1"),
        (typeof(DiscrepancyResolved), "discrepancy_resolved_v1"),
        (typeof(PooledFundBooked), "pooled_fund_booked_v1"),
        (typeof(CataloguePublished), "catalogue_published_v1"),
        (typeof(CatalogueItemsListed), "catalogue_items_listed_v1"),
        (typeof(SettlementFlagged), "settlement_flagged_v1"),
        (typeof(FlagResolved), "flag_resolved_v1"),
        (typeof(SupervisionCheckpointed), "supervision_checkpointed_v1"),
    }.ToDictionary(t => t.Type, t => (t.Name, $"{t.Type.FullName}, {t.Type.Assembly.GetName().Name}"));

    private static readonly Dictionary<string, Type> Types = Names.ToDictionary(n => n.Value.Name, n => n.Key, StringComparer.Ordinal);

    public static void Map(StoreOptions options)
    {
        foreach (var (type, names) in Names)
        {
            options.Events.MapEventType(type, names.Name);
        }
    }

    /// <summary>The stored name and the .NET type name Marten keeps beside it (mt_events.type, mt_dotnet_type).</summary>
    public static (string Name, string DotNetName) Of(Type type) =>
        Names.TryGetValue(type, out var names)
            ? names
            : throw new InvalidOperationException($"event type {type.Name} has no stored name in {nameof(EventTypeNames)}");

    /// <summary>The event type stored under <paramref name="name"/> (mt_events.type).</summary>
    public static Type TypeOf(string name) =>
        Types.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"stored event type '{name}' has no .NET type in {nameof(EventTypeNames)}");
}
