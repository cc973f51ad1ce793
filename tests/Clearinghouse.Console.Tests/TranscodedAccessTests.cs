using System.Net;
using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Console.Tests.ConsoleMonthFixture;

namespace Clearinghouse.Console.Tests;

/// <summary>
/// The console's JSON calls go through the same authentication, authorization interceptor and access table as gRPC
/// calls: the same callers are admitted and refused with the same reasons, and gRPC clients still speak HTTP/2 on
/// the endpoint that now also speaks HTTP/1.1.
/// </summary>
public sealed class TranscodedAccessTests(ConsoleMonthFixture fixture) : IClassFixture<ConsoleMonthFixture>
{
    private static readonly Caller Officer = new(CallerRole.Officer, "wang");
    private static readonly Caller ShanghaiRegion = new(CallerRole.Region, Shanghai);

    [Fact]
    public async Task A_region_reads_its_own_position_as_JSON_and_is_refused_another_regions_as_over_gRPC()
    {
        using var region = ConsoleHttp.For(fixture.Host, ShanghaiRegion);
        // Who it is, as its certificate says.
        var (known, me) = await region.GetJsonAsync("/v1/caller");
        Assert.Equal(HttpStatusCode.OK, known);
        Assert.Equal(("ROLE_REGION", Shanghai, "region:" + Shanghai),
            (me.GetProperty("role").GetString(), me.GetProperty("scope").GetString(), me.GetProperty("name").GetString()));

        var (ok, own) = await region.GetJsonAsync($"/v1/regions/{Shanghai}/position");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(Shanghai, own.GetProperty("regionCode").GetString());
        // int64 travels as a JSON string (proto3 JSON), so no fen is lost to a double in the browser.
        var grpcPosition = await new ClearingService.ClearingServiceClient(fixture.Host.ChannelFor(ShanghaiRegion))
            .GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = Shanghai });
        Assert.Equal(grpcPosition.NetFen.ToString(System.Globalization.CultureInfo.InvariantCulture), own.GetProperty("netFen").GetString());

        var (refused, body) = await region.GetJsonAsync($"/v1/regions/{Beijing}/position");
        var grpc = await Assert.ThrowsAsync<RpcException>(() => new ClearingService.ClearingServiceClient(fixture.Host.ChannelFor(ShanghaiRegion))
            .GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = Beijing }).ResponseAsync);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal((int)StatusCode.PermissionDenied, body.GetProperty("code").GetInt32());
        Assert.Equal(grpc.Status.Detail, body.GetProperty("message").GetString());
        Assert.Contains("may not act for region " + Beijing, body.GetProperty("message").GetString());

        // Officers only: the overview of every region's figures.
        var (overview, why) = await region.GetJsonAsync("/v1/periods:overview");
        Assert.Equal(HttpStatusCode.Forbidden, overview);
        Assert.Contains("allowed: officer", why.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_a_certificate_a_JSON_call_and_an_export_are_refused_401_with_the_reason_and_the_console_page_still_loads()
    {
        using var anonymous = ConsoleHttp.For(fixture.Host, caller: null);
        var (status, body) = await anonymous.GetJsonAsync("/v1/periods:current");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal((int)StatusCode.Unauthenticated, body.GetProperty("code").GetInt32());
        Assert.Contains("client certificate", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync("/v1/caller")).Status);

        // The export reads no data, yet it too is for authenticated callers only.
        var (export, _) = await anonymous.PostJsonAsync("/console/export.xlsx", new { fileName = "x", sheets = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Unauthorized, export);

        using var page = await anonymous.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_officers_overview_as_JSON_agrees_with_the_region_positions_and_gRPC_still_speaks_HTTP2()
    {
        using var officer = ConsoleHttp.For(fixture.Host, Officer);
        var (status, overview) = await officer.GetJsonAsync("/v1/periods:overview");
        Assert.Equal(HttpStatusCode.OK, status);
        var clearing = new ClearingService.ClearingServiceClient(fixture.Host.ChannelFor(Officer));
        var regions = overview.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(Regions.Order(StringComparer.Ordinal), regions.Select(r => r.GetProperty("regionCode").GetString()));
        foreach (var region in regions)
        {
            var position = await clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = region.GetProperty("regionCode").GetString() });
            Assert.Equal(position.NetFen.ToString(System.Globalization.CultureInfo.InvariantCulture), region.GetProperty("netFen").GetString());
            Assert.Equal(position.ProspectiveAmountDueFen, long.Parse(region.GetProperty("prospectiveAmountDueFen").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(fixture.Settled.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), overview.GetProperty("settlementCount").GetString());
        Assert.Equal(6, overview.GetProperty("pairs").GetArrayLength());
    }
}
