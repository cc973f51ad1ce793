using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Audit;

/// <summary>
/// A scripted month written by several callers (two operators, two regions, a platform, two officers), then the
/// audit trail: ListActions names, for every write, who made it, what kind of event it recorded, under which
/// request, and which regions it concerns; filters by actor, region, kind and time return exactly their share;
/// retries and refused calls leave no action behind.
/// </summary>
public sealed class AuditTrailTests(AuditTrailTests.Fixture fixture) : IClassFixture<AuditTrailTests.Fixture>
{
    private const string Beijing = CallersMonth.Beijing;
    private const string Shanghai = CallersMonth.Shanghai;
    private const string Guangzhou = CallersMonth.Guangzhou;

    public sealed class Fixture : ClearinghouseFixture
    {
        /// <summary>Every write of the month, as the audit trail must show it.</summary>
        public List<ExpectedAction> Script { get; private set; } = [];

        /// <summary>The actions ListActions returned, newest first, paged 7 at a time.</summary>
        public List<ActionRecord> Listed { get; } = [];

        public AuditService.AuditServiceClient Audit => new(Host.ChannelFor(TestCallers.Officer));

        protected override async Task SeedAsync()
        {
            var month = new CallersMonth(this);
            await month.RunAsync();
            Script = month.Script;
            var token = "";
            do
            {
                var page = await Audit.ListActionsAsync(new ListActionsRequest { PageSize = 7, PageToken = token });
                Listed.AddRange(page.Actions);
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }
    }

    [Fact]
    public void Every_write_of_the_month_is_listed_once_with_its_actor_kind_request_and_regions()
    {
        Assert.Equal(
            fixture.Script.Select(Describe).Order(StringComparer.Ordinal),
            fixture.Listed.Select(a => Describe(Of(a))).Order(StringComparer.Ordinal));
        // The script covered every kind of event there is, but the carry-over of prepayment balances, which only a store
        // from before the prepayment accounts makes (PrepaymentCarryOverTests), and fund supervision's flags and
        // checkpoints, which its processor writes (off in this host; Supervision/SupervisionTests).
        Assert.Equal(
            Domain.Events.EventKinds.All.Except(["prepayment_carried_over", "prepayments_carried_over", "settlement_flagged", "flag_resolved", "supervision_checkpointed"]),
            fixture.Listed.Select(a => a.EventKind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Actions_come_newest_first()
    {
        var instants = fixture.Listed.Select(a => Instant(a.AcceptedAt)).ToList();
        Assert.Equal(instants.OrderDescending(), instants);
    }

    [Fact]
    public async Task Every_stored_event_names_its_actor_and_has_one_action()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from clearinghouse.mt_events where stream_id <> 'mt_tombstone'),
                   (select count(*) from clearinghouse.mt_events where stream_id <> 'mt_tombstone' and coalesce(data -> 'Request' ->> 'Actor', '') = ''),
                   (select count(*) from clearinghouse.audit_actions)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((fixture.Listed.Count, 0L, fixture.Listed.Count), ((int)reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2)));
    }

    [Theory]
    [InlineData("operator:li")]
    [InlineData("operator:zhang")]
    [InlineData("region:310101")]
    [InlineData("region:110101")]
    [InlineData("platform:44")]
    [InlineData("officer:wang")]
    [InlineData("officer:zhao")]
    [InlineData("system")]
    [InlineData("officer:nobody")]
    public async Task Filtering_by_actor_lists_exactly_that_callers_actions(string actor)
    {
        var listed = await ListAllAsync(new ListActionsRequest { Actor = actor });
        Assert.Equal(fixture.Listed.Where(a => a.Actor == actor), listed);
        Assert.Equal(actor == "officer:nobody", listed.Count == 0);
    }

    [Theory]
    [InlineData(Beijing)]
    [InlineData(Shanghai)]
    [InlineData(Guangzhou)]
    [InlineData("120101")]
    public async Task Filtering_by_region_lists_exactly_the_actions_it_is_party_to(string region)
    {
        var listed = await ListAllAsync(new ListActionsRequest { RegionCode = region });
        Assert.Equal(fixture.Listed.Where(a => a.RegionCodes.Contains(region)), listed);
        Assert.Equal(region == "120101", listed.Count == 0);
    }

