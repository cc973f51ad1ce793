using System.Diagnostics;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.Storage.EventLog;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>
/// One settlement's trace (docs/operations.md): the gRPC server span, the grain calls under it (Orleans carries
/// the trace context across the call), the append waiting for its commit under the person grain's call, and the
/// commit, a span of its own that links to the appends it carried.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SettlementTraceTests(TelemetryHostFixture fixture) : IClassFixture<TelemetryHostFixture>
{
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string OrleansGrains = "Microsoft.Orleans.Application";

    [Fact]
    public async Task One_settlement_is_one_trace_from_the_gRPC_call_through_the_grain_call_to_its_append_linked_from_its_commit()
    {
        var scenario = fixture.Scenario("trace");
        await scenario.PersonAsync("trace-p0", TelemetryHostFixture.Insured, Scheme.Resident, PersonCategory.Active);
        var request = new Visits(9).Next("trace-0", "trace-p0", TelemetryHostFixture.Care, TelemetryHostFixture.Hospital, fixture.Today,
            VisitType.Outpatient, usePersonalAccount: false, maxItems: 3);

        await scenario.SettleAsync(request);

        // Spans reach the exporter as they end; the server's ends just after the answer left. Bounded wait.
        var waited = Stopwatch.StartNew();
        IReadOnlyList<Activity> spans;
        Activity? call;
        while (true)
        {
            spans = fixture.Spans.Snapshot();
            call = spans.SingleOrDefault(s => s.Source.Name == AspNetCore && s.Kind == ActivityKind.Server
                && s.DisplayName.Contains("/clearinghouse.v1.SettlementService/Settle", StringComparison.Ordinal));
            if (call is not null)
            {
                break;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "no server span of the Settle call within 20 s");
            await Task.Delay(50);
        }

        var trace = spans.Where(s => s.TraceId == call.TraceId).ToDictionary(s => s.SpanId);
        var grainCall = Assert.Single(trace.Values, s => s.Source.Name == OrleansGrains && s.Kind == ActivityKind.Client
            && s.DisplayName.Contains("PersonGrain/Settle", StringComparison.Ordinal));
        var grainTurn = Assert.Single(trace.Values, s => s.Source.Name == OrleansGrains && s.Kind == ActivityKind.Server
            && s.ParentSpanId == grainCall.SpanId);
        Assert.Contains(call, Ancestors(grainCall, trace));
        var append = Assert.Single(trace.Values, s => s.Source.Name == GroupCommitTracing.SourceName && s.DisplayName == GroupCommitTracing.AppendSpan
            && Ancestors(s, trace).Contains(grainTurn));
        Assert.Equal(ActivityStatusCode.Unset, append.Status);

        // The commit that carried it: its own trace, one link per append it carried, this append's among them.
        var commit = Assert.Single(spans, s => s.Source.Name == GroupCommitTracing.SourceName && s.DisplayName == GroupCommitTracing.CommitSpan
            && s.Links.Any(l => l.Context.TraceId == append.TraceId && l.Context.SpanId == append.SpanId));
        Assert.Equal(default, commit.ParentSpanId);
        Assert.Equal(commit.Links.Count(), Assert.IsType<int>(commit.GetTagItem(GroupCommitTracing.AppendsTag)));
        Assert.True(commit.StartTimeUtc >= append.StartTimeUtc && commit.StartTimeUtc + commit.Duration <= append.StartTimeUtc + append.Duration,
            "the commit does not lie within the append that waited for it");
        // Its statements are Npgsql's spans under it.
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId && s.TraceId == commit.TraceId);
    }

    /// <summary>A span's parent, its parent's parent, and so on, as far as the trace's spans reach.</summary>
    private static List<Activity> Ancestors(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> trace)
    {
        var ancestors = new List<Activity>();
        for (var at = span; trace.TryGetValue(at.ParentSpanId, out var parent) && ancestors.Count < 64; at = parent)
        {
            ancestors.Add(parent);
        }
        return ancestors;
    }
}
