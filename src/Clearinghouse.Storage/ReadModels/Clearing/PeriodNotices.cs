using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Clearing;

/// <summary>A period notice as the database carries it: a cut-off (with the period it opened) or a close.</summary>
public sealed record PeriodNotice(string Kind, string Period, string? NextPeriod)
{
    public const string CutOff = "cut-off";
    public const string Closed = "closed";
}

/// <summary>
/// The notices a transaction that cuts off or closes a period sends on one PostgreSQL channel
/// (<c>pg_notify</c>, staged with the period's projection). PostgreSQL delivers them when, and only if, that
/// transaction commits, to every session listening on the database: every silo hears every close, and
/// never of one that did not happen. The payload is "kind period [next]", a few dozen bytes.
/// </summary>
public static class PeriodNotices
{
    public const string Channel = "clearinghouse_periods";

    internal static void Stage(SqlBatch batch, PeriodNotice notice) =>
        batch.Add("select pg_notify(?, ?)", Channel, Format(notice));

    public static string Format(PeriodNotice notice) =>
        notice.NextPeriod is null ? $"{notice.Kind} {notice.Period}" : $"{notice.Kind} {notice.Period} {notice.NextPeriod}";

    /// <summary>Null for a payload this version does not know (e.g. a newer host's notice kind).</summary>
    public static PeriodNotice? Parse(string payload) =>
        payload.Split(' ') switch
        {
            [PeriodNotice.CutOff, var period, var next] => new PeriodNotice(PeriodNotice.CutOff, period, next),
            [PeriodNotice.Closed, var period] => new PeriodNotice(PeriodNotice.Closed, period, null),
            _ => null,
        };
}
