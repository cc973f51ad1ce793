using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint (docs/operations.md): plain HTTP on a listener of its own, no client
/// certificate asked, serving the clearinghouse's own counts and histograms beside ASP.NET Core's, the
/// runtime's, Npgsql's and Orleans' figures; the gRPC endpoint still refuses a caller without a certificate.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PrometheusScrapeTests(TelemetryHostFixture fixture) : IClassFixture<TelemetryHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Settlements_reversals_and_refusals_are_counted_by_status_and_scraped_without_a_client_certificate()
    {
        var scenario = fixture.Scenario("scrape");
        var visits = new Visits(5);
        var today = fixture.Today;
        for (var p = 0; p < 3; p++)
        {
            await scenario.PersonAsync($"scrape-p{p}", TelemetryHostFixture.Insured, Scheme.Resident, PersonCategory.Active);
        }
        SettleRequest Visit(string id, int person, string hospital = TelemetryHostFixture.Hospital) =>
            visits.Next(id, $"scrape-p{person}", TelemetryHostFixture.Care, hospital, today, VisitType.Outpatient, usePersonalAccount: false, maxItems: 3);

        // Unary: three accepted, one reversed, one refused by the service (no such hospital).
        var settled = new List<Settlement>();
        for (var i = 0; i < 3; i++)
        {
            settled.Add(await scenario.SettleAsync(Visit($"scrape-{i}", i)));
        }
        await scenario.ReverseAsync(settled[0]);
        await Rpc.RefusedAsync(StatusCode.NotFound, () => fixture.Settlements.SettleAsync(Visit("scrape-unknown-hospital", 1, "NO-SUCH-H")));
        // A stream: two accepted, one refused (no items); each request counts once.
        var noItems = Visit("scrape-stream-empty", 2);
        noItems.Items.Clear();
        using (var call = fixture.Settlements.SettleStream(deadline: DateTime.UtcNow.AddMinutes(1)))
        {
            foreach (var request in new[] { Visit("scrape-stream-0", 1), Visit("scrape-stream-1", 2), noItems })
            {
                await call.RequestStream.WriteAsync(request);
            }
            await call.RequestStream.CompleteAsync();
            var outcomes = await call.ResponseStream.ReadAllAsync().ToListAsync();
            Assert.Equal(2, outcomes.Count(o => o.ResultCase == SettleOutcome.ResultOneofCase.Settlement));
            Assert.Equal((int)StatusCode.InvalidArgument, Assert.Single(outcomes, o => o.ResultCase == SettleOutcome.ResultOneofCase.Status).Status.Code);
        }
        // The access table's refusal comes before any other interceptor, and is counted all the same.
        var officer = new SettlementService.SettlementServiceClient(fixture.Host.ChannelFor(TestCallers.Officer));
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => officer.SettleAsync(Visit("scrape-officer", 0)));
        // Without a client certificate the gRPC endpoint refuses the call before any service sees it.
        using (var anonymous = fixture.Host.OpenChannel(TestCertificates.Instance.ClientFor(null)))
        {
            await Rpc.RefusedAsync(StatusCode.Unauthenticated, () => new SettlementService.SettlementServiceClient(anonymous).SettleAsync(Visit("scrape-anonymous", 0)));
        }

        // A plain HttpClient: no certificate, no TLS. The exporter may answer from a cache up to 300 ms old,
        // so it is asked again until the last count shows, within a bound.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrape = await ScrapeUntilAsync(http, s => s.Value("clearinghouse_settlements_total", ("grpc_status", "OK")) == 5);

        Assert.Equal(5, scrape.Value("clearinghouse_settlements_total", ("grpc_status", "OK")));
        Assert.Equal(1, scrape.Value("clearinghouse_settlements_total", ("grpc_status", "NOT_FOUND")));
        Assert.Equal(1, scrape.Value("clearinghouse_settlements_total", ("grpc_status", "INVALID_ARGUMENT")));
        Assert.Equal(1, scrape.Value("clearinghouse_settlements_total", ("grpc_status", "PERMISSION_DENIED")));
        Assert.Equal(1, scrape.Value("clearinghouse_reversals_total", ("grpc_status", "OK")));
        // The refusal at the door is the endpoint's, not the settlement service's: not counted there.
        Assert.Empty(scrape.Find("clearinghouse_settlements_total", ("grpc_status", "UNAUTHENTICATED")));
        Assert.Equal(5, scrape.Find("clearinghouse_settlements_total").Count() + scrape.Find("clearinghouse_reversals_total").Count());

        // Every accepted settlement and reversal, and the seed before them, was committed by some transaction.
        Assert.True(scrape.Value("clearinghouse_group_commit_batch_size_sum") >= 6, scrape.Text);
        Assert.InRange(scrape.Value("clearinghouse_group_commit_batch_size_count"), 1, scrape.Value("clearinghouse_group_commit_batch_size_sum"));
        Assert.True(scrape.Value("clearinghouse_group_commit_duration_milliseconds_count") >= 1, scrape.Text);
        Assert.True(scrape.Value("clearinghouse_group_commit_queue_wait_milliseconds_count") >= 6, scrape.Text);
        Assert.InRange(scrape.Value("clearinghouse_group_commit_queue_depth"), 0, 20_000);
        Assert.Equal(1, scrape.Value("clearinghouse_period_open", ("period", ChinaClock.Period(today))));
        Assert.Equal(0, scrape.Value("clearinghouse_period_closing"));

        // The others' figures: Orleans, Npgsql, the runtime, ASP.NET Core by gRPC method.
        Assert.True(scrape.Has("orleans_catalog_activations"), "no Orleans catalog figure in the scrape");
        Assert.True(scrape.Has("db_client_operation_duration_seconds"), "no Npgsql figure in the scrape");
        Assert.True(scrape.Has("dotnet_gc_"), "no runtime figure in the scrape");
        Assert.NotEmpty(scrape.Find("http_server_request_duration_seconds_count", ("http_route", "/clearinghouse.v1.SettlementService/Settle")));
    }

    [Fact]
    public async Task The_metrics_listener_serves_the_scrape_and_nothing_else()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var scrape = await http.GetAsync(fixture.MetricsEndpoint);
        Assert.Equal(System.Net.HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

        // A gRPC method's path, the health service's, anything: not found here, authenticated or not.
        foreach (var path in new[] { "/clearinghouse.v1.SettlementService/Settle", "/grpc.health.v1.Health/Check", "/" })
        {
            using var other = await http.PostAsync(new Uri(fixture.MetricsEndpoint, path), new ByteArrayContent([0, 0, 0, 0, 0]));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
        }
    }

    private async Task<PrometheusText> ScrapeUntilAsync(HttpClient http, Func<PrometheusText, bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var scrape = new PrometheusText(await http.GetStringAsync(fixture.MetricsEndpoint));
            if (done(scrape))
            {
                return scrape;
            }
            Assert.True(waited.Elapsed < Patience, $"the scrape did not show the expected counts within {Patience.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:\n{scrape.Text}");
            await Task.Delay(100);
        }
    }
}
