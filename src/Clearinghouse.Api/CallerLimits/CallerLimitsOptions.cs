namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// Limits per caller, under "Clearinghouse:Limits" (e.g. --Clearinghouse:Limits:PermitsPerSecond=500).
/// The defaults leave the busiest legitimate caller room to spare: a provincial platform relays about
/// 9,000 settlements a second at peak, so 20,000 a second (and a burst as large) never holds one back,
/// while a runaway client is stopped long before it can starve the others (docs/decisions.md).
/// </summary>
public sealed class CallerLimitsOptions
{
    /// <summary>Mutating requests (every RPC that carries a request_id) a caller may make per second, sustained.</summary>
    public int PermitsPerSecond { get; set; } = 20_000;

    /// <summary>Mutating requests a caller may make at once after being idle: the token bucket's size.</summary>
    public int Burst { get; set; } = 20_000;

    /// <summary>WatchPeriods streams one caller may hold open at the same time.</summary>
    public int MaxWatchStreams { get; set; } = 8;

    /// <summary>Refuses settings that would make every call fail, so a typo stops the host at startup.</summary>
    public void Validate()
    {
        if (PermitsPerSecond < 1 || Burst < 1 || MaxWatchStreams < 1)
        {
            throw new InvalidOperationException(
                $"Clearinghouse:Limits must be positive: PermitsPerSecond={PermitsPerSecond}, Burst={Burst}, MaxWatchStreams={MaxWatchStreams}");
        }
    }
}
