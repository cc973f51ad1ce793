using System.CommandLine;

namespace Clearinghouse.Cli;

/// <summary>Options every command takes (recursive: they may follow the command name).</summary>
public sealed class GlobalOptions
{
    public const string AddressVariable = "CLEARINGHOUSE_ADDRESS";
    public const string DefaultAddress = "https://127.0.0.1:5080";
    public const string CaVariable = "CLEARINGHOUSE_CA";
    public const string CertificateVariable = "CLEARINGHOUSE_CERT";
    public const string KeyVariable = "CLEARINGHOUSE_KEY";
    public const string IdentityDirVariable = "CLEARINGHOUSE_IDENTITY_DIR";

    public Option<string[]> Address { get; } = new("--address")
    {
        Description = $"The clearinghouse gRPC endpoint (TLS for https://, h2c for http://), or several hosts of one clearinghouse, comma-separated or the option repeated: calls go round-robin and an UNAVAILABLE call is retried on the next; default ${AddressVariable}, else {DefaultAddress}",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultAddress],
    };

    public Option<string?> Ca { get; } = FromEnvironment("--ca", CaVariable,
        "The CA certificate (PEM) the host's certificate must chain to, e.g. .data/certs/ca.crt");

    public Option<string?> Certificate { get; } = FromEnvironment("--cert", CertificateVariable,
        "Your client certificate (PEM), e.g. from: bash ops/dev-certs.sh officer wang");

    public Option<string?> Key { get; } = FromEnvironment("--key", KeyVariable, "The private key (PEM) of --cert");

    public Option<string?> IdentityDir { get; } = FromEnvironment("--identity-dir", IdentityDirVariable,
        "A folder of certificates as ops/dev-certs.sh writes them (e.g. .data/certs): each call goes as the caller it needs (officer, operator, the region or its platform); instead of --cert and --key");

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

    public IEnumerable<Option> All => [Address, Ca, Certificate, Key, IdentityDir, Timeout, Plain];

    private static Option<string?> FromEnvironment(string name, string variable, string description) => new(name)
    {
        Description = $"{description}; default ${variable}",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null,
    };
}
