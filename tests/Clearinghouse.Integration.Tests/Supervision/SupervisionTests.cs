using System.Globalization;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// Fund supervision end to end (docs/supervision.md): the processor follows $all and flags every planted case of
/// the generated month; a restart finds the same flags again and writes none twice; officers resolve flags once;
/// regions read the flags they are party to; ReplayRules reports the planted cases and writes nothing.
/// </summary>
public sealed class SupervisionTests(SupervisionFixture fixture, ITestOutputHelper output) : IClassFixture<SupervisionFixture>
{
    [Fact]
    public async Task Every_planted_case_is_flagged_with_its_evidence_and_the_figures_are_printed()
    {
        var flags = await fixture.AllFlaggedAsync();

        var missed = fixture.Planted.Where(p => !flags.Any(p.Matches)).ToList();
        Assert.True(missed.Count == 0, $"not flagged: {string.Join("; ", missed)}");
        foreach (var rule in fixture.Planted.Select(p => p.RuleId).Distinct())
        {
            var planted = fixture.Planted.Count(p => p.RuleId == rule);
            var raised = flags.Count(f => f.RuleId == rule);
            var hits = flags.Count(f => f.RuleId == rule && fixture.Planted.Any(p => p.Matches(f)));
            output.WriteLine($"{rule}: planted {planted}, flagged {raised}, hits {hits}, recall {100.0 * hits / planted:0.#}%, precision {(raised == 0 ? 0 : 100.0 * hits / raised):0.#}%");
        }
        output.WriteLine($"{fixture.Settled.Count} settlements ({fixture.EverydayVisits} everyday), {flags.Count} flags");
        // The clean-data flag rate: flags about no planted case, over the everyday visits.
        var clean = flags.Count(f => !fixture.Planted.Any(p => p.Matches(f)));
        output.WriteLine($"clean data: {clean} flags over {fixture.EverydayVisits} everyday visits, {1000.0 * clean / fixture.EverydayVisits:0.00} per 1,000 visits");

        // The evidence travels with the flag: the price case names the limit and the excess.
        var price = flags.First(fixture.Planted.First(p => p.RuleId == "over_regulated_price").Matches);
        var detail = await fixture.Supervision.GetFlagAsync(new GetFlagRequest { FlagId = price.FlagId });
        Assert.Equal(SupervisionFixture.PriceLimitFen, detail.Flag.Evidence.Single(e => e.Name == "price_limit").Number);
        Assert.Equal(5_000, detail.Flag.Evidence.Single(e => e.Name == "excess_bp").Number);
        Assert.Equal(FlagSeverity.High, detail.Flag.Severity);
        var settlement = Assert.Single(detail.Settlements);
        Assert.Equal(SupervisionFixture.LimitedCode, Assert.Single(settlement.Items).Code);
        Assert.True(detail.Flag.TriggerPosition > 0);

        // Lag from a settlement's commit to its flag, over the planted cases (the last settlement of each completes it).
        var lags = fixture.Planted
            .Select(p => (Flag: flags.First(p.Matches), Trigger: p.SettlementIds.Select(id => fixture.Settled[id]).MaxBy(s => s.AcceptedAt, StringComparer.Ordinal)!))
            .Select(x => (Instant(x.Flag.FlaggedAt) - Instant(x.Trigger.AcceptedAt)).TotalMilliseconds)
            .Order().ToList();
        output.WriteLine($"settlement commit → flag: p50 {Percentile(lags, 50):0} ms, p99 {Percentile(lags, 99):0} ms, max {lags[^1]:0} ms over {lags.Count} planted cases");
    }

