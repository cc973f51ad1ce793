using Clearinghouse.Api.Identity;
using Clearinghouse.Api.Telemetry;
using Clearinghouse.Domain;
using Clearinghouse.Domain.ReadModels;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>SettlementService: settle and reverse through the person's grain (SettleStream in SettlementGrpcService.Stream.cs); read from the ledger projection.</summary>
public sealed partial class SettlementGrpcService(
    PersonReferences persons, RegistryReferences registry, ISettlementQueries ledger, SettlementMetrics metrics,
    IDatabaseFailures databaseFailures, ILogger<SettlementGrpcService> logger)
    : V1.SettlementService.SettlementServiceBase
{
    public override async Task<V1.Settlement> Settle(V1.SettleRequest request, ServerCallContext context)
    {
        var accepted = await persons.Get(Identifier(request.PersonId, "person_id")).Settle(SettleRequestRules.Command(request));
        return WireMapping.ToWire(SettlementRecord.From(accepted));
    }

    public override async Task<V1.Reversal> Reverse(V1.ReverseRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var careRegion = RegionCode(request.CareRegionCode, "care_region_code");
        var settlementId = Identifier(request.SettlementId, "settlement_id");
        var reason = Text(request.Reason, "reason", Limits.MaxReasonLength, required: false);
        // The ledger tells which person's grain owns the settlement; that grain decides.
        var owner = await ledger.FindOwnerAsync(settlementId, context.CancellationToken)
            ?? throw RejectedException.NotFound($"settlement {settlementId} not found");
        var command = new ReverseSettlement(
            request.RequestId, Fingerprint.Of(request), settlementId, careRegion, reason);
        var reversed = await persons.Get(owner).Reverse(command);
        return WireMapping.ToWire(reversed);
    }

    public override async Task<V1.Settlement> GetSettlement(V1.GetSettlementRequest request, ServerCallContext context)
    {
        var settlementId = Identifier(request.SettlementId, "settlement_id");
        var settlement = await ledger.FindAsync(settlementId, context.CancellationToken)
            ?? throw RejectedException.NotFound($"settlement {settlementId} not found");
        var wire = WireMapping.ToWire(settlement);
        CallerAccess.RequireParty(context, $"settlement {settlementId}", wire.CareRegionCode, wire.InsuredRegionCode);
        return await SettlementDetails.WithDetailAsync(persons, settlement, wire);
    }

    public override async Task<V1.ListSettlementsResponse> ListSettlements(V1.ListSettlementsRequest request, ServerCallContext context)
    {
        var (region, period, pageSize, after) = await ListingAsync(request.RegionCode, request.Period, request.PageSize, request.PageToken);
        var counterparty = Counterparty(request.CounterpartyRegionCode);
        var page = await ledger.ListAsync(region, counterparty, period, pageSize, after, context.CancellationToken);
        var response = new V1.ListSettlementsResponse { NextPageToken = SequencePageToken.Encode(page.NextSequence) };
        response.Settlements.AddRange(page.Settlements.Select(WireMapping.ToWire));
        return response;
    }

    public override async Task<V1.ListReversalsResponse> ListReversals(V1.ListReversalsRequest request, ServerCallContext context)
    {
        var (region, period, pageSize, after) = await ListingAsync(request.RegionCode, request.Period, request.PageSize, request.PageToken);
        var counterparty = Counterparty(request.CounterpartyRegionCode);
        var page = await ledger.ListReversalsAsync(region, counterparty, period, pageSize, after, context.CancellationToken);
        var response = new V1.ListReversalsResponse { NextPageToken = SequencePageToken.Encode(page.NextSequence) };
        response.Reversals.AddRange(page.Reversals.Select(WireMapping.ToWire));
        return response;
    }

    /// <summary>
    /// A listing's counterparty filter: null when empty (every counterparty). A well-formed code that names no
    /// region simply matches nothing, as a region with no settlements does.
    /// </summary>
    private static string? Counterparty(string value) =>
        value.Length == 0 ? null : RegionCode(value, "counterparty_region_code");

    /// <summary>A listing's region (which must exist), period, page size and cursor, checked.</summary>
    private async Task<(string Region, string Period, int PageSize, long After)> ListingAsync(string regionCode, string period, int pageSize, string pageToken)
    {
        var region = RegionCode(regionCode, "region_code");
        var checkedPeriod = Period(period, "period");
        var size = PageSize(pageSize);
        var after = SequencePageToken.Decode(pageToken);
        if (await registry.Region(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }
        return (region, checkedPeriod, size, after);
    }
}
