using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>
/// SupervisionService (docs/supervision.md): lists flags from the flags read model, reads one from its grain with
/// its settlements as GetSettlement answers them, resolves through the flag's grain, and replays every rule over a
/// period without writing: the person rules over the period's part of $all, the outliers over the ledger's period.
/// </summary>
public sealed class SupervisionGrpcService(
    IGrainFactory grains, IFlagQueries flags, ISettlementQueries ledger, PersonReferences persons, IEventFeed feed, IEventDecoder decoder,
    IPeriodVisitQueries periodVisits)
    : V1.SupervisionService.SupervisionServiceBase
{
    /// <summary>The most settlements one replay reads: a month of a few regions, bounded so one call cannot exhaust the host.</summary>
    public const int MaxReplayedSettlements = 500_000;

    private static readonly FeedFilter SettlementEvents = new([], null, ["settlement_accepted_", "settlement_reversed_"], null);

    private static readonly FeedFilter Reversals = new([], null, ["settlement_reversed_"], null);

    public override async Task<V1.ListFlagsResponse> ListFlags(V1.ListFlagsRequest request, ServerCallContext context)
    {
        var region = request.RegionCode.Length == 0 ? null : RegionCode(request.RegionCode, "region_code");
        var role = FlagWireMapping.ToDomain(request.RegionRole, "region_role");
        if (region is null && role != FlagRegionRole.Either)
        {
            throw RejectedException.InvalidArgument("region_role needs a region_code");
        }
        if (region is null && CallerAccess.Of(context) is { Role: CallerRole.Region or CallerRole.Platform } caller)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"caller {caller} lists the flags of a region it acts for: region_code is required"));
        }
        var filter = new FlagFilter(
            region, role,
            request.HospitalCode.Length == 0 ? null : Identifier(request.HospitalCode, "hospital_code"),
            request.RuleId.Length == 0 ? null : Rule(request.RuleId),
            FlagWireMapping.ToDomain(request.Status, "status"),
            request.Period.Length == 0 ? null : Period(request.Period, "period"));
        var page = await flags.ListAsync(filter, PageSize(request.PageSize), SequencePageToken.Decode(request.PageToken), context.CancellationToken);
        var response = new V1.ListFlagsResponse { NextPageToken = SequencePageToken.Encode(page.NextSequence) };
        response.Flags.AddRange(page.Flags.Select(FlagWireMapping.ToWire));
        return response;
    }

    public override async Task<V1.FlagDetail> GetFlag(V1.GetFlagRequest request, ServerCallContext context)
    {
        var flagId = Identifier(request.FlagId, "flag_id");
        var view = await grains.GetGrain<IFlagGrain>(flagId).Get() ?? throw RejectedException.NotFound($"flag {flagId} not found");
        CallerAccess.RequireParty(context, $"flag {flagId}", view.Flagged.Parties.AsSpan());
        var detail = new V1.FlagDetail { Flag = FlagWireMapping.ToWire(view) };
        foreach (var settlementId in view.Flagged.SettlementIds)
        {
            // A settlement named by a flag is committed before its flag, so the ledger holds it.
            var settlement = await ledger.FindAsync(settlementId, context.CancellationToken)
                ?? throw new InvalidOperationException($"flag {flagId} names settlement {settlementId}, which the ledger does not hold");
            detail.Settlements.Add(await SettlementDetails.WithDetailAsync(persons, settlement, WireMapping.ToWire(settlement)));
        }
        return detail;
    }

    public override async Task<V1.Flag> ResolveFlag(V1.ResolveFlagRequest request, ServerCallContext context)
    {
        var requestId = RequestId(request.RequestId);
        var flagId = Identifier(request.FlagId, "flag_id");
        var resolution = FlagWireMapping.ToDomain(request.Resolution, "resolution");
        var note = Text(request.Note, "note", Limits.MaxReasonLength, required: false);
        if (request.RequestReversal && resolution != FlagResolution.Confirmed)
        {
            throw RejectedException.InvalidArgument("request_reversal is only for a confirmed flag (resolution FLAG_RESOLUTION_CONFIRMED)");
        }
        var officer = CallerAccess.Self(context, "officer", "");
        // The officer is the caller: fingerprinted with the request, so one request id reused by another officer is
        // told apart. The flag's grain refuses a flag that does not exist (NOT_FOUND).
        var fingerprint = Fingerprint.Of(request) + ":" + officer;
        var view = await grains.GetGrain<IFlagGrain>(flagId).Resolve(new ResolveFlag(requestId, fingerprint, resolution, note, officer, request.RequestReversal));
        return FlagWireMapping.ToWire(view);
    }

    public override async Task<V1.ReplayRulesResponse> ReplayRules(V1.ReplayRulesRequest request, ServerCallContext context)
    {
        var period = Period(request.Period, "period");
        var insured = request.InsuredRegionCode.Length == 0 ? null : RegionCode(request.InsuredRegionCode, "insured_region_code");
        var cancellationToken = context.CancellationToken;
        // Every region's latest policy's thresholds: a replay asks what the rules as they are now would have flagged.
        var thresholds = new Dictionary<string, SupervisionThresholds>(StringComparer.Ordinal);
        async Task<SupervisionThresholds> ThresholdsOf(string region)
        {
            if (!thresholds.TryGetValue(region, out var known))
            {
                thresholds[region] = known = (await grains.GetGrain<IRegionGrain>(region).Get())?.LatestSupervisionThresholds() ?? SupervisionThresholds.Default;
            }
            return known;
        }

        var visits = await PersonRuleVisitsAsync(period, insured, cancellationToken);
        var response = new V1.ReplayRulesResponse { Period = period, SettlementsRead = visits.Count };
        // The person rules, each insured region's visits under its thresholds (a person is insured in one region, so no
        // history is split). Each finding's flag is the one the processor raises when the last of its settlements arrives.
        foreach (var region in visits.Values.GroupBy(v => v.InsuredRegionCode, StringComparer.Ordinal))
        {
            foreach (var finding in Supervisor.Evaluate(region, await ThresholdsOf(region.Key)))
            {
                var trigger = finding.SettlementIds.Select(id => visits[id]).Max(ArrivalOrder.Instance)!;
                await AddFindingAsync(response, finding, FlagParties.OfTrigger(trigger, finding.SettlementIds.Select(id => visits[id].CareRegionCode)));
            }
        }

        // The outliers, as the processor compares the period at its close: over the period's settlements as the ledger
        // holds them, all of them, since a care region's hospitals are compared whatever their patients' insured region.
        var ledgerVisits = await periodVisits.ListAsync(period, cancellationToken);
        foreach (var region in ledgerVisits.Select(v => v.InsuredRegionCode).Concat(ledgerVisits.Select(v => v.CareRegionCode)).Distinct(StringComparer.Ordinal))
        {
            await ThresholdsOf(region);
        }
        var byId = ledgerVisits.ToDictionary(v => v.SettlementId, StringComparer.Ordinal);
        foreach (var finding in Outliers.Evaluate(ledgerVisits, period, region => thresholds[region]))
        {
            // A region's replay reports the flags insured there: its people's, and its hospitals' (a hospital's flag
            // has its care region as its insured region too).
            var parties = FlagParties.OfOutlier(finding, id => byId[id]);
            if (insured is null || parties.InsuredRegionCode == insured)
            {
                await AddFindingAsync(response, finding, parties);
            }
        }
        return response;

        async Task AddFindingAsync(V1.ReplayRulesResponse replay, Finding finding, FlagParties parties)
        {
            var raised = await grains.GetGrain<IFlagGrain>(FlagIds.Of(finding.Key)).Get() is not null;
            replay.Findings.Add(new V1.ReplayedFinding { Flag = FlagWireMapping.ToWire(finding, parties, period), Raised = raised });
        }
    }

    /// <summary>
    /// The period's settlements (of one insured region, if given) for the person rules, read from the events: the rules
    /// read each visit's lines, stay dates and diagnosis, which the ledger does not hold (it holds the money; the lines
    /// and the visit detail stay in the settlement's event). Only the period's part of $all is read
    /// (<see cref="PeriodFeedBounds"/>: from its opening to its close, or to now while it is open), and after its close
    /// only the reversals, so a settlement reversed since, in a later period, is left out as the rules leave out any
    /// reversed settlement.
    /// </summary>
    private async Task<Dictionary<string, SupervisedVisit>> PersonRuleVisitsAsync(string period, string? insured, CancellationToken cancellationToken)
    {
        var visits = new Dictionary<string, SupervisedVisit>(StringComparer.Ordinal);
        if (await PeriodFeedBounds.FindAsync(feed, decoder, period, cancellationToken) is not { } bounds)
        {
            return visits;
        }
        var reversed = new HashSet<string>(StringComparer.Ordinal);
        void Handle(IStampedEvent e)
        {
            switch (e)
            {
                case SettlementAccepted accepted when accepted.Period == period && (insured is null || accepted.InsuredRegionCode == insured)
                    && SupervisedVisits.From(accepted, reversed: false) is { } visit:
                    visits[visit.SettlementId] = visit;
                    if (visits.Count > MaxReplayedSettlements)
                    {
                        throw RejectedException.FailedPrecondition(
                            $"period {period} holds more than {MaxReplayedSettlements} settlements; replay one insured region at a time (insured_region_code)");
                    }
                    break;
                case SettlementReversed r:
                    reversed.Add(r.SettlementId);
                    break;
            }
        }
        var now = await feed.LastPositionAsync(cancellationToken);
        var closedAt = Math.Min(bounds.ClosedAt ?? now, now);
        await ReadFeedAsync(bounds.OpenedAt, closedAt, SettlementEvents, Handle, cancellationToken);
        await ReadFeedAsync(closedAt, now, Reversals, Handle, cancellationToken);
        foreach (var id in reversed.Where(visits.ContainsKey))
        {
            visits[id] = visits[id] with { Reversed = true };
        }
        return visits;
    }

    /// <summary>Every event of $all that passes the filter with <paramref name="after"/> &lt; position ≤ <paramref name="upTo"/>, in commit order.</summary>
    private async Task ReadFeedAsync(long after, long upTo, FeedFilter filter, Action<IStampedEvent> handle, CancellationToken cancellationToken)
    {
        while (after < upTo)
        {
            var page = await feed.ReadAllAsync(after, upTo, forwards: true, Limits.MaxPageSize, FeedReader.Everything, filter, cancellationToken);
            if (page.IsEmpty)
            {
                break;
            }
            foreach (var e in page)
            {
                handle(decoder.Decode(e));
            }
            after = page[^1].Position;
        }
    }

    private static string Rule(string ruleId) =>
        RuleId.All.Contains(ruleId) ? ruleId : throw RejectedException.InvalidArgument($"rule_id '{Truncate(ruleId)}' is not a rule ({string.Join(", ", RuleId.All)})");
}
