using Clearinghouse.Api.Identity;
using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Integration.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// A host with small limits (5 mutating requests a second with a burst of 5, 2 watches per caller) whose
/// token buckets fill only when the test moves <see cref="RateClock"/>, on a database of its own. Callers
/// are told apart by their client certificates: <see cref="ChannelAs"/> calls as the identity the test names.
/// </summary>
public sealed class LimitedHostFixture : ClearinghouseFixture
{
    public const int PermitsPerSecond = 5;
    public const int Burst = 5;
    public const int MaxWatchStreams = 2;

    /// <summary>What the rate limits' buckets fill by; only the test moves it.</summary>
    public ManualClock RateClock { get; } = new();

    /// <summary>A channel to the host that calls as <paramref name="caller"/> (its own client certificate).</summary>
    public GrpcChannel ChannelAs(Caller caller) => Host.ChannelFor(caller);

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new RateLimitClock(RateClock));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clearinghouse:Limits:PermitsPerSecond"] = PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Clearinghouse:Limits:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Clearinghouse:Limits:MaxWatchStreams"] = MaxWatchStreams.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
