using System.Globalization;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// When and where each person's visits of a run take place, so that the load is clean data for fund supervision's
/// rules with their default thresholds: the calendar from the policies' date to today is cut into slots of
/// <see cref="SlotDays"/> days, and a person's n-th visit of the run falls on the last day of its own slot (a stay is
/// discharged then, admitted up to four days before). No two of a person's visits share a day, no stay overlaps
/// another visit, a readmission comes at least 20 days after the last discharge (the rule looks 15 back), and a
/// 30-day window holds at most two of a person's visits. Without this, the headline's 10,000 people settling dozens
/// of times each within twenty days were flagged for about every other visit: a load no province sends, which
/// measured supervision's flag writing rather than its rules.
/// </summary>
/// <remarks>
/// A person with more visits in one run than there are slots (about 105: a warm run's people average 70 visits at
/// full speed) comes round to their first slot again, on the same day and in the same care region; stays and
/// prescriptions may then be flagged. Each run starts its people at a random slot, so a kept world's earlier runs
/// seldom share a person's day.
/// </remarks>
public sealed class VisitCalendar
{
    public const int SlotDays = 24;

    /// <summary>The longest stay: admitted up to this many days before its discharge.</summary>
    public const int MaxStayDays = 4;

    private readonly int[] _visits;
    private readonly string[] _days;
    private readonly int _slots;
    private readonly int _runOffset;

    public VisitCalendar(int people, DateOnly firstDay, DateOnly today, int runOffset)
    {
        _visits = new int[people];
        _days = [.. Enumerable.Range(0, today.DayNumber - firstDay.DayNumber + 1)
            .Select(d => firstDay.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
        _slots = _days.Length / SlotDays;
        if (_slots < 1)
        {
            throw new ArgumentException($"the calendar from {firstDay} to {today} holds no slot of {SlotDays} days", nameof(today));
        }
        _runOffset = runOffset;
    }

    /// <summary>A calendar from the world's policies (and catalogues and registrations) to today, China time.</summary>
    public static VisitCalendar ForWorld(World world) => new(
        world.People,
        DateOnly.ParseExact(World.PolicyEffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)),
        Random.Shared.Next(1 << 20));

    /// <summary>The person's next visit: its slot (what picks its care region) and its service date's day.</summary>
    public (int Slot, int Day) Next(int person)
    {
        var n = Interlocked.Increment(ref _visits[person]) - 1;
        var slot = (int)(((long)person * 7 + _runOffset + n) % _slots);
        return (slot, slot * SlotDays + SlotDays - 1);
    }

    /// <summary>The date <paramref name="daysBefore"/> days before the given day, as the API takes it.</summary>
    public string Date(int day, int daysBefore = 0) => _days[day - daysBefore];
}
