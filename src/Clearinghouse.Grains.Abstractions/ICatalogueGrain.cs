using System.Collections.Immutable;
using Clearinghouse.Domain.Catalogues;
using Orleans.Concurrency;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// A care region's catalogue (key: the care region's code): the single writer of its versions. It keeps the
/// versions' headers only; each version's items are in the version's own stream, read through <see cref="ICatalogues"/>.
/// </summary>
public interface ICatalogueGrain : IGrainWithStringKey
{
    Task<CatalogueVersionInfo> Publish(PublishCatalogue command);

    /// <summary>
    /// The version in force on a service date; null when there is none. Asked on every settlement, so answered from
    /// the headers in memory, and always interleaved: a publish of a large version waits seconds for its commit, and
    /// the region's settlements must not wait behind it. Safe, since the state changes only in the one turn that
    /// applies a committed header.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<CatalogueVersionInfo?> InForce(DateOnly date);

    /// <summary>Every version, oldest first (empty when the region has published none).</summary>
    [ReadOnly, AlwaysInterleave]
    Task<ImmutableArray<CatalogueVersionInfo>> Versions();
}

/// <summary>
/// A catalogue version as the edge received it: its item batches as they arrived (refusals name them), already
/// checked by <see cref="CatalogueValidator"/>; the grain checks them again as the owner of what is published.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.publish_catalogue.v1")]
public sealed record PublishCatalogue(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] DateOnly EffectiveFrom, [property: Id(3)] ImmutableArray<ImmutableArray<CatalogueItem>> Batches);
