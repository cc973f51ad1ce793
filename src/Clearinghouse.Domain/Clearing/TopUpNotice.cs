namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// 预付金补足通知: after a close, the region's prepayment balance is below the threshold of
/// <see cref="TopUpRule"/>. ShortfallFen = ThresholdFen − BalanceFen &gt; 0 is what to deposit.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.top_up_notice.v1")]
public sealed record TopUpNotice(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] long BalanceFen,
    [property: Id(2)] long ThresholdFen,
    [property: Id(3)] long ShortfallFen,
    [property: Id(4)] int PeriodCount);
