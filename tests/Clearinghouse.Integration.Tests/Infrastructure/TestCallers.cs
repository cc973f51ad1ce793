using Clearinghouse.Api.Identity;
using Clearinghouse.V1.Identity;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Who the tests' typed clients call as: per call, the identity the authorization table admits for it
/// (<see cref="CallRoutes"/>, docs/identity.md), so a test body written before mutual TLS needs no change.
/// Registry writes go as an operator; settling, reversing and daily reports as the platform of the care region's
/// province; every other call (reads, deposits, close, confirm, resolve, watch) as an officer.
/// </summary>
public static class TestCallers
{
    public static readonly Caller Officer = new(CallerRole.Officer, "tests");
    public static readonly Caller Operator = new(CallerRole.Operator, "tests");

    /// <summary>The province used when a call names no well-formed care region (the host refuses the request anyway).</summary>
    public const string DefaultProvince = "11";

    public static Caller Region(string code) => new(CallerRole.Region, code);

    public static Caller PlatformOf(string regionCode) =>
        new(CallerRole.Platform, regionCode.Length >= 2 && char.IsAsciiDigit(regionCode[0]) && char.IsAsciiDigit(regionCode[1])
            ? Caller.ProvinceOf(regionCode)
            : DefaultProvince);

    /// <summary>The test identity that meets the need.</summary>
    public static Caller For(CallerNeed need) => need.Kind switch
    {
        NeedKind.Officer => Officer,
        NeedKind.Operator => Operator,
        _ => PlatformOf(need.Region),
    };
}
