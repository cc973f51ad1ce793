using System.CommandLine;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>Options several commands have; each call makes a new instance for one command.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Target() => new("--target", "--address")
    {
        Description = "Address of the clearinghouse gRPC endpoint (https:// with --ca, --cert and --key; h2c for http://), or several hosts of one clearinghouse, comma-separated or the option repeated: calls go round-robin over them",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => ["https://127.0.0.1:5080"],
    };

    public static Option<string?> Json() => new("--json") { Description = "Also write the figures to this JSON file" };

    public static Option<int> WaitForHost(string description, int seconds) => new("--wait-for-host")
    {
        Description = description,
        DefaultValueFactory = _ => seconds,
    };

    public static Option<int?> HostPid(string description) => new("--host-pid") { Description = description };

    public static Option<string?> Note(string description) => new("--note") { Description = description };

    public static Option<string?> RunId(string description) => new("--run-id") { Description = description };

    public static void AddAll(Command command, IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The --target addresses, or a usage error when they are not absolute http(s) addresses of one scheme.</summary>
    public static IReadOnlyList<Uri>? Targets(string[] values, UsageErrors errors)
    {
        if (HostAddresses.TryParse(values, out var targets, out var error))
        {
            return targets;
        }
        errors.Add($"--target {error}");
        return null;
    }

    /// <summary>The --run-id given, or a random one; a usage error when it is not 1..24 ASCII letters or digits.</summary>
    public static string RunIdOrRandom(string? given, UsageErrors errors)
    {
        var id = given ?? "r" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))[..7];
        errors.Check(id.Length is > 0 and <= 24 && id.All(char.IsAsciiLetterOrDigit), $"--run-id must be 1..24 ASCII letters or digits, got '{id}'");
        return id;
    }
}
