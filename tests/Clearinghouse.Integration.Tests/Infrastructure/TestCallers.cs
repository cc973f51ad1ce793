using Clearinghouse.Api.Identity;
using Clearinghouse.V1;
using Google.Protobuf;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Who the tests' typed clients call as: per call, the identity the authorization table admits for it
/// (docs/identity.md), so a test body written before mutual TLS needs no change. Registry writes go as an
/// operator; settling and reversing as the platform of the care region's province; a daily report as its care
/// region; every other call (reads, deposits, close, confirm, resolve, watch) as an officer.
/// </summary>
public static class TestCallers
{
    public static readonly Caller Officer = new(CallerRole.Officer, "tests");
    public static readonly Caller Operator = new(CallerRole.Operator, "tests");

    /// <summary>The province used when a request names no well-formed care region (the service refuses it anyway).</summary>
    public const string DefaultProvince = "11";

    public static Caller Region(string code) => new(CallerRole.Region, code);

    public static Caller PlatformOf(string regionCode) =>
        new(CallerRole.Platform, regionCode.Length >= 2 && char.IsAsciiDigit(regionCode[0]) && char.IsAsciiDigit(regionCode[1])
            ? Caller.ProvinceOf(regionCode)
            : DefaultProvince);

    private static readonly HashSet<string> RegistryWrites =
    [
        "UpsertRegion", "PublishPolicy", "RegisterHospital", "EnrollPerson", "RecordContribution", "FileRegistration",
        "SuspendPerson", "ReinstatePerson",
    ];

    /// <summary>The identity a call goes as; <paramref name="request"/> is the (first) request message, null when none was sent.</summary>
    public static Caller For(string serviceName, string methodName, IMessage? request) => (serviceName, methodName, request) switch
    {
        ("clearinghouse.v1.RegistryService", var m, _) when RegistryWrites.Contains(m) => Operator,
        (_, _, SettleRequest settle) => PlatformOf(settle.CareRegionCode),
        (_, "SettleStream", _) => new Caller(CallerRole.Platform, DefaultProvince),
        (_, _, ReverseRequest reverse) => PlatformOf(reverse.CareRegionCode),
        (_, _, SubmitDailyReportRequest { Header: { } header }) => PlatformOf(header.CareRegionCode),
        (_, "SubmitDailyReport", _) => new Caller(CallerRole.Platform, DefaultProvince),
        _ => Officer,
    };
}
