using Clearinghouse.Api.Identity;
using Clearinghouse.Host;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.Identity;

/// <summary>
/// The endpoint speaks TLS only and knows its callers by their client certificates (docs/identity.md): health
/// and reflection answer anyone; every other call without a certificate of the configured CA — none, another
/// CA's, an expired one, one that names no clearinghouse identity — ends Unauthenticated with nothing written.
/// </summary>
public sealed class MutualTlsTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private static readonly TestCertificates Stranger = new("stranger CA");

    [Fact]
    public async Task Health_and_reflection_answer_without_a_client_certificate()
    {
        using var channel = fixture.Host.OpenChannel(TestCertificates.Instance.ClientFor(null));
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "clearinghouse.v1.SettlementService");
    }

    public static TheoryData<string> Refused => ["none", "another CA", "expired", "no identity"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_call_without_a_valid_certificate_is_unauthenticated_and_writes_nothing(string certificate)
    {
        var officer = TestCallers.Officer;
        var tls = certificate switch
        {
            "none" => TestCertificates.Instance.ClientFor(null),
            "another CA" => ClientTls.Of(TestCertificates.Instance.Authority, Stranger.For(officer)),
            "expired" => ClientTls.Of(TestCertificates.Instance.Authority, TestCertificates.Instance.Expired(officer)),
            _ => ClientTls.Of(TestCertificates.Instance.Authority, TestCertificates.Instance.WithoutIdentity()),
        };
        using var channel = fixture.Host.OpenChannel(tls);
        // The first period is opened by the first call that asks for it: not counted as the refused call's write.
        await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest());
        var before = await fixture.Database.CountsAsync();

        var registry = new RegistryService.RegistryServiceClient(channel);
        var refused = await Rpc.RefusedAsync(StatusCode.Unauthenticated, () => registry.UpsertRegionAsync(new UpsertRegionRequest
        {
            RequestId = "tls-" + Guid.NewGuid().ToString("N"),
            RegionCode = "110000",
            Name = "Beijing",
        }), certificate);
        Assert.False(string.IsNullOrWhiteSpace(refused.Status.Detail), "the refusal says why");

        var clearing = new ClearingService.ClearingServiceClient(channel);
        await Rpc.RefusedAsync(StatusCode.Unauthenticated, () => clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest()), certificate + ", read");
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_certificate_of_the_CA_is_admitted_and_names_its_caller()
    {
        var period = await new ClearingService.ClearingServiceClient(fixture.Host.ChannelFor(TestCallers.Officer))
            .GetCurrentPeriodAsync(new GetCurrentPeriodRequest());
        Assert.Matches("^[0-9]{4}-[0-9]{2}$", period.Period_);
    }

    [Fact]
    public async Task Cleartext_HTTP2_is_not_served()
    {
        var cleartext = new Uri($"http://127.0.0.1:{fixture.Host.Address.Port}");
        using var channel = GrpcChannel.ForAddress(cleartext);
        var health = new Health.HealthClient(channel);
        // The TLS listener never completes an HTTP/2 handshake in cleartext: the call fails before it is sent.
        var refused = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.Contains(refused.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        Assert.Contains("HTTP/2", refused.Status.Detail);
    }

    [Fact]
    public async Task A_connection_checks_its_certificate_once()
    {
        var validated = 0;
        await using var host = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder =>
            builder.Services.PostConfigure<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme, options =>
            {
                var inner = options.Events!.OnCertificateValidated;
                options.Events.OnCertificateValidated = context =>
                {
                    Interlocked.Increment(ref validated);
                    return inner(context);
                };
            }));
        var clearing = new ClearingService.ClearingServiceClient(host.ChannelFor(TestCallers.Officer));
        for (var i = 0; i < 5; i++)
        {
            await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest());
        }
        Assert.Equal(1, Volatile.Read(ref validated));
    }

    [Fact]
    public void A_host_without_its_certificate_settings_refuses_to_start_and_says_which()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClearinghouseHost.Build([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Clearinghouse"] = fixture.ConnectionString,
                ["Clearinghouse:Tls:Certificate"] = TestCertificates.Instance.ServerCertificatePath,
            })));
        Assert.Contains("Clearinghouse:Tls:Key", refused.Message);
        Assert.Contains("Clearinghouse:Tls:ClientCa", refused.Message);
        Assert.DoesNotContain("Clearinghouse:Tls:Certificate,", refused.Message);
        Assert.Contains("ops/start.sh", refused.Message);
    }

    [Theory]
    [InlineData("urn:clearinghouse:region:110000", "region:110000")]
    [InlineData("urn:clearinghouse:platform:11", "platform:11")]
    [InlineData("urn:clearinghouse:officer:wang", "officer:wang")]
    [InlineData("urn:clearinghouse:operator:li.ops-2", "operator:li.ops-2")]
    [InlineData("urn:clearinghouse:region:11000", null)]
    [InlineData("urn:clearinghouse:platform:110000", null)]
    [InlineData("urn:clearinghouse:officer:Wang", null)]
    [InlineData("urn:clearinghouse:auditor:x", null)]
    [InlineData("urn:clearinghouse:region:110000:extra", null)]
    [InlineData("urn:other:region:110000", null)]
    public void A_SAN_URI_names_a_caller_of_the_right_shape(string uri, string? expected)
    {
        var caller = CallerName.Parse(uri, out var reason);
        Assert.Equal(expected, caller?.ToString());
        Assert.Equal(expected is null, reason is not null);
    }
}
