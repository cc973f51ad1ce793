namespace Clearinghouse.Domain.Clearing;

/// <summary>Why money moves at close.</summary>
public enum TransferKind
{
    /// <summary>Net debtor → clearing account, taken from the debtor's prepayment balance.</summary>
    PrepaymentDraw = 1,
    /// <summary>Net debtor → clearing account, the part its prepayment did not cover: the amount due.</summary>
    AmountDue = 2,
    /// <summary>Clearing account → net creditor.</summary>
    Payout = 3,
}

/// <summary>
/// One money movement that settles a period. Exactly one side is <see cref="ClearingAccount.Code"/>;
/// the amount is always &gt; 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.transfer.v1")]
public sealed record Transfer(
    [property: Id(0)] string FromRegionCode,
    [property: Id(1)] string ToRegionCode,
    [property: Id(2)] long AmountFen,
    [property: Id(3)] TransferKind Kind);
