using System.Collections.Immutable;
using Clearinghouse.Domain.Catalogues;

namespace Clearinghouse.Domain.Events;

// Events of a care region's catalogue stream ("catalogue:{region}") and of each version's item stream
// ("catalogue:{region}:{version}"), written together in one transaction.

/// <summary>A catalogue version was published: its header. The version's items are in its own stream.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.catalogue_published.v1")]
public sealed record CataloguePublished(
    RequestStamp Request, string RegionCode, int Version, DateOnly EffectiveFrom, int ItemCount) : IStampedEvent
{
    /// <summary>The version as listings and settlements name it; published when the request was accepted.</summary>
    public CatalogueVersionInfo ToInfo() => new(RegionCode, Version, EffectiveFrom, ItemCount, Request.AcceptedAt, Request.RequestId);
}

/// <summary>
/// One slice of a published version's items (<see cref="CatalogueLimits.ItemsPerEvent"/> at most), in the order
/// they were sent. A version's item stream holds these only, and only the publishing request writes them.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.catalogue_items_listed.v1")]
public sealed record CatalogueItemsListed(
    RequestStamp Request, string RegionCode, int Version, ImmutableArray<CatalogueItem> Items) : IStampedEvent;
