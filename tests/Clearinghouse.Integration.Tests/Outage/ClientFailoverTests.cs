using System.Net;
using System.Net.Sockets;
using Clearinghouse.Cli;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Outage;

/// <summary>
/// The client programs' channel (<see cref="HostChannel"/>) over two addresses, the first refusing
/// connections: every call is answered by the second host, over mutual TLS, through the typed client and
/// through the officer command line alike.
/// </summary>
public sealed class ClientFailoverTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const int Calls = 12;

    [Fact]
    public async Task With_the_first_address_refusing_every_call_is_answered_by_the_second()
    {
        using var refused = RefusingPort(out var closed);
        using var channel = HostChannel.Open([closed, fixture.Host.Address], tls: TestCertificates.Instance.ClientFor(TestCallers.Officer));
        var clearing = new ClearingService.ClearingServiceClient(channel);

        for (var i = 0; i < Calls; i++)
        {
            var period = await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
            Assert.Matches(@"^\d{4}-\d{2}$", period.Period_);
        }
    }

    [Fact]
    public async Task With_one_address_refusing_and_no_other_a_call_ends_unavailable_after_its_retries()
    {
        using var refused = RefusingPort(out var closed);
        using var channel = HostChannel.Open([closed], tls: TestCertificates.Instance.ClientFor(TestCallers.Officer));
        var clearing = new ClearingService.ClearingServiceClient(channel);

        var started = DateTime.UtcNow;
        var failure = await Assert.ThrowsAsync<Grpc.Core.RpcException>(
            () => clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, failure.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the retries are bounded well within the deadline");
    }

    [Fact]
    public async Task The_command_line_takes_a_comma_separated_or_repeated_address_and_fails_over()
    {
        using var refused = RefusingPort(out var closed);
        foreach (string[] addresses in (string[][])[["--address", $"{closed},{fixture.Host.Address}"], ["--address", closed.ToString(), "--address", fixture.Host.Address.ToString()]])
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await CliApp.RunAsync(["period", .. addresses, .. Support.CliRun.CertificateOptions()], output, error);
            Assert.True(code == 0 && error.ToString().Length == 0, $"{string.Join(' ', addresses)}: exit {code}, stderr: {error}");
            Assert.Contains("# period", output.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A loopback port held bound but not listening: connections to it are refused, and no one else can take it meanwhile.</summary>
    private static Socket RefusingPort(out Uri address)
    {
        var held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        address = new Uri($"https://127.0.0.1:{((IPEndPoint)held.LocalEndPoint!).Port}");
        return held;
    }
}
