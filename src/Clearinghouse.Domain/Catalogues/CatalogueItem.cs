namespace Clearinghouse.Domain.Catalogues;

/// <summary>
/// One item of a care region's catalogue (就医地目录), by its national code: the category it settles in
/// wherever this version is in force, and its regulated price per unit (限价), if it has one.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.catalogue_item.v1")]
public sealed record CatalogueItem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ItemCategory Category,
    [property: Id(3)] string Unit,
    [property: Id(4)] long? PriceLimitFen);