    [Theory]
    [InlineData("settlement_accepted")]
    [InlineData("settlement_reversed")]
    [InlineData("discrepancy_resolved")]
    [InlineData("statement_issued")]
    public async Task Filtering_by_kind_and_actor_together_lists_what_both_admit(string kind)
    {
        Assert.Equal(fixture.Listed.Where(a => a.EventKind == kind), await ListAllAsync(new ListActionsRequest { EventKind = kind }));
        Assert.Equal(
            fixture.Listed.Where(a => a.EventKind == kind && a.Actor == "region:310101" && a.RegionCodes.Contains(Beijing)),
            await ListAllAsync(new ListActionsRequest { EventKind = kind, Actor = "region:310101", RegionCode = Beijing }));
    }

    [Fact]
    public async Task Filtering_by_time_splits_the_month_at_any_instant()
    {
        // The first deposit's instant: actions before it and from it on, in China time and in UTC alike.
        var pivot = Assert.Single(fixture.Listed, a => a.EventKind == "prepayment_deposited" && a.RequestId == "deposit-1").AcceptedAt;
        var inChina = Instant(pivot).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var from = await ListAllAsync(new ListActionsRequest { From = inChina });
        var before = await ListAllAsync(new ListActionsRequest { To = pivot });
        Assert.Equal(fixture.Listed.Where(a => Instant(a.AcceptedAt) >= Instant(pivot)), from);
        Assert.Equal(fixture.Listed.Where(a => Instant(a.AcceptedAt) < Instant(pivot)), before);
        Assert.NotEmpty(from);
        Assert.NotEmpty(before);
        Assert.Equal(fixture.Listed, from.Concat(before));
    }

    [Theory]
    [InlineData("actor", "nobody")]
    [InlineData("actor", "region:11")]
    [InlineData("actor", "auditor:li")]
    [InlineData("region", "11010")]
    [InlineData("region", "000000")]
    [InlineData("kind", "settlement")]
    [InlineData("kind", "settlement_accepted_v1")]
    [InlineData("from", "yesterday")]
    [InlineData("from", "2026-12-01")]
    [InlineData("to", "2026-12-01T00:00:00")]
    [InlineData("range", "")]
    [InlineData("page_size", "1001")]
    [InlineData("page_token", "not-a-token")]
    public async Task A_malformed_filter_is_invalid_argument_naming_the_field(string field, string value)
    {
        var request = new ListActionsRequest();
        switch (field)
        {
            case "actor": request.Actor = value; break;
            case "region": request.RegionCode = value; break;
            case "kind": request.EventKind = value; break;
            case "from": request.From = value; break;
            case "to": request.To = value; break;
            case "range": (request.From, request.To) = ("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z"); break;
            case "page_size": request.PageSize = int.Parse(value, CultureInfo.InvariantCulture); break;
            default: request.PageToken = value; break;
        }
        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Audit.ListActionsAsync(request), $"{field} = {value}");
        var named = field switch { "region" => "region_code", "kind" => "event_kind", "range" => "from", _ => field };
        Assert.Contains(named, refused.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<List<ActionRecord>> ListAllAsync(ListActionsRequest request)
    {
        var all = new List<ActionRecord>();
        request.PageSize = 5;
        do
        {
            var page = await fixture.Audit.ListActionsAsync(request);
            all.AddRange(page.Actions);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    private static ExpectedAction Of(ActionRecord a) => new(a.Actor, a.EventKind, a.RequestScope, a.RequestId, string.Join(' ', a.RegionCodes.Order(StringComparer.Ordinal)));

    private static string Describe(ExpectedAction e) => $"{e.Actor} {e.Kind} {e.Scope}/{e.RequestId} [{e.Regions}]";

    private static DateTimeOffset Instant(string rfc3339) => DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture);
}
