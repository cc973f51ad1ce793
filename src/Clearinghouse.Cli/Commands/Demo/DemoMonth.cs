using System.Globalization;
using System.Text.RegularExpressions;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>
/// The month a run key plays: the clearing period open when its first run began, and the day its visits
/// are dated (the day before, in China time, so a host whose clock is a little behind still takes it as
/// past). Both are written into the demo regions' names, the one record the demo keeps on the host: a
/// later run with the same key reads them back and sends the very same requests.
/// </summary>
public sealed partial record DemoMonth(string Period, string VisitDay)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>A month starting now in <paramref name="openPeriod"/>.</summary>
    public static DemoMonth Starting(string openPeriod, DateTimeOffset now) =>
        new(openPeriod, DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The suffix of a demo region's name.</summary>
    public string Describe(string runKey) => $"(run {runKey}; month {Period}; visits {VisitDay})";

    /// <summary>The month recorded in a region's name, or null when the name is not a demo region's of this key.</summary>
    public static DemoMonth? FromRegionName(string name, string runKey)
    {
        var match = Recorded().Match(name);
        return match.Success && match.Groups["key"].Value == runKey ? new(match.Groups["period"].Value, match.Groups["day"].Value) : null;
    }

    /// <summary>The China business day of an RFC 3339 instant the server answered.</summary>
    public static string BusinessDay(string acceptedAt) =>
        DateTimeOffset.Parse(acceptedAt, CultureInfo.InvariantCulture).ToOffset(ChinaOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Demo region [A-Z] \(run (?<key>[a-z0-9-]+); month (?<period>[0-9]{4}-[0-9]{2}); visits (?<day>[0-9]{4}-[0-9]{2}-[0-9]{2})\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Recorded();
}
