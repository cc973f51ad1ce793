namespace Clearinghouse.LoadGen.Close;

/// <summary>The `close` command line, validated.</summary>
public sealed record CloseOptions(
    IReadOnlyList<Uri> Targets, string Connection, int Regions, int Settlements, int ReversePercent, int Seed,
    string? JsonFile, TimeSpan WaitForHost, int? HostPid, string? Note, Commands.ClientIdentities? Tls);
