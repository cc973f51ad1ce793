using System.Globalization;
using System.Text;
using System.Text.Json;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Persons;

public sealed partial class PersonState
{
    /// <summary>
    /// Everything the state holds, as canonical text (tables in a fixed order): two states describe alike exactly
    /// when they hold the same. What shows that a person folded from its stream on a cold activation holds what
    /// the warm activation built by applying each event as it committed.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"version {Version}");
        Line($"enrollment {Exactly(Enrollment)}");
        Line($"status {Status}");
        Line($"account balance {AccountBalanceFen}");
        foreach (var (year, totals) in _years.OrderBy(entry => entry.Key))
        {
            Line($"year {year} {totals}");
        }
        foreach (var registration in _registrations)
        {
            Line($"registration {Exactly(registration)}");
        }
        foreach (var assistance in _assistance)
        {
            Line($"assistance {Exactly(assistance)}");
        }
        foreach (var (digest, entry) in _settlements.OrderBy(s => s.Value.SettlementVersion))
        {
            Line($"settlement {digest.Value:x32} {entry}");
        }
        foreach (var (digest, version) in _requests.InVersionOrder())
        {
            Line($"request {digest.Value:x32} {version}");
        }
        return text.ToString();
    }

    /// <summary>An event in full (a record's own text would print its instants to the second only).</summary>
    private static string Exactly(object? e) => e is null ? "none" : JsonSerializer.Serialize(e, e.GetType());
}
