using System.Collections.Immutable;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// What a close books on the accounts, in its own transaction: each prepayment draw off the region's prepayment
/// account (<see cref="PrepaymentDrawn"/>) and onto the clearing account (<see cref="PrepaymentDrawsBooked"/>).
/// The draws are the close's <see cref="TransferKind.PrepaymentDraw"/> transfers, which the close thereby executes.
/// </summary>
public static class CloseBookings
{
    public sealed record Outcome(ImmutableArray<PrepaymentDrawn> Drawn, PrepaymentDrawsBooked? Booked);

    public static Outcome Of(PeriodClosed closed, IReadOnlyDictionary<string, PrepaymentAccountState> prepayments, ClearingAccountState clearing, RequestStamp stamp)
    {
        var drawn = ImmutableArray.CreateBuilder<PrepaymentDrawn>();
        var draws = ImmutableArray.CreateBuilder<BookedDraw>();
        for (var i = 0; i < closed.Transfers.Length; i++)
        {
            var transfer = closed.Transfers[i];
            if (transfer.Kind != TransferKind.PrepaymentDraw)
            {
                continue;
            }
            var region = transfer.FromRegionCode;
            var account = prepayments.GetValueOrDefault(region);
            Invariant.Require(account is not null && account.BalanceFen >= transfer.AmountFen, $"region {region} holds the prepayment its close draws");
            var figures = closed.Regions.Single(r => r.RegionCode == region);
            Invariant.Require(figures.PrepaymentBalanceAfterFen == account!.BalanceFen - transfer.AmountFen, "the close's balance after is the account's balance less the draw");
            var id = TransferIds.Of(closed.Period, i);
            drawn.Add(new PrepaymentDrawn(stamp, region, closed.Period, id, transfer.AmountFen, figures.PrepaymentBalanceAfterFen));
            draws.Add(new BookedDraw(id, region, transfer.AmountFen));
        }
        var total = draws.Sum(d => d.AmountFen);
        var booked = draws.Count > 0
            ? new PrepaymentDrawsBooked(stamp, closed.Period, draws.ToImmutable(), checked(clearing.BalanceFen + total))
            : null;
        return new Outcome(drawn.ToImmutable(), booked);
    }
}
