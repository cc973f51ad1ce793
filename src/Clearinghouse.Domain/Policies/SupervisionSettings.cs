using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Policies;

/// <summary>
/// The insured region's supervision settings (docs/supervision.md): the thresholds its people's visits are
/// judged by, and the rules that block a settlement in <c>Settle</c> instead of only flagging it afterwards. One
/// set per policy, not per scheme: a rule is about a person's visits, whatever scheme pays for them. A policy
/// stored before the section existed has none, which reads as the library's defaults and no blocking rule.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervision_settings.v1")]
public sealed record SupervisionSettings
{
    public static readonly SupervisionSettings Default = new();

    [Id(0)] public SupervisionThresholds Thresholds { get; init; } = SupervisionThresholds.Default;

    /// <summary>Person rules (<see cref="RuleId.PersonRules"/>) that refuse a settlement they would flag; none by default.</summary>
    [Id(1)] public ImmutableArray<string> BlockingRules { get; init; } = [];

    /// <summary>Whether any rule blocks: the one check the settlement path makes for regions that block nothing.</summary>
    [JsonIgnore]
    public bool Blocks => !BlockingRules.IsDefaultOrEmpty;
}
