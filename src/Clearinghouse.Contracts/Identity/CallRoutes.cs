using Google.Protobuf;

namespace Clearinghouse.V1.Identity;

/// <summary>What kind of caller a call needs.</summary>
public enum NeedKind
{
    /// <summary>An officer: reads, deposits, close, confirm, resolve, watch.</summary>
    Officer,

    /// <summary>An operator: registry writes.</summary>
    Operator,

    /// <summary>The region named (or the platform of its province): settle, reverse, a daily report.</summary>
    Agency,
}

/// <summary>The caller a call needs; <see cref="Region"/> for an <see cref="NeedKind.Agency"/> call (empty when the request names none).</summary>
public readonly record struct CallerNeed(NeedKind Kind, string Region = "");

/// <summary>
/// Which caller a client with several certificates calls each RPC as (the host's access table, docs/identity.md,
/// decides what is admitted; this picks the identity that table admits for the call).
/// </summary>
public static class CallRoutes
{
    private static readonly HashSet<string> RegistryWrites =
    [
        "UpsertRegion", "PublishPolicy", "RegisterHospital", "EnrollPerson", "RecordContribution", "FileRegistration",
        "SuspendPerson", "ReinstatePerson", "SetAssistanceStatus", "PublishCatalogue",
    ];

    public static readonly CallerNeed Officer = new(NeedKind.Officer);
    public static readonly CallerNeed Operator = new(NeedKind.Operator);

    /// <param name="request">The (first) request message; null when a stream was completed without one.</param>
    public static CallerNeed For(string serviceName, string methodName, IMessage? request) => (serviceName, methodName, request) switch
    {
        ("clearinghouse.v1.RegistryService", var m, _) when RegistryWrites.Contains(m) => Operator,
        (_, _, SettleRequest settle) => new(NeedKind.Agency, settle.CareRegionCode),
        (_, _, ReverseRequest reverse) => new(NeedKind.Agency, reverse.CareRegionCode),
        (_, _, SubmitDailyReportRequest { Header: { } header }) => new(NeedKind.Agency, header.CareRegionCode),
        (_, "SettleStream" or "SubmitDailyReport", _) => new(NeedKind.Agency),
        _ => Officer,
    };
}
