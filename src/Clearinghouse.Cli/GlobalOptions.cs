using System.CommandLine;

namespace Clearinghouse.Cli;

/// <summary>Options every command takes (recursive: they may follow the command name).</summary>
public sealed class GlobalOptions
{
    public const string AddressVariable = "CLEARINGHOUSE_ADDRESS";
    public const string DefaultAddress = "http://127.0.0.1:5080";

    public Option<string> Address { get; } = new("--address")
    {
        Description = $"The clearinghouse gRPC endpoint (h2c for http://); default ${AddressVariable}, else {DefaultAddress}",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultAddress,
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call in seconds (a close nets the whole period: allow it time)",
        Recursive = true,
        DefaultValueFactory = _ => 120,
    };

    public Option<bool> Plain { get; } = new("--plain")
    {
        Description = "Plain tab-separated output even on a terminal (the default when stdout is redirected)",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Address, Timeout, Plain];
}
