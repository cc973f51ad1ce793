using System.Collections.Frozen;
using Clearinghouse.V1;
using Google.Protobuf;

namespace Clearinghouse.Api.Identity;

/// <summary>Which roles may call an RPC.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Region = 1,
    Platform = 2,
    Officer = 4,
    Operator = 8,
    Anyone = Region | Platform | Officer | Operator,
}

/// <summary>
/// Who may call one RPC. A region or platform caller acts for the region the request names in
/// <see cref="Field"/> (a region only as itself, a platform for the regions of its province); with
/// <see cref="PartyAfterLoad"/> the service checks, once it has loaded the record, that the caller is party
/// to it (<see cref="CallerAccess.RequireParty"/>). An empty region field (where the RPC allows one, e.g.
/// WatchPeriods for every region's period notices) or a malformed one is left to the service's own checks.
/// </summary>
public sealed record Access(Roles Who, string? Field = null, Func<IMessage, string?>? RegionOf = null, bool PartyAfterLoad = false);

/// <summary>
/// Authorization in one place (docs/identity.md): every RPC of the clearinghouse and who may call it. An RPC
/// that is not here is refused to everyone; health and reflection are not the clearinghouse's and answer anyone.
/// </summary>
public static class AccessTable
{
    private const Roles Agencies = Roles.Region | Roles.Platform;

