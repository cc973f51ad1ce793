namespace Clearinghouse.Domain.Catalogues;

/// <summary>
/// The rules of a catalogue version, checked where it arrives (the API edge, batch by batch as they stream in)
/// and again by the catalogue grain, the owner of what is published. Refusals name the batch and the item as
/// the request carried them, both counted from 0: <c>items[3][17].code</c> is the 18th item of the 4th batch.
/// </summary>
public static class CatalogueValidator
{
    /// <summary>A whole version, as the grain receives it.</summary>
    public static void Validate(IReadOnlyList<IReadOnlyList<CatalogueItem>> batches)
    {
        var checker = new CatalogueChecker();
        foreach (var batch in batches)
        {
            checker.Add(batch);
        }
        checker.Finish();
    }

    public static void ValidateItem(CatalogueItem item, int batch, int index)
    {
        if (!Identifiers.IsValid(item.Code))
        {
            throw Identifiers.Refusal(item.Code, Field(batch, index, "code"));
        }
        if (string.IsNullOrWhiteSpace(item.Name))
        {
            throw RejectedException.InvalidArgument($"{Field(batch, index, "name")} is required");
        }
        if (item.Name.Length > Limits.MaxNameLength)
        {
            throw RejectedException.InvalidArgument($"{Field(batch, index, "name")} must be at most {Limits.MaxNameLength} characters");
        }
        if (item.Category is not (ItemCategory.A or ItemCategory.B or ItemCategory.C))
        {
            throw RejectedException.InvalidArgument($"{Field(batch, index, "category")} must be A, B or C");
        }
        if (string.IsNullOrWhiteSpace(item.Unit))
        {
            throw RejectedException.InvalidArgument($"{Field(batch, index, "unit")} is required");
        }
        if (item.Unit.Length > CatalogueLimits.MaxUnitLength)
        {
            throw RejectedException.InvalidArgument($"{Field(batch, index, "unit")} must be at most {CatalogueLimits.MaxUnitLength} characters");
        }
        if (item.PriceLimitFen is { } limit && limit is < 1 or > Limits.MaxAmountFen)
        {
            throw RejectedException.InvalidArgument(
                $"{Field(batch, index, "price_limit_fen")} must be within 1..{Limits.MaxAmountFen} fen when present, got {limit}");
        }
    }

    /// <summary>Where a new version may take effect: the rules of every version a region publishes (<see cref="VersionDates"/>).</summary>
    public static void ValidateEffectiveFrom(DateOnly effectiveFrom, CatalogueVersionInfo? latest, DateTimeOffset now) =>
        VersionDates.Validate(
            effectiveFrom, latest is null ? null : (latest.Version, latest.EffectiveFrom), now,
            "a care region's first catalogue version", "catalogue version");

    internal static string Field(int batch, int index, string member) => $"items[{batch}][{index}].{member}";
}

/// <summary>
/// Checks a catalogue version batch by batch, as it streams in: every item, the batch sizes, the running total and
/// that no code appears twice (the refusal names both places). Holds one entry per code seen, nothing else.
/// </summary>
public sealed class CatalogueChecker
{
    private readonly Dictionary<string, (int Batch, int Index)> _seen = new(StringComparer.Ordinal);
    private int _batches;

    /// <summary>Items checked so far.</summary>
    public int Count => _seen.Count;

    public void Add(IReadOnlyList<CatalogueItem> batch)
    {
        var b = _batches++;
        if (batch.Count == 0)
        {
            throw RejectedException.InvalidArgument($"items[{b}] holds no items; a batch holds 1..{CatalogueLimits.MaxItemsPerBatch}");
        }
        if (batch.Count > CatalogueLimits.MaxItemsPerBatch)
        {
            throw RejectedException.InvalidArgument(
                $"items[{b}] holds {batch.Count} items; a batch holds at most {CatalogueLimits.MaxItemsPerBatch}");
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            CatalogueValidator.ValidateItem(item, b, i);
            if (_seen.Count == CatalogueLimits.MaxItems)
            {
                throw RejectedException.InvalidArgument(
                    $"a catalogue holds at most {CatalogueLimits.MaxItems} items; items[{b}][{i}] is one more");
            }
            if (!_seen.TryAdd(item.Code, (b, i)))
            {
                var (firstBatch, firstIndex) = _seen[item.Code];
                throw RejectedException.InvalidArgument(
                    $"{CatalogueValidator.Field(b, i, "code")} '{item.Code}' is also {CatalogueValidator.Field(firstBatch, firstIndex, "code")}: codes are unique within a catalogue");
            }
        }
    }

    /// <summary>The version is complete: it must hold at least one item.</summary>
    public void Finish()
    {
        if (_seen.Count == 0)
        {
            throw RejectedException.InvalidArgument("a catalogue holds at least one item: no item batch followed the header");
        }
    }
}
