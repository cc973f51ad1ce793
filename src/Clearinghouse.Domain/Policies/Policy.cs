using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Policies;

/// <summary>
/// A region's policy: one <see cref="SchemePolicy"/> per scheme it covers, and optionally its supervision settings.
/// Those came later: left out of the stored JSON while absent, so a policy without them is stored as before and one
/// stored before them reads back with none (the default thresholds, nothing blocking).
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.policy.v1")]
public sealed record Policy(
    [property: Id(0)] ImmutableArray<SchemePolicy> Schemes,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SupervisionSettings? Supervision = null)
{
    /// <summary>The thresholds this policy's people are supervised by: the library's defaults where it sets none.</summary>
    public SupervisionThresholds SupervisionThresholds() => Supervision?.Thresholds ?? global::Clearinghouse.Domain.Supervision.SupervisionThresholds.Default;

    public SchemePolicy? ForScheme(Scheme scheme)
    {
        foreach (var schemePolicy in Schemes)
        {
            if (schemePolicy.Scheme == scheme)
            {
                return schemePolicy;
            }
        }
        return null;
    }
}

/// <summary>
/// A published policy. Versions are never edited: a new one is published with a later effective date,
/// and a settlement records the version it was computed under.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.policy_version.v1")]
public sealed record PolicyVersion(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] int Version,
    [property: Id(2)] DateOnly EffectiveFrom,
    [property: Id(3)] Policy Policy)
{
    /// <summary>The supervision thresholds in this version (what a processor judges visits settled under it by).</summary>
    public SupervisionThresholds SupervisionThresholds() => Policy.SupervisionThresholds();
}
