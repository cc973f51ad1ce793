using System.Diagnostics;
using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>
/// ReconciliationService: the report is staged and compared by the store as it streams in
/// (<see cref="IDailyReportComparer"/>); the day's grain then decides and records the result. Listing and
/// status read the reconciliation read models.
/// </summary>
public sealed class ReconciliationGrpcService(
    IGrainFactory grains, IDailyReportComparer comparer, IReconciliationQueries queries, BusinessClock clock, ILogger<ReconciliationGrpcService> logger)
    : V1.ReconciliationService.ReconciliationServiceBase
{
    public override async Task<V1.ReconciliationResult> SubmitDailyReport(
        IAsyncStreamReader<V1.SubmitDailyReportRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var header = await HeaderFirstStream.ReadHeaderAsync(
            requestStream, r => r.PartCase == V1.SubmitDailyReportRequest.PartOneofCase.Header ? r.Header : null, "a daily report", cancellationToken);
        var requestId = RequestId(header.RequestId);
        var region = RegionCode(header.CareRegionCode, "header.care_region_code");
        var businessDate = Date(header.BusinessDate, "header.business_date");
        ChinaTime.RequireNotLaterThanToday(businessDate, clock.GetUtcNow(), "header.business_date");
        if (await grains.GetGrain<IRegionGrain>(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }

        var headerContent = header.Clone();
        headerContent.RequestId = "";
        var started = Stopwatch.GetTimestamp();
        using var fingerprint = new ReportFingerprint(V1.SubmitDailyReportRequest.Descriptor.FullName, headerContent);
        int messages;
        TimeSpan staged;
        ComparisonTally tally;
        // The staging transaction (and its connection) ends before the grain records the result.
        await using (var staging = await comparer.BeginAsync(cancellationToken))
        {
            messages = await StageEntriesAsync(requestStream, staging, fingerprint, cancellationToken);
            staged = Stopwatch.GetElapsedTime(started);
            tally = await staging.CompareAsync(region, businessDate, cancellationToken);
        }
        var command = new RecordDailyReport(
            requestId, fingerprint.Finish(), tally.MatchedCount, tally.RegionEntryCount, tally.ClearinghouseEntryCount, [.. tally.Found]);
        var compared = Stopwatch.GetElapsedTime(started);
        var report = await grains.GetGrain<IReconciliationDayGrain>(ReconciliationKeys.Grain(region, businessDate)).Record(command);
        logger.LogInformation(
            "Daily report {RequestId} of {Region} for {BusinessDate}: {Lines} lines in {Messages} messages staged in {StagedMs:0} ms, " +
            "compared by {ComparedMs:0} ms, recorded by {RecordedMs:0} ms; {Discrepancies} discrepancies",
            requestId, region, header.BusinessDate, tally.RegionEntryCount, messages, staged.TotalMilliseconds, compared.TotalMilliseconds,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, report.Discrepancies.Length);
        return ReconciliationWireMapping.ToWire(report);
    }

    public override async Task<V1.ListDiscrepanciesResponse> ListDiscrepancies(V1.ListDiscrepanciesRequest request, ServerCallContext context)
    {
        var region = RegionCode(request.RegionCode, "region_code");
        var status = ReconciliationWireMapping.ToDomain(request.Status, "status");
        DateOnly? businessDate = request.BusinessDate.Length == 0 ? null : Date(request.BusinessDate, "business_date");
        var pageSize = PageSize(request.PageSize);
        var after = SequencePageToken.Decode(request.PageToken);
        if (await grains.GetGrain<IRegionGrain>(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }
        var page = await queries.ListAsync(region, status, businessDate, pageSize, after, context.CancellationToken);
        var response = new V1.ListDiscrepanciesResponse { NextPageToken = SequencePageToken.Encode(page.NextAfterSequence) };
        response.Discrepancies.AddRange(page.Discrepancies.Select(ReconciliationWireMapping.ToWire));
        return response;
    }

    public override async Task<V1.Discrepancy> ResolveDiscrepancy(V1.ResolveDiscrepancyRequest request, ServerCallContext context)
    {
        var requestId = RequestId(request.RequestId);
        var discrepancyId = Identifier(request.DiscrepancyId, "discrepancy_id");
        var resolution = ReconciliationWireMapping.ToDomain(request.Resolution, "resolution");
        var note = Text(request.Note, "note", ReconciliationLimits.MaxNoteLength, required: false);
        var officer = CallerAccess.Self(context, "officer", request.Officer);
        // The read model tells which day's grain owns the discrepancy; that grain decides.
        var found = await queries.FindDiscrepancyAsync(discrepancyId, context.CancellationToken)
            ?? throw RejectedException.NotFound($"discrepancy {discrepancyId} not found");
        // The officer left out is the caller: fingerprint the request as if named, so one id reused by another
        // officer is told apart (ALREADY_EXISTS) whether or not either named themselves.
        var content = request;
        if (request.Officer != officer)
        {
            content = request.Clone();
            content.Officer = officer;
        }
        var command = new ResolveDiscrepancy(
            requestId, Fingerprint.Of(content), discrepancyId, resolution, note, officer);
        var grain = grains.GetGrain<IReconciliationDayGrain>(ReconciliationKeys.Grain(found.CareRegionCode, found.BusinessDate));
        return ReconciliationWireMapping.ToWire(await grain.Resolve(command));
    }

    public override async Task<V1.ReconciliationStatus> GetReconciliationStatus(V1.GetReconciliationStatusRequest request, ServerCallContext context)
    {
        var region = RegionCode(request.CareRegionCode, "care_region_code");
        var period = Period(request.Period, "period");
        if (await grains.GetGrain<IRegionGrain>(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }
        CivilDate.TryParsePeriod(period, out var firstDay);
        var reconciled = (await queries.DaysAsync(region, period, context.CancellationToken)).ToDictionary(d => d.BusinessDate);
        var status = new V1.ReconciliationStatus { CareRegionCode = region, Period = period };
        status.Days.AddRange(BusinessDay.DaysOf(firstDay).Select(day => ReconciliationWireMapping.ToWire(day, reconciled.GetValueOrDefault(day))));
        return status;
    }

    /// <summary>Stages every entry after the header; returns the number of messages, the header included.</summary>
    private static async Task<int> StageEntriesAsync(
        IAsyncStreamReader<V1.SubmitDailyReportRequest> requestStream, IDailyReportStaging staging, ReportFingerprint fingerprint,
        CancellationToken cancellationToken)
    {
        var messages = 1;
        while (await requestStream.MoveNext(cancellationToken))
        {
            var message = requestStream.Current;
            messages++;
            switch (message.PartCase)
            {
                case V1.SubmitDailyReportRequest.PartOneofCase.Entry:
                    await StageAsync(message.Entry, staging, fingerprint, cancellationToken);
                    break;
                case V1.SubmitDailyReportRequest.PartOneofCase.Entries when message.Entries.Entries.Count <= ReconciliationLimits.MaxEntriesPerBatch:
                    foreach (var entry in message.Entries.Entries)
                    {
                        await StageAsync(entry, staging, fingerprint, cancellationToken);
                    }
                    break;
                case V1.SubmitDailyReportRequest.PartOneofCase.Entries:
                    throw RejectedException.InvalidArgument(
                        $"message {messages} of the report holds {message.Entries.Entries.Count} entries; a batch holds at most {ReconciliationLimits.MaxEntriesPerBatch}");
                default:
                    throw RejectedException.InvalidArgument($"message {messages} of the report holds no entry: only the first message is the header");
            }
        }
        return messages;
    }

    private static async Task StageAsync(
        V1.ReportEntry entry, IDailyReportStaging staging, ReportFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var line = staging.Lines + 1;
        if (line > ReconciliationLimits.MaxReportEntries)
        {
            throw RejectedException.InvalidArgument($"a daily report holds at most {ReconciliationLimits.MaxReportEntries} entries");
        }
        var (requestId, kind, amounts) = Entry(entry, line);
        // Entry by entry, so a retry may batch its entries differently and still be the same request.
        fingerprint.Add(entry);
        await staging.AddAsync(requestId, kind, amounts, cancellationToken);
    }

    private static (string RequestId, EntryKind Kind, EntryAmounts Amounts) Entry(V1.ReportEntry entry, int line)
    {
        var field = FieldName.Element("entries", line);
        if (string.IsNullOrWhiteSpace(entry.RequestId) || entry.RequestId.Length > Limits.MaxRequestIdLength)
        {
            throw RejectedException.InvalidArgument($"{field.Member("request_id")} must be 1..{Limits.MaxRequestIdLength} characters");
        }
        var kind = ReconciliationWireMapping.ToDomain(entry.Kind, field.Member("kind"));
        var amounts = new EntryAmounts(
            Amount(entry.FundPayFen, field.Member("fund_pay_fen"), allowZero: true),
            Amount(entry.AccountPayFen, field.Member("account_pay_fen"), allowZero: true));
        return (entry.RequestId, kind, amounts);
    }
}
