using Clearinghouse.Cli;
using Grpc.Core;

namespace Clearinghouse.Cli.Tests;

/// <summary>Argument errors are refused before any call (exit 2); an unreachable host is exit 6.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("close")]
    [InlineData("close", "2026-13")]
    [InlineData("close", "../2026-11")]
    [InlineData("summary", "2026-1")]
    [InlineData("export", "2026-11x")]
    [InlineData("statement", "2026-11")]
    [InlineData("deposit", "110101", "100", "--bank-reference", "B-1")]
    [InlineData("deposit", "110101", "100", "--request-id", "d-1")]
    [InlineData("deposit", "110101", "100", "--request-id", "d-1", "--bank-reference", "")]
    [InlineData("deposit", "110101", "100", "--request-id", "d-1", "--bank-reference", " ")]
    [InlineData("deposit", "110101", "0", "--request-id", "d-1", "--bank-reference", "B-1")]
    [InlineData("deposit", "110101", "-5", "--request-id", "d-1", "--bank-reference", "B-1")]
    [InlineData("deposit", "110101", "12.50", "--request-id", "d-1", "--bank-reference", "B-1")]
    [InlineData("close", "2026-11", "--request-id", " ")]
    [InlineData("period", "--address", "ftp://127.0.0.1:1")]
    [InlineData("period", "--timeout", "0")]
    [InlineData("no-such-command")]
    [InlineData("reconcile", "110101", "2026-11-20")]
    [InlineData("reconcile", "11010", "2026-11-20", "report.csv")]
    [InlineData("reconcile", "110101", "2026-11-31", "report.csv")]
    [InlineData("reconcile", "110101", "2026-1-20", "report.csv")]
    [InlineData("reconcile", "110101", "2026-11-20", "/nonexistent/report.csv")]
    [InlineData("discrepancies", "110101", "--status", "closed")]
    [InlineData("discrepancies", "11010x")]
    [InlineData("resolve", "abc", "forgiven", "--officer", "li")]
    [InlineData("resolve", "abc", "reversed", "--officer", "li", "--request-id", "")]
    [InlineData("reconciliation-status", "110101", "2026-11-01")]
    [InlineData("publish-catalogue", "--region", "310101", "--effective-from", "2026-12-01")]
    [InlineData("publish-catalogue", "--region", "31010", "--effective-from", "2026-12-01", "--file", "items.csv")]
    [InlineData("publish-catalogue", "--region", "310101", "--effective-from", "2026-12-32", "--file", "items.csv")]
    [InlineData("publish-catalogue", "--region", "310101", "--effective-from", "2026-12-01", "--file", "/nonexistent/items.csv")]
    [InlineData("publish-policy", "--region", "310101", "--effective-from", "2026-12-01")]
    [InlineData("publish-policy", "--region", "31010", "--effective-from", "2026-12-01", "--file", "policy.json")]
    [InlineData("publish-policy", "--region", "310101", "--effective-from", "2026-12-01", "--file", "/nonexistent/policy.json")]
    [InlineData("catalogue-versions")]
    [InlineData("catalogue-versions", "--region", "3101011")]
    [InlineData("catalogue-item", "--region", "310101")]
    [InlineData("catalogue-item", "--region", "310101", "--code", "A001", "--date", "2026-2-1")]
    [InlineData("audit", "--limit", "0")]
    [InlineData("audit", "--limit", "100001")]
    [InlineData("demo", "--run-key", "Demo")]
    [InlineData("demo", "--run-key", "")]
    [InlineData("demo", "--run-key", "a-run-key-of-17-c")]
    public async Task Bad_arguments_exit_2_with_a_message_on_stderr_and_nothing_on_stdout(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == ExitCodes.InvalidArguments, $"exit {code}; stderr: {error}");
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--ca", "(none)", "needs --ca")]
    [InlineData("--ca", "/nonexistent/ca.crt", "/nonexistent/ca.crt")]
    [InlineData("--cert", "(none)", "give --cert and --key")]
    [InlineData("--identity-dir", "/nonexistent/certs", "/nonexistent/certs")]
    public async Task An_https_address_without_usable_certificate_options_exits_2_naming_what_is_missing(string option, string value, string said)
    {
        // Against an address nothing listens on: the options are refused before any call.
        string[] args = option switch
        {
            "--ca" when value == "(none)" => ["period", "--address", "https://127.0.0.1:1"],
            "--ca" => ["period", "--address", "https://127.0.0.1:1", "--ca", value, "--cert", "c.crt", "--key", "c.key"],
            "--cert" => ["period", "--address", "https://127.0.0.1:1", "--ca", "ca.crt"],
            _ => ["period", "--address", "https://127.0.0.1:1", "--ca", "ca.crt", "--identity-dir", value],
        };
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == ExitCodes.InvalidArguments, $"exit {code}; stderr: {error}");
        Assert.Contains(said, error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_unreachable_host_exits_6_with_the_status_on_stderr()
    {
        // A port this test holds bound but not listening: a connection to it is refused, and no other process
        // can take the port while the test runs.
        using var held = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        held.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)held.LocalEndPoint!).Port;

        var (code, output, error) = await RunAsync("period", "--address", $"http://127.0.0.1:{port}", "--timeout", "5");

        Assert.True(code == ExitCodes.Unavailable, $"exit {code}; stderr: {error}");
        Assert.StartsWith("error: Unavailable: ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_every_command()
    {
        var (code, output, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var command in new[]
        {
            "period", "close", "summary", "statement", "confirm", "transfers", "export", "deposit", "watch",
            "reconcile", "discrepancies", "resolve", "reconciliation-status", "flags", "flag", "resolve-flag", "flag-report",
        })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.InvalidArgument, 2)]
    [InlineData(StatusCode.NotFound, 3)]
    [InlineData(StatusCode.FailedPrecondition, 4)]
    [InlineData(StatusCode.AlreadyExists, 5)]
    [InlineData(StatusCode.Unavailable, 6)]
    [InlineData(StatusCode.DeadlineExceeded, 6)]
    [InlineData(StatusCode.PermissionDenied, 7)]
    [InlineData(StatusCode.Internal, 1)]
    [InlineData(StatusCode.Aborted, 1)]
    public void Statuses_map_to_exit_codes(StatusCode status, int expected) => Assert.Equal(expected, ExitCodes.Of(status));

    [Fact]
    public async Task A_malformed_report_exits_2_naming_file_and_line_before_any_call()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "request_id,kind,fund_pay_fen,account_pay_fen\r\nS-1,SETTLEMENT,1,2\r\nS-2,SETTLEMENT,-3,0\r\n");
            // Nothing listens on port 1: had the command called the host, it would exit 6.
            var (code, output, error) = await RunAsync("reconcile", "110101", "2026-11-20", path, "--address", "http://127.0.0.1:1");
            Assert.True(code == ExitCodes.InvalidArguments, $"exit {code}; stderr: {error}");
            Assert.Equal($"error: {path}:3: fund_pay_fen must be a whole number of fen within 0..10000000000, got '-3'" + Environment.NewLine, error);
            Assert.Equal("", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Default_request_ids_follow_the_arguments()
    {
        Assert.Equal("close-2026-11", RequestIds.Close("2026-11", force: false));
        Assert.Equal("close-2026-11-force", RequestIds.Close("2026-11", force: true));
        Assert.Equal("confirm-2026-11-110101", RequestIds.Confirm("2026-11", "110101"));
        Assert.Equal("given", RequestIds.OrDefault("given", "fallback"));
        Assert.Equal("fallback", RequestIds.OrDefault(null, "fallback"));
    }
}
