using System.Collections.Immutable;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// What one rule found: its severity, the settlements involved (sorted), the item codes where the rule is about
/// items (sorted), and the evidence in figures. <see cref="Key"/> is deterministic (<see cref="FindingKey"/>), so a
/// stream processor that sees a visit twice, or restarts, can tell a finding it already made from a new one.
/// Equality is by content, arrays included.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervision_finding.v1")]
public sealed record Finding(
    [property: Id(0)] string Key,
    [property: Id(1)] string RuleId,
    [property: Id(2)] Severity Severity,
    [property: Id(3)] ImmutableArray<string> SettlementIds,
    [property: Id(4)] ImmutableArray<string> LineCodes,
    [property: Id(5)] ImmutableArray<EvidenceItem> Evidence)
{
    /// <summary>The evidence figure of that name (a programming error if the rule does not give it).</summary>
    public EvidenceItem this[string name]
    {
        get
        {
            foreach (var item in Evidence)
            {
                if (item.Name == name)
                {
                    return item;
                }
            }
            throw new InvariantViolationException($"finding {Key} has no evidence named {name}");
        }
    }

    public bool Involves(string settlementId) => SettlementIds.Contains(settlementId, StringComparer.Ordinal);

    public bool Equals(Finding? other) =>
        other is not null
        && Key == other.Key
        && RuleId == other.RuleId
        && Severity == other.Severity
        && SettlementIds.SequenceEqual(other.SettlementIds)
        && LineCodes.SequenceEqual(other.LineCodes)
        && Evidence.SequenceEqual(other.Evidence);

    public override int GetHashCode() => HashCode.Combine(Key, Severity);

    public override string ToString() =>
        $"{Key} {Severity} [{string.Join(", ", SettlementIds)}] codes=[{string.Join(", ", LineCodes)}] {string.Join(" ", Evidence)}";

    /// <summary>
    /// A finding about settlements: the key is the rule, the variant (or empty), the sorted settlement ids and the
    /// sorted codes, so the same settlements flagged for the same reason always give the same key.
    /// </summary>
    public static Finding About(
        string ruleId, string variant, Severity severity, IEnumerable<string> settlementIds, IEnumerable<string> lineCodes,
        params EvidenceItem[] evidence)
    {
        var ids = settlementIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var codes = lineCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        Invariant.Require(!ids.IsEmpty, "a finding about settlements names at least one");
        return new Finding(FindingKey.Of(ruleId, variant, ids, codes), ruleId, severity, ids, codes, [.. evidence]);
    }
}
