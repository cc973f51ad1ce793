namespace Clearinghouse.LoadGen.ConsolePages;

/// <summary>The `console` command line, validated.</summary>
public sealed record ConsolePagesOptions(
    IReadOnlyList<Uri> Targets, string Connection, int Regions, int Settlements, int Runs, int Seed,
    string BrowserCertificate, string BrowserKey, string Chromium, TimeSpan WaitForHost, Commands.ClientIdentities? Tls);
