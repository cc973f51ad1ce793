using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>Publishes a care region's catalogue as the client-streaming call it is.</summary>
public static class CatalogueStream
{
    public static PublishCatalogueRequest Header(string requestId, string regionCode, DateOnly effectiveFrom) =>
        new() { Header = new CatalogueHeader { RequestId = requestId, RegionCode = regionCode, EffectiveFrom = ChinaClock.Format(effectiveFrom) } };

    public static PublishCatalogueRequest Batch(params IEnumerable<CatalogueItem> items)
    {
        var batch = new CatalogueItemBatch();
        batch.Items.AddRange(items);
        return new PublishCatalogueRequest { Items = batch };
    }

    /// <summary>An item; <paramref name="priceLimitFen"/> null for one without a price limit.</summary>
    public static CatalogueItem Item(string code, ItemCategory category = ItemCategory.B, long? priceLimitFen = null, string name = "", string unit = "盒")
    {
        var item = new CatalogueItem { Code = code, Name = name.Length > 0 ? name : "Item " + code, Category = category, Unit = unit };
        if (priceLimitFen is { } limit)
        {
            item.PriceLimitFen = limit;
        }
        return item;
    }

    /// <summary><paramref name="count"/> items coded <c>{prefix}000001</c>…, cycling through the categories, every other one limited.</summary>
    public static IEnumerable<CatalogueItem> Items(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => Item(
            $"{prefix}{i:D6}", (ItemCategory)(1 + i % 3), i % 2 == 0 ? 100 + i : null, name: $"药品 {prefix} {i}", unit: i % 2 == 0 ? "盒" : "次"));

    /// <summary>The header, then the items in batches of <paramref name="batchSize"/>.</summary>
    public static IEnumerable<PublishCatalogueRequest> Messages(PublishCatalogueRequest header, IEnumerable<CatalogueItem> items, int batchSize = 5_000) =>
        [header, .. items.Chunk(batchSize).Select(Batch)];

    /// <summary>Writes every message, then answers the call's result (or throws its status).</summary>
    public static Task<CatalogueVersion> PublishAsync(this RegistryService.RegistryServiceClient client, IEnumerable<PublishCatalogueRequest> messages) =>
        ClientStreams.SendAllAsync(client.PublishCatalogue(deadline: DateTime.UtcNow.AddMinutes(5)), messages);
}
