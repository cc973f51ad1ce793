namespace Clearinghouse.Domain.Catalogues;

/// <summary>Bounds on a published catalogue version and on each message that carries it.</summary>
public static class CatalogueLimits
{
    /// <summary>Items in one batch message of PublishCatalogue.</summary>
    public const int MaxItemsPerBatch = 10_000;

    /// <summary>Items in one version: a province's drug, treatment and consumable lists together stay well below it.</summary>
    public const int MaxItems = 1_000_000;

    /// <summary>A unit is a word (盒, 次, 支, 瓶) or a short phrase (10ml/支).</summary>
    public const int MaxUnitLength = 16;

    /// <summary>Items per stored event of a version's item stream: a few hundred KB of JSON each.</summary>
    public const int ItemsPerEvent = 5_000;
}