    [Fact]
    public async Task After_a_restart_mid_stream_the_flags_are_exactly_the_expected_ones_none_twice()
    {
        await fixture.AllFlaggedAsync();
        var before = (await fixture.Supervision.ListFlagsAsync(new ListFlagsRequest { PageSize = 1000 })).Flags.Select(f => f.FlagId).ToHashSet();

        // A second batch of cases, and the host stopped while the processor may be in the middle of it.
        var planting = fixture.PlantAsync(new Scenario(fixture, "sup2"), "2");
        await planting;
        await fixture.RestartHostAsync();
        var flags = await fixture.AllFlaggedAsync();

        Assert.All(fixture.Planted, p => Assert.Contains(flags, p.Matches));
        // No checkpoint was written (an hour's interval): the new processor read $all from the start, found every
        // earlier finding again, and wrote nothing for it.
        var processor = fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        SupervisionProgress progress;
        while ((progress = await processor.Progress()).Settlements < fixture.Settled.Count && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        output.WriteLine($"after the restart: {progress.FlagsRaised} flags raised, {progress.FlagsAlreadyRaised} found already raised, {progress.Settlements} settlements read");
        Assert.True(progress.FlagsAlreadyRaised >= before.Count, $"{progress.FlagsAlreadyRaised} findings found again, {before.Count} flagged before");
        Assert.Equal(flags.Count, flags.Select(f => f.FlagId).Distinct().Count());
        Assert.Equal(flags.Count, flags.Select(f => f.FindingKey).Distinct().Count());
        Assert.Equal(flags.Count, await CountAsync("select count(*) from clearinghouse.mt_events where type = 'settlement_flagged_v1'"));
        Assert.Equal(0, await CountAsync("select count(*) from clearinghouse.mt_events where type = 'supervision_checkpointed_v1'"));
    }

    [Fact]
    public async Task An_officer_resolves_a_flag_once_and_the_regions_party_to_it_read_it()
    {
        var flags = await fixture.AllFlaggedAsync();
        var overlap = flags.First(f => f.RuleId == "overlapping_stays" && fixture.Planted.Any(p => p.Matches(f)));
        var twice = flags.First(f => f.RuleId == "charged_twice" && fixture.Planted.Any(p => p.Matches(f)));
        // The listing names every care region of the settlements, as GetFlag does: the regions it filters on.
        Assert.Equal([SupervisionFixture.CareA, SupervisionFixture.CareB], overlap.CareRegionCodes.Order(StringComparer.Ordinal));
        var confirm = new ResolveFlagRequest
        {
            RequestId = "sup-resolve-1", FlagId = overlap.FlagId, Resolution = FlagResolution.Confirmed, Note = "patient was in hospital", RequestReversal = true,
        };

        var confirmed = await fixture.Supervision.ResolveFlagAsync(confirm);
        var retried = await fixture.Supervision.ResolveFlagAsync(confirm);

        Assert.Equal((FlagStatus.Confirmed, true, "tests"), (confirmed.Status, confirmed.ReversalRequested, confirmed.Officer));
        Assert.Equal(confirmed, retried);
        var other = confirm.Clone();
        other.RequestId = "sup-resolve-2";
        other.Resolution = FlagResolution.FalsePositive;
        other.RequestReversal = false;
        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => fixture.Supervision.ResolveFlagAsync(other));
        Assert.Contains("already resolved", refused.Status.Detail, StringComparison.Ordinal);
        var reused = confirm.Clone();
        reused.FlagId = twice.FlagId;
        await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => fixture.Supervision.ResolveFlagAsync(reused));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Supervision.ResolveFlagAsync(new ResolveFlagRequest
        {
            RequestId = "sup-resolve-3", FlagId = twice.FlagId, Resolution = FlagResolution.FalsePositive, RequestReversal = true,
        }));
        var falsePositive = await fixture.Supervision.ResolveFlagAsync(new ResolveFlagRequest
        {
            RequestId = "sup-resolve-4", FlagId = twice.FlagId, Resolution = FlagResolution.FalsePositive, Note = "two real visits",
        });
        Assert.Equal((FlagStatus.FalsePositive, false), (falsePositive.Status, falsePositive.ReversalRequested));

        // The care region of the stay (CareA) and of the visit (CareB) read the flag and the reversal request; the
        // insured region reads it; a region not party is refused; a region may not resolve.
        foreach (var party in new[] { SupervisionFixture.CareA, SupervisionFixture.CareB, overlap.InsuredRegionCode })
        {
            var asParty = new SupervisionService.SupervisionServiceClient(fixture.Host.ChannelFor(TestCallers.Region(party)));
            var read = await asParty.GetFlagAsync(new GetFlagRequest { FlagId = overlap.FlagId });
            Assert.Equal((FlagStatus.Confirmed, true), (read.Flag.Status, read.Flag.ReversalRequested));
            var listed = await SupervisionFixture.ListAllAsync(asParty, new ListFlagsRequest { RegionCode = party, Status = FlagStatus.Confirmed });
            Assert.Contains(listed, f => f.FlagId == overlap.FlagId && f.ReversalRequested);
        }
        var careOnly = await SupervisionFixture.ListAllAsync(fixture.Supervision, new ListFlagsRequest { RegionCode = SupervisionFixture.CareCatalogue, RegionRole = FlagRegionRole.Care });
        Assert.All(careOnly, f => Assert.Equal("over_regulated_price", f.RuleId));
        var stranger = new SupervisionService.SupervisionServiceClient(fixture.Host.ChannelFor(TestCallers.Region(SupervisionFixture.CareCatalogue)));
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => stranger.GetFlagAsync(new GetFlagRequest { FlagId = overlap.FlagId }));
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => stranger.ListFlagsAsync(new ListFlagsRequest()));
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => stranger.ResolveFlagAsync(new ResolveFlagRequest
        {
            RequestId = "sup-resolve-5", FlagId = overlap.FlagId, Resolution = FlagResolution.Confirmed,
        }));
    }

    [Fact]
    public async Task Replaying_the_rules_over_the_period_reports_the_planted_cases_and_writes_nothing()
    {
        await fixture.AllFlaggedAsync();
        var before = await fixture.Database.CountsAsync();
        var period = fixture.Settled.Values.First().Period;

        var replay = await fixture.Supervision.ReplayRulesAsync(new ReplayRulesRequest { Period = period });

        Assert.Equal(before, await fixture.Database.CountsAsync());
        var reported = replay.Findings.Select(f => f.Flag).ToList();
        Assert.All(fixture.Planted, p => Assert.Contains(reported, p.Matches));
        Assert.All(replay.Findings.Where(f => fixture.Planted.Any(p => p.Matches(f.Flag))), f => Assert.True(f.Raised, $"{f.Flag.FindingKey} is flagged"));
        output.WriteLine($"replay of {period}: {replay.SettlementsRead} settlements, {replay.Findings.Count} findings, {replay.Findings.Count(f => f.Raised)} of them flagged");
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Supervision.ReplayRulesAsync(new ReplayRulesRequest { Period = "2026-13" }));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static DateTimeOffset Instant(string rfc3339) => DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * percentile / 100.0) - 1, 0, sorted.Count - 1)];
}
