using System.Globalization;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>
/// The clock of this test run: every host a fixture starts uses it (unless its class brings its own), and
/// every test reads "today" from it (<see cref="ChinaClock.Today"/>), so test and host agree on the date.
/// <para>
/// CLEARINGHOUSE_TEST_CLOCK moves it: an RFC 3339 instant, e.g. <c>2026-12-31T23:59:59+08:00</c> (the last
/// second of a month and a year in China) or <c>2027-01-01T00:00:00+08:00</c>. The clock reads that instant
/// when the run first asks for the time and runs on with real time from there, so a whole suite can be run
/// across a month's or a year's end. Unset, it is the system clock.
/// </para>
/// </summary>
public static class SuiteClock
{
    public const string Variable = "CLEARINGHOUSE_TEST_CLOCK";

    /// <summary>One clock for the whole run: hosts of parallel classes and the tests all read the same time.</summary>
    public static TimeProvider Instance { get; } = Create(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The instant CLEARINGHOUSE_TEST_CLOCK starts the run at, or null for the system clock.</summary>
    public static DateTimeOffset? Start { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    private static TimeProvider Create(string? value) => Parse(value) is { } start ? new ShiftedClock(start) : TimeProvider.System;

    private static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        // Fails the run at once rather than silently running on the system clock.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) && value.Contains('T', StringComparison.Ordinal)
            ? start
            : throw new InvalidOperationException($"{Variable}='{value}' is not an RFC 3339 instant such as 2026-12-31T23:59:59+08:00");
    }
}