    public static readonly FrozenDictionary<string, Access> Rpcs = new Dictionary<string, Access>(StringComparer.Ordinal)
    {
        // Registry writes: operators.
        [Registry("UpsertRegion")] = new(Roles.Operator),
        [Registry("PublishPolicy")] = new(Roles.Operator),
        [Registry("RegisterHospital")] = new(Roles.Operator),
        [Registry("EnrollPerson")] = new(Roles.Operator),
        [Registry("RecordContribution")] = new(Roles.Operator),
        [Registry("FileRegistration")] = new(Roles.Operator),
        [Registry("SuspendPerson")] = new(Roles.Operator),
        [Registry("ReinstatePerson")] = new(Roles.Operator),
        [Registry("SetAssistanceStatus")] = new(Roles.Operator),
        [Registry("PublishCatalogue")] = new(Roles.Operator),
        // A region's name and codes are reference data every party needs.
        [Registry("GetRegion")] = new(Roles.Anyone),
        [Registry("GetPerson")] = new(Roles.Anyone, PartyAfterLoad: true),
        // A care region's catalogue is published information: every party settles, reports or audits against it.
        [Registry("GetCatalogueItem")] = new(Roles.Anyone),
        [Registry("ListCatalogueVersions")] = new(Roles.Anyone),

        // Settling and reversing: the care region itself or its province's platform.
        [Settlement("Settle")] = For<SettleRequest>(Agencies, "care_region_code", r => r.CareRegionCode),
        [Settlement("SettleStream")] = For<SettleRequest>(Agencies, "care_region_code", r => r.CareRegionCode),
        [Settlement("Reverse")] = For<ReverseRequest>(Agencies, "care_region_code", r => r.CareRegionCode),
        [Settlement("GetSettlement")] = new(Roles.Officer | Agencies, PartyAfterLoad: true),
        [Settlement("ListSettlements")] = For<ListSettlementsRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),
        [Settlement("ListReversals")] = For<ListReversalsRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),

        // Clearing: officers deposit and close; a region reads its own and confirms its own statement.
        [Clearing("DepositPrepayment")] = new(Roles.Officer),
        [Clearing("WithdrawPrepayment")] = new(Roles.Officer),
        [Clearing("MarkTransferExecuted")] = new(Roles.Officer),
        [Clearing("GetPrepaymentBalance")] = For<GetPrepaymentBalanceRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),
        [Clearing("GetCurrentPeriod")] = new(Roles.Anyone),
        [Clearing("ClosePeriod")] = new(Roles.Officer),
        [Clearing("GetPeriodSummary")] = new(Roles.Officer),
        // Every region's running position names every party's figures: officers only.
        [Clearing("GetOpenPeriodOverview")] = new(Roles.Officer),
        [Clearing("GetStatement")] = For<GetStatementRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),
        [Clearing("ListStatements")] = new(Roles.Officer),
        [Clearing("ConfirmStatement")] = For<ConfirmStatementRequest>(Roles.Officer | Roles.Region, "region_code", r => r.RegionCode),
        [Clearing("ListTransfers")] = new(Roles.Officer),
        [Clearing("GetPeriodPosition")] = For<GetPeriodPositionRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),
        [Clearing("WatchPeriods")] = For<WatchPeriodsRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),

        // Reconciliation: the care region or its platform reports; officers resolve.
        [Reconciliation("SubmitDailyReport")] = For<SubmitDailyReportRequest>(Agencies, "header.care_region_code", r => r.Header?.CareRegionCode),
        [Reconciliation("ListDiscrepancies")] = For<ListDiscrepanciesRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),
        [Reconciliation("ResolveDiscrepancy")] = new(Roles.Officer),
        [Reconciliation("GetReconciliationStatus")] = For<GetReconciliationStatusRequest>(Roles.Officer | Agencies, "care_region_code", r => r.CareRegionCode),

        // Accounts: officers read any; an agency reads its region's prepayment and fund (pooled:, serious:, assistance:) accounts. A personal account's
        // owner is a person, whose insured region AccountGrpcService checks once it has loaded the person.
        [Account("GetAccount")] = For<GetAccountRequest>(Roles.Officer | Agencies, "account_id", r => AccountRegion(r.AccountId)),
        [Account("ListAccountEntries")] = For<ListAccountEntriesRequest>(Roles.Officer | Agencies, "account_id", r => AccountRegion(r.AccountId)),

        // Who the caller is: every authenticated caller may ask about itself.
        ["/clearinghouse.v1.IdentityService/GetCaller"] = new(Roles.Anyone),
        // Fund supervision: officers everything; a region or platform lists and reads the flags its region is party to
        // (insured or care region). Resolving and replaying the rules are the officers'.
        [Supervision("ListFlags")] = For<ListFlagsRequest>(Roles.Officer | Agencies, "region_code", r => r.RegionCode),
        [Supervision("GetFlag")] = new(Roles.Officer | Agencies, PartyAfterLoad: true),
        [Supervision("ResolveFlag")] = new(Roles.Officer),
        [Supervision("ReplayRules")] = new(Roles.Officer),

        // The audit trail is for officers: it names every party's actions.
        ["/clearinghouse.v1.AuditService/ListActions"] = new(Roles.Officer),

        // The EventStoreDB protocol (docs/eventstore-protocol.md): officers read every stream and all of $all; a
        // region or platform reads the events it is party to (the service filters). Writes are admitted here only
        // so that the service refuses them with its reason: nobody writes through this protocol.
        [EventStoreStreams("Read")] = new(Roles.Officer | Agencies),
        [EventStoreStreams("Append")] = new(Roles.Anyone),
        [EventStoreStreams("Delete")] = new(Roles.Anyone),
        [EventStoreStreams("Tombstone")] = new(Roles.Anyone),
        ["/event_store.client.server_features.ServerFeatures/GetSupportedMethods"] = new(Roles.Officer | Agencies),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Whether a method of this service is the clearinghouse's (and so must be in the table): its own API and the
    /// EventStoreDB protocol it serves.
    /// </summary>
    public static bool IsClearinghouseMethod(string method) =>
        method.StartsWith("/clearinghouse.", StringComparison.Ordinal) || method.StartsWith("/event_store.", StringComparison.Ordinal);

    /// <summary>Whether the role is among <paramref name="who"/>.</summary>
    public static bool Admits(Roles who, CallerRole role) => (who & (Roles)(1 << (int)role)) != 0;

    /// <summary>Whether the caller may act for the region: officers and operators for any, a region as itself, a platform for its province.</summary>
    public static bool ActsFor(Caller caller, string regionCode) => caller.Role switch
    {
        CallerRole.Region => caller.Scope == regionCode,
        CallerRole.Platform => regionCode.Length >= 2 && Caller.ProvinceOf(regionCode) == caller.Scope,
        _ => true,
    };

    private static Access For<TRequest>(Roles who, string field, Func<TRequest, string?> regionOf) where TRequest : IMessage =>
        new(who, field, message => message is TRequest request ? regionOf(request) : null);

    /// <summary>
    /// The region an account id names for the interceptor's check: a region's own for prepayment and fund accounts,
    /// "000000" for the clearing account (no region acts for it, so only officers read it), null for a personal
    /// account or a malformed id (the service checks those).
    /// </summary>
    private static string? AccountRegion(string accountId) =>
        Domain.Accounts.AccountId.TryParse(accountId, out _) is { } id && id.Kind != Domain.Accounts.AccountKind.Personal ? id.Owner : null;

    private static string Account(string method) => $"/clearinghouse.v1.AccountService/{method}";

    private static string Registry(string method) => $"/clearinghouse.v1.RegistryService/{method}";

    private static string Settlement(string method) => $"/clearinghouse.v1.SettlementService/{method}";

    private static string Clearing(string method) => $"/clearinghouse.v1.ClearingService/{method}";

    private static string EventStoreStreams(string method) => $"/event_store.client.streams.Streams/{method}";

    private static string Supervision(string method) => $"/clearinghouse.v1.SupervisionService/{method}";

    private static string Reconciliation(string method) => $"/clearinghouse.v1.ReconciliationService/{method}";
}
