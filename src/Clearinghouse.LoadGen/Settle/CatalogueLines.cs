using System.Globalization;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// The catalogue mode of the load (--catalogue-items N): every region publishes the same generated catalogue of N
/// items, and each line bills one of its codes at a unit price, sending a random category (the catalogue's stands).
/// Half the items are 甲, a third 乙, the rest 丙; every third item has a price limit that about a third of its lines
/// exceed, so the settlement path looks codes up, overrides categories and prices over-limit self-pay.
/// </summary>
public static class CatalogueLines
{
    private const int BatchSize = 10_000;
    private static readonly ItemCategory[] SentCategories = [ItemCategory.A, ItemCategory.B, ItemCategory.C];

    public static string Code(int item) => "YB" + item.ToString("D7", CultureInfo.InvariantCulture);

    public static CatalogueItem Item(int item)
    {
        var roll = item % 100;
        var entry = new CatalogueItem
        {
            Code = Code(item),
            Name = $"目录项目 {item}",
            Category = roll < 50 ? ItemCategory.A : roll < 85 ? ItemCategory.B : ItemCategory.C,
            Unit = "次",
        };
        if (item % 3 == 0)
        {
            entry.PriceLimitFen = PriceLimitFen(item);
        }
        return entry;
    }

    public static LineItem Line(World world, Random rng, VisitType visit)
    {
        var item = rng.Next(world.CatalogueItems);
        var quantity = rng.Next(1, 4);
        var unitPrice = item % 3 == 0
            ? PriceLimitFen(item) * rng.Next(70, 131) / 100
            : visit == VisitType.Outpatient ? rng.Next(300, 10_001) : rng.Next(1_000, 100_001);
        return new LineItem
        {
            Code = Code(item),
            Name = $"目录项目 {item}",
            Category = SentCategories[rng.Next(SentCategories.Length)],
            Quantity = quantity,
            UnitPriceFen = unitPrice,
            AmountFen = unitPrice * quantity,
        };
    }

    /// <summary>Publishes the region's catalogue in force from the policies' date; reuses one an earlier run of this code left.</summary>
    public static async Task PublishAsync(World world, RegionInfo region, Rpc rpc, CancellationToken ct)
    {
        try
        {
            await Rpc.WithRetries(async () =>
            {
                using var call = rpc.Registry.PublishCatalogue(rpc.Options(ct));
                await call.RequestStream.WriteAsync(new PublishCatalogueRequest
                {
                    Header = new CatalogueHeader
                    {
                        RequestId = $"{world.RunId}-catalogue-{region.Index}", RegionCode = region.Code, EffectiveFrom = World.PolicyEffectiveFrom,
                    },
                }, ct);
                for (var from = 0; from < world.CatalogueItems; from += BatchSize)
                {
                    var batch = new CatalogueItemBatch();
                    for (var item = from; item < Math.Min(from + BatchSize, world.CatalogueItems); item++)
                    {
                        batch.Items.Add(Item(item));
                    }
                    await call.RequestStream.WriteAsync(new PublishCatalogueRequest { Items = batch }, ct);
                }
                await call.RequestStream.CompleteAsync();
                return await call.ResponseAsync;
            }, ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            Console.Error.WriteLine($"loadgen: region {region.Code} already has a catalogue (another run used this code); reusing it ({e.Status.Detail})");
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new SetupException($"PublishCatalogue {region.Code}: {e.StatusCode}: {e.Status.Detail}");
        }
    }

    private static long PriceLimitFen(int item) => 3_000 + item % 40 * 250;
}
