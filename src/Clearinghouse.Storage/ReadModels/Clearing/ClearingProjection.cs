using Clearinghouse.Domain.Events;
using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Clearing;

/// <summary>
/// Projects the clearing stream's period events into <c>clearing_periods</c>, in the appending transaction,
/// and tells every silo of a cut-off or close (<see cref="PeriodNotices"/>) when that transaction commits.
/// </summary>
internal static class ClearingProjection
{
    public static void Stage(SqlBatch batch, IStampedEvent e)
    {
        switch (e)
        {
            case PeriodOpened opened:
                batch.Add(
                    $"insert into {ClearingSchema.Periods} (period, state, opened_at) values (?, 'open', ?)",
                    opened.Period, opened.Request.AcceptedAt.ToUniversalTime());
                break;
            case PeriodCutOff cut:
                batch.Add(
                    $"update {ClearingSchema.Periods} set state = 'closing', cut_off_at = ? where period = ? and state = 'open'",
                    cut.Request.AcceptedAt.ToUniversalTime(), cut.Period);
                batch.Add(
                    $"insert into {ClearingSchema.Periods} (period, state, opened_at) values (?, 'open', ?)",
                    cut.NextPeriod, cut.Request.AcceptedAt.ToUniversalTime());
                PeriodNotices.Stage(batch, new PeriodNotice(PeriodNotice.CutOff, cut.Period, cut.NextPeriod));
                break;
            case PeriodClosed closed:
                batch.Add(
                    $"update {ClearingSchema.Periods} set state = 'closed', closed_at = ? where period = ? and state = 'closing'",
                    closed.Request.AcceptedAt.ToUniversalTime(), closed.Period);
                PeriodNotices.Stage(batch, new PeriodNotice(PeriodNotice.Closed, closed.Period, null));
                break;
        }
    }

    /// <summary>The periods a transaction's settlements and reversals are booked in: each must still be open.</summary>
    public static IEnumerable<string> PeriodsBooked(IEnumerable<IStampedEvent> events) =>
        events.Select(e => e switch
        {
            SettlementAccepted s => s.Period,
            SettlementReversed r => r.Period,
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal);
}
