using System.Collections.Immutable;

namespace Clearinghouse.Domain.Policies;

/// <summary>A region's policy: one <see cref="SchemePolicy"/> per scheme it covers.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.policy.v1")]
public sealed record Policy([property: Id(0)] ImmutableArray<SchemePolicy> Schemes)
{
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
    [property: Id(3)] Policy Policy);
