using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>Sends a daily report as the client-streaming call it is.</summary>
public static class ReportStream
{
    public static SubmitDailyReportRequest Header(string requestId, string careRegionCode, string businessDate) =>
        new() { Header = new DailyReportHeader { RequestId = requestId, CareRegionCode = careRegionCode, BusinessDate = businessDate } };

    public static SubmitDailyReportRequest Entry(string requestId, ReportEntryKind kind, long fundPayFen, long accountPayFen) =>
        new() { Entry = new ReportEntry { RequestId = requestId, Kind = kind, FundPayFen = fundPayFen, AccountPayFen = accountPayFen } };

    /// <summary>Writes every message, then answers the call's result (or throws its status).</summary>
    public static Task<ReconciliationResult> SubmitAsync(
        this ReconciliationService.ReconciliationServiceClient client, IEnumerable<SubmitDailyReportRequest> messages) =>
        ClientStreams.SendAllAsync(client.SubmitDailyReport(deadline: DateTime.UtcNow.AddMinutes(2)), messages);
}
