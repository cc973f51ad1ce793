using System.Text;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>ClearingService: prepayments and period close through the clearing grain; statements through theirs.</summary>
public sealed class ClearingGrpcService(
    IGrainFactory grains, PeriodWatch watch, IObligationSource obligations, OpenPeriodObligations openPeriod, IPooledFundQueries ledger, BusinessClock clock)
    : V1.ClearingService.ClearingServiceBase
{
    private IClearingGrain Clearing => grains.GetGrain<IClearingGrain>(IClearingGrain.Key);

    public override async Task<V1.PrepaymentBalance> DepositPrepayment(V1.DepositPrepaymentRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var region = RegionCode(request.RegionCode, "region_code");
        if (request.AmountFen is <= 0 or > NettingLimits.MaxPairAmountFen)
        {
            throw RejectedException.InvalidArgument($"amount_fen must be within 1..{NettingLimits.MaxPairAmountFen} fen, got {request.AmountFen}");
        }
        var bankReference = BankReference(request.BankReference);
        await RequireRegion(region);
        var command = new DepositPrepayment(request.RequestId, Fingerprint.Of(request), region, request.AmountFen, bankReference);
        return new V1.PrepaymentBalance { RegionCode = region, BalanceFen = await Clearing.Deposit(command) };
    }

    public override async Task<V1.PrepaymentBalance> WithdrawPrepayment(V1.WithdrawPrepaymentRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var region = RegionCode(request.RegionCode, "region_code");
        if (request.AmountFen is <= 0 or > NettingLimits.MaxPrepaymentBalanceFen)
        {
            throw RejectedException.InvalidArgument($"amount_fen must be within 1..{NettingLimits.MaxPrepaymentBalanceFen} fen, got {request.AmountFen}");
        }
        var bankReference = BankReference(request.BankReference);
        var reason = Text(request.Reason, "reason", Limits.MaxReasonLength);
        await RequireRegion(region);
        var command = new WithdrawPrepayment(request.RequestId, Fingerprint.Of(request), region, request.AmountFen, bankReference, reason);
        return new V1.PrepaymentBalance { RegionCode = region, BalanceFen = await Clearing.Withdraw(command) };
    }

    public override async Task<V1.Transfer> MarkTransferExecuted(V1.MarkTransferExecutedRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        if (TransferIds.TryParse(request.TransferId) is null)
        {
            throw RejectedException.InvalidArgument(
                $"transfer_id must be a transfer id YYYY-MM/NNN as ListTransfers shows it, got '{Truncate(request.TransferId)}'");
        }
        var bankReference = BankReference(request.BankReference);
        var executedAt = OptionalInstant(request.ExecutedAt, "executed_at")
            ?? throw RejectedException.InvalidArgument("executed_at is required");
        var command = new MarkTransferExecuted(request.RequestId, Fingerprint.Of(request), request.TransferId, bankReference, executedAt);
        return ClearingWireMapping.ToWire(await Clearing.MarkTransferExecuted(command));
    }

    public override async Task<V1.PeriodPosition> GetPeriodPosition(V1.GetPeriodPositionRequest request, ServerCallContext context)
    {
        var region = RegionCode(request.RegionCode, "region_code");
        await RequireRegion(region);
        // The balance first: a deposit made meanwhile only makes the prospective draw look smaller than it will be.
        var period = await Clearing.GetOpenPeriod();
        var balance = await Clearing.GetPrepaymentBalance(region);
        var asOf = clock.GetUtcNow();
        var pairs = await obligations.ReadForRegionAsync(period, region, context.CancellationToken);
        return ClearingWireMapping.ToWire(period, Netting.PositionOf(region, pairs, balance), balance, asOf);
    }

    public override async Task<V1.PeriodOverview> GetOpenPeriodOverview(V1.GetOpenPeriodOverviewRequest request, ServerCallContext context)
    {
        var pairRegions = request.PairRegions is >= 0 and <= Limits.MaxPageSize
            ? request.PairRegions
            : throw RejectedException.InvalidArgument($"pair_regions must be within 0..{Limits.MaxPageSize}, got {request.PairRegions}");
        // The pairs committed so far, kept running per host: a visit reads only the rows committed since the last.
        var tally = await openPeriod.ReadAsync(context.CancellationToken);
        var (period, asOf) = (tally.Period, tally.AsOf);
        var pairs = tally.Pairs.Where(p => !p.IsEmpty).ToList();
        // Every region ever created (a few audit rows each), so a region with nothing this period is listed too.
        var registered = await ledger.ListRegionCodesAsync(context.CancellationToken);
        var regions = pairs.SelectMany(p => new[] { p.InsuredRegionCode, p.CareRegionCode }).Concat(registered)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var balances = await Task.WhenAll(regions.Select(Clearing.GetPrepaymentBalance));
        var balanceOf = regions.Zip(balances).ToDictionary(r => r.First, r => r.Second, StringComparer.Ordinal);
        var shown = pairRegions == 0 ? pairs : LargestPairs.Among(pairs, pairRegions);
        return ClearingWireMapping.ToWire(period, asOf, regions, Netting.Compute(pairs, balanceOf), shown, balanceOf);
    }

    public override async Task<V1.PrepaymentBalance> GetPrepaymentBalance(V1.GetPrepaymentBalanceRequest request, ServerCallContext context)
    {
        var region = RegionCode(request.RegionCode, "region_code");
        await RequireRegion(region);
        return new V1.PrepaymentBalance { RegionCode = region, BalanceFen = await Clearing.GetPrepaymentBalance(region) };
    }

    public override async Task<V1.Period> GetCurrentPeriod(V1.GetCurrentPeriodRequest request, ServerCallContext context) =>
        new V1.Period { Period_ = await Clearing.GetOpenPeriod(), State = V1.PeriodState.Open };

    public override async Task<V1.PeriodSummary> ClosePeriod(V1.ClosePeriodRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var command = new ClosePeriod(
            request.RequestId, Fingerprint.Of(request), Period(request.Period, "period"), request.Force);
        return ClearingWireMapping.ToWire(await Clearing.Close(command));
    }

    public override async Task<V1.PeriodSummary> GetPeriodSummary(V1.GetPeriodSummaryRequest request, ServerCallContext context) =>
        ClearingWireMapping.ToWire(await RequirePeriod(Period(request.Period, "period")));

    public override async Task<V1.Statement> GetStatement(V1.GetStatementRequest request, ServerCallContext context)
    {
        var period = Period(request.Period, "period");
        var region = RegionCode(request.RegionCode, "region_code");
        await RequireClosed(period);
        var statement = await grains.GetGrain<IStatementGrain>(IStatementGrain.KeyOf(period, region)).Get()
            ?? throw NoStatement(period, region);
        return ClearingWireMapping.ToWire(statement, await Clearing.GetTransfers(period));
    }

    public override async Task<V1.ListStatementsResponse> ListStatements(V1.ListStatementsRequest request, ServerCallContext context)
    {
        var period = Period(request.Period, "period");
        var pageSize = StatementPageSize(request.PageSize);
        var after = DecodePageToken(request.PageToken);
        var closed = await RequireClosed(period);
        var regions = closed.StatementRegionCodes.Where(r => string.CompareOrdinal(r, after) > 0).Take(pageSize + 1).ToList();
        var page = regions.Take(pageSize).ToList();
        var statements = await Task.WhenAll(page.Select(r => grains.GetGrain<IStatementGrain>(IStatementGrain.KeyOf(period, r)).Get()));
        var transfers = await Clearing.GetTransfers(period);
        var response = new V1.ListStatementsResponse
        {
            NextPageToken = regions.Count > pageSize ? Convert.ToBase64String(Encoding.ASCII.GetBytes(page[^1])) : "",
        };
        response.Statements.AddRange(statements.Select((s, i) => ClearingWireMapping.ToWire(s ?? throw NoStatement(period, page[i]), transfers)));
        return response;
    }

    public override async Task<V1.Statement> ConfirmStatement(V1.ConfirmStatementRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var period = Period(request.Period, "period");
        var region = RegionCode(request.RegionCode, "region_code");
        var closed = await RequireClosed(period);
        if (!closed.StatementRegionCodes.Contains(region))
        {
            throw NoStatement(period, region);
        }
        var command = new ConfirmStatement(request.RequestId, Fingerprint.Of(request));
        var confirmed = await grains.GetGrain<IStatementGrain>(IStatementGrain.KeyOf(period, region)).Confirm(command);
        return ClearingWireMapping.ToWire(confirmed, await Clearing.GetTransfers(period));
    }

    public override async Task<V1.ListTransfersResponse> ListTransfers(V1.ListTransfersRequest request, ServerCallContext context)
    {
        var period = Period(request.Period, "period");
        await RequireClosed(period);
        var response = new V1.ListTransfersResponse();
        response.Transfers.AddRange((await Clearing.GetTransfers(period)).Select(ClearingWireMapping.ToWire));
        return response;
    }

    public override async Task WatchPeriods(V1.WatchPeriodsRequest request, IServerStreamWriter<V1.PeriodNotice> responseStream, ServerCallContext context)
    {
        var region = request.RegionCode.Length > 0 ? RegionCode(request.RegionCode, "region_code") : null;
        var since = request.SincePeriod.Length > 0 ? Period(request.SincePeriod, "since_period") : null;
        // Subscribe before reading the past, so no close falls between the two; the period order drops repeats.
        using var subscription = watch.Watch();
        var open = await Clearing.GetOpenPeriod();
        var last = "";
        // Each closed period is told once, in period order, whichever way it arrives.
        async Task Tell(PeriodView closed)
        {
            if (string.CompareOrdinal(closed.Period, last) > 0)
            {
                await responseStream.WriteAsync(ClearingWireMapping.Notice(closed, region), context.CancellationToken);
                last = closed.Period;
            }
        }
        if (since is not null)
        {
            foreach (var closed in await Clearing.ClosedAfter(since))
            {
                await Tell(closed);
            }
        }
        // A close that landed between subscribing and reading the open period is told before the open period.
        while (subscription.Reader.TryRead(out var closed))
        {
            await Tell(closed);
        }
        await responseStream.WriteAsync(new V1.PeriodNotice { Period = open, State = V1.PeriodState.Open }, context.CancellationToken);
        try
        {
            await foreach (var closed in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                await Tell(closed);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: the usual end of a watch.
        }
    }

    private async Task RequireRegion(string region)
    {
        if (await grains.GetGrain<IRegionGrain>(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }
    }

    private async Task<PeriodView> RequirePeriod(string period) =>
        await Clearing.GetPeriod(period) ?? throw RejectedException.NotFound($"period {period} was never open");

    private async Task<Domain.Events.PeriodClosed> RequireClosed(string period)
    {
        var view = await RequirePeriod(period);
        return view.Closed ?? throw RejectedException.FailedPrecondition(
            $"period {period} is {view.Phase.ToString().ToLowerInvariant()}: statements and transfers are issued when it is closed");
    }

    /// <summary>ListStatements' own bounds (clearing.proto): 1..100, 0 meaning 20; statements are larger than settlements.</summary>
    private static int StatementPageSize(int value) => value switch
    {
        0 => 20,
        > 0 and <= 100 => value,
        _ => throw RejectedException.InvalidArgument($"page_size must be within 0..100, got {value}"),
    };

    private static RejectedException NoStatement(string period, string region) =>
        RejectedException.NotFound($"region {region} has no statement for period {period}: it had no settlement, reversal or prepayment");

    private static string DecodePageToken(string token)
    {
        if (token.Length == 0)
        {
            return "";
        }
        try
        {
            var region = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            if (RegionCodeFormat.IsValid(region))
            {
                return region;
            }
        }
        catch (FormatException)
        {
        }
        throw RejectedException.InvalidArgument("page_token is not a token this service issued");
    }
}
