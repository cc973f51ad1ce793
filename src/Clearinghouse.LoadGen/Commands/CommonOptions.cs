using System.CommandLine;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>Options several commands have; each call makes a new instance for one command.</summary>
internal static class CommonOptions
{
    public static Option<string> Target() => new("--target")
    {
        Description = "Address of the clearinghouse gRPC endpoint (https:// with --ca, --cert and --key; h2c for http://)",
        DefaultValueFactory = _ => "https://127.0.0.1:5080",
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

    /// <summary>The --target address, or a usage error when it is not an absolute http(s) address.</summary>
    public static Uri? TargetUri(string text, UsageErrors errors)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }
        errors.Add($"--target must be an http:// or https:// address, got '{text}'");
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
