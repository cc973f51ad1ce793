using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

/// <summary>
/// --address takes one host or several (comma-separated, the option repeated, or both); a list that mixes
/// schemes or holds something other than scheme://host:port is refused before any call (exit 2).
/// </summary>
public sealed class HostAddressesTests
{
    [Theory]
    [InlineData(new[] { "https://127.0.0.1:5080" }, "https://127.0.0.1:5080/")]
    [InlineData(new[] { "https://127.0.0.1:5080,https://127.0.0.1:5081" }, "https://127.0.0.1:5080/ https://127.0.0.1:5081/")]
    [InlineData(new[] { " http://a:1 , http://b:2 ", "http://c:3" }, "http://a:1/ http://b:2/ http://c:3/")]
    [InlineData(new[] { "https://h:1,https://h:1", "https://h:1" }, "https://h:1/")]
    public void Addresses_are_read_in_order_from_lists_and_repeats(string[] values, string expected)
    {
        Assert.True(HostAddresses.TryParse(values, out var addresses, out var error), error);
        Assert.Null(error);
        Assert.Equal(expected, string.Join(' ', addresses));
    }

    [Theory]
    [InlineData(new[] { "http://a:1,https://b:2" }, "all http:// or all https://")]
    [InlineData(new[] { "ftp://a:1" }, "'ftp://a:1'")]
    [InlineData(new[] { "https://a:1/path" }, "host and port only")]
    [InlineData(new[] { "127.0.0.1:5080" }, "'127.0.0.1:5080'")]
    [InlineData(new[] { " , " }, "at least one address")]
    public void Anything_but_host_addresses_of_one_scheme_is_refused_with_the_reason(string[] values, string said)
    {
        Assert.False(HostAddresses.TryParse(values, out _, out var error));
        Assert.Contains(said, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("period", "--address", "http://127.0.0.1:1,https://127.0.0.1:2")]
    [InlineData("period", "--address", "http://127.0.0.1:1", "--address", "ftp://127.0.0.1:2")]
    public async Task A_bad_address_list_exits_2_before_any_call(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        Assert.True(code == ExitCodes.InvalidArguments, $"exit {code}; stderr: {error}");
        Assert.StartsWith("error: --address ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Two_unreachable_hosts_exit_6_unavailable()
    {
        // Ports held bound but not listening: connections are refused, and no other process can take them meanwhile.
        using var first = Held(out var firstPort);
        using var second = Held(out var secondPort);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(
            ["period", "--address", $"http://127.0.0.1:{firstPort},http://127.0.0.1:{secondPort}", "--timeout", "20"], output, error);
        Assert.True(code == ExitCodes.Unavailable, $"exit {code}; stderr: {error}");
        Assert.StartsWith("error: Unavailable: ", error.ToString(), StringComparison.Ordinal);
    }

    private static System.Net.Sockets.Socket Held(out int port)
    {
        var held = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        held.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        port = ((System.Net.IPEndPoint)held.LocalEndPoint!).Port;
        return held;
    }
}
