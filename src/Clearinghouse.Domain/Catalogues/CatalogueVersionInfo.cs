namespace Clearinghouse.Domain.Catalogues;

/// <summary>A published catalogue version without its items: what a listing shows and a settlement names.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.catalogue_version_info.v1")]
public sealed record CatalogueVersionInfo(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] int Version,
    [property: Id(2)] DateOnly EffectiveFrom,
    [property: Id(3)] int ItemCount,
    [property: Id(4)] DateTimeOffset PublishedAt,
    [property: Id(5)] string RequestId);
