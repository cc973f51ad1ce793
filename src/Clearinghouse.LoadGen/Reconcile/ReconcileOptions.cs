namespace Clearinghouse.LoadGen.Reconcile;

/// <summary>The `reconcile` command line, validated.</summary>
public sealed record ReconcileOptions(
    IReadOnlyList<Uri> Targets, string Connection, int Entries, int Repeat, int EntriesPerMessage, int OmitPercent, int? HostPid, TimeSpan WaitForHost, Commands.ClientIdentities? Tls);
