using System.Collections.Frozen;
using System.Text;

namespace Clearinghouse.Domain.Events;

/// <summary>
/// The kind of an event as the audit trail names it: its type's name in snake case, without a version
/// suffix ("SettlementAccepted" → "settlement_accepted"), so a later shape of an event (a type named
/// "…V2") keeps its kind. Every event type of this assembly has one.
/// </summary>
public static class EventKinds
{
    private static readonly FrozenDictionary<Type, string> Kinds = typeof(IStampedEvent).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(IStampedEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t, t => SnakeCase(TrimVersion(t.Name)));

    /// <summary>Every kind, in order.</summary>
    public static readonly IReadOnlyList<string> All = [.. Kinds.Values.Distinct().Order(StringComparer.Ordinal)];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    public static string Of(IStampedEvent e) => Of(e.GetType());

    public static string Of(Type type) =>
        Kinds.TryGetValue(type, out var kind) ? kind : throw new ArgumentOutOfRangeException(nameof(type), type.Name, "not an event type");

    public static bool IsKnown(string kind) => Known.Contains(kind);

    private static string TrimVersion(string name)
    {
        var end = name.Length;
        while (end > 0 && char.IsAsciiDigit(name[end - 1]))
        {
            end--;
        }
        return end < name.Length && end > 1 && name[end - 1] == 'V' ? name[..(end - 1)] : name;
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
