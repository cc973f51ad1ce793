using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Api;

/// <summary>
/// Where one period's settlements lie in $all, read from the clearing stream: each after the event that opened the
/// period (<see cref="PeriodOpened"/>, or the previous period's <see cref="PeriodCutOff"/>: a settlement committed with
/// a cut-off belongs to the period cut off), and each below the period's <see cref="PeriodClosed"/> if it is closed
/// (netting commits after the cut-off, and no settlement is booked in a period after its cut-off). Positions follow
/// commit order (<see cref="IEventFeed"/>).
/// </summary>
/// <param name="OpenedAt">The position of the event that opened the period.</param>
/// <param name="ClosedAt">The position of its close; null while it is open or closing.</param>
internal sealed record PeriodFeedBounds(long OpenedAt, long? ClosedAt)
{
    /// <summary>The period's bounds; null for a period never opened (it holds no settlement).</summary>
    public static async Task<PeriodFeedBounds?> FindAsync(IEventFeed feed, IEventDecoder decoder, string period, CancellationToken cancellationToken)
    {
        // Newest first: a period's close comes before its opening, and a recent period is found in the first page.
        long? closedAt = null;
        var from = long.MaxValue - 1;
        while (true)
        {
            var page = await feed.ReadStreamAsync(StreamKeys.Clearing, from, forwards: false, Limits.MaxPageSize, FeedReader.Everything, cancellationToken);
            foreach (var e in page)
            {
                switch (decoder.Decode(e))
                {
                    case PeriodClosed closed when closed.Period == period:
                        closedAt = e.Position;
                        break;
                    case PeriodCutOff cutOff when cutOff.NextPeriod == period:
                    case PeriodOpened opened when opened.Period == period:
                        return new PeriodFeedBounds(e.Position, closedAt);
                }
            }
            if (page.IsEmpty || page[^1].Revision == 0)
            {
                return null;
            }
            from = page[^1].Revision - 1;
        }
    }
}
