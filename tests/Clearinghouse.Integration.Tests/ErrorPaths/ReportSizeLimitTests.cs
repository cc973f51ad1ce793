using System.Diagnostics;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Reconciliation;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Xunit.Abstractions;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// A daily report holds at most 1,000,000 entries. The report is staged as it streams in, so the server
/// refuses it as soon as the count passes the limit (not after reading all the client would send), and
/// nothing of it stays behind.
/// </summary>
public sealed class ReportSizeLimitTests(ReportSizeLimitTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<ReportSizeLimitTests.Fixture>
{
    private const string Care = "420102";
    private const int BatchSize = 10_000;
    private const int MaxEntries = 1_000_000;

    /// <summary>After the limit the client offers this many more batches; the refusal must stop it well before.</summary>
    private const int SurplusBatches = 100;

    [Fact]
    public async Task A_report_of_more_than_1000000_entries_is_refused_when_the_count_passes_the_limit_and_records_nothing()
    {
        var before = (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
        // One batch message, sent 100 times: the entries' content does not matter to the count.
        var batch = new ReportEntryBatch();
        for (var i = 0; i < BatchSize; i++)
        {
            batch.Entries.Add(new ReportEntry { RequestId = $"L-{i:D5}", Kind = ReportEntryKind.Settlement, FundPayFen = 100, AccountPayFen = 0 });
        }
        var message = new SubmitDailyReportRequest { Entries = batch };
        var started = Stopwatch.StartNew();

        var written = 0;
        using var call = fixture.Reconciliation.SubmitDailyReport(deadline: DateTime.UtcNow.AddMinutes(2));
        try
        {
            await call.RequestStream.WriteAsync(Header("too-long", Care, ChinaClock.Format(ChinaClock.Today)));
            for (; written < MaxEntries / BatchSize + SurplusBatches; written++)
            {
                await call.RequestStream.WriteAsync(message);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The server ended the call while the client was still sending: its status says why.
        }
        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => call.ResponseAsync);
        var elapsed = started.Elapsed;

        Assert.Equal("a daily report holds at most 1000000 entries", refused.Status.Detail);
        // Batch 101 passes the limit. What the client writes after it is only what HTTP/2 flow control and
        // the socket buffers take before the refusal resets the call (5 batches of ~160 KB when measured).
        Assert.True(written <= MaxEntries / BatchSize + 30,
            $"the client wrote {written} batches: the refusal did not stop it when the count passed {MaxEntries}");
        // How long is printed, not asserted: on a loaded machine sending 101 batches alone takes a minute, and the
        // count of batches written above is what shows the refusal stopped the client.
        output.WriteLine($"refused after {written} batches in {elapsed.TotalSeconds:0.0} s");
        Assert.Equal(before, (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString)));
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override Task SeedAsync() => new Scenario(this, "size").RegionAsync(Care, "Changsha Furong");
    }
}
