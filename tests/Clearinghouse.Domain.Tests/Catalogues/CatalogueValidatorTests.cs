using Clearinghouse.Domain.Catalogues;

namespace Clearinghouse.Domain.Tests.Catalogues;

/// <summary>
/// The rules of a catalogue version: every item's fields, batch sizes, the total, unique codes (both places named),
/// and where a new version may take effect.
/// </summary>
public sealed class CatalogueValidatorTests
{
    // 2026-06-15 09:30 in Beijing, 01:30 UTC.
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 30, 0, ChinaTime.Offset);
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static CatalogueItem Item(string code, ItemCategory category = ItemCategory.B, long? limit = 100, string name = "Aspirin", string unit = "盒") =>
        new(code, name, category, unit, limit);

    private static string Refusal(params IReadOnlyList<CatalogueItem>[] batches)
    {
        var refused = Assert.Throws<RejectedException>(() => CatalogueValidator.Validate(batches));
        Assert.Equal(RejectionCode.InvalidArgument, refused.Code);
        return refused.Message;
    }

    [Fact]
    public void A_well_formed_catalogue_passes()
    {
        CatalogueValidator.Validate([[Item("A001", ItemCategory.A, null), Item("B-2.x_y")], [Item("C003", ItemCategory.C, Limits.MaxAmountFen)]]);
        CatalogueValidator.Validate([[Item(new string('Z', Limits.MaxCodeLength), name: new string('名', Limits.MaxNameLength), unit: new string('u', CatalogueLimits.MaxUnitLength), limit: 1)]]);
    }

    [Fact]
    public void Each_field_is_refused_naming_its_batch_and_place()
    {
        Assert.Equal("items[1][0].code is required", Refusal([Item("A")], [Item("")]));
        Assert.Equal("items[0][1].code must be 1..64 ASCII letters, digits, '-', '_' or '.', got 'B 2'", Refusal([Item("A"), Item("B 2")]));
        Assert.StartsWith("items[0][0].code must be 1..64", Refusal([Item(new string('Z', 65))]), StringComparison.Ordinal);
        Assert.Equal("items[0][0].name is required", Refusal([Item("A", name: "  ")]));
        Assert.Equal("items[0][0].name must be at most 200 characters", Refusal([Item("A", name: new string('n', 201))]));
        Assert.Equal("items[0][0].category must be A, B or C", Refusal([Item("A", category: 0)]));
        Assert.Equal("items[0][0].category must be A, B or C", Refusal([Item("A", category: (ItemCategory)4)]));
        Assert.Equal("items[0][0].unit is required", Refusal([Item("A", unit: "")]));
        Assert.Equal("items[0][0].unit must be at most 16 characters", Refusal([Item("A", unit: new string('u', 17))]));
        Assert.Equal("items[0][0].price_limit_fen must be within 1..10000000000 fen when present, got 0", Refusal([Item("A", limit: 0)]));
        Assert.Equal("items[0][0].price_limit_fen must be within 1..10000000000 fen when present, got -5", Refusal([Item("A", limit: -5)]));
        Assert.Equal(
            "items[0][0].price_limit_fen must be within 1..10000000000 fen when present, got 10000000001",
            Refusal([Item("A", limit: Limits.MaxAmountFen + 1)]));
    }

    [Fact]
    public void A_code_given_twice_is_refused_naming_both_places()
    {
        Assert.Equal(
            "items[2][1].code 'B' is also items[0][1].code: codes are unique within a catalogue",
            Refusal([Item("A"), Item("B")], [Item("C")], [Item("D"), Item("B")]));
        // Codes are compared exactly: case matters, as it does to the national code list.
        CatalogueValidator.Validate([[Item("a"), Item("A")]]);
    }

    [Fact]
    public void Empty_oversized_and_too_many_batches_are_refused()
    {
        Assert.Equal("a catalogue holds at least one item: no item batch followed the header", Refusal());
        Assert.Equal("items[1] holds no items; a batch holds 1..10000", Refusal([Item("A")], []));
        var full = Enumerable.Range(0, CatalogueLimits.MaxItemsPerBatch).Select(i => Item($"X{i}")).ToArray();
        CatalogueValidator.Validate([full]);
        Assert.Equal("items[0] holds 10001 items; a batch holds at most 10000", Refusal([.. full, Item("Y")]));

        var batches = Enumerable.Range(0, CatalogueLimits.MaxItems / CatalogueLimits.MaxItemsPerBatch)
            .Select(b => (IReadOnlyList<CatalogueItem>)Enumerable.Range(0, CatalogueLimits.MaxItemsPerBatch).Select(i => Item($"{b}-{i}")).ToArray())
            .ToList();
        CatalogueValidator.Validate(batches);
        batches.Add([Item("one-more")]);
        Assert.Equal("a catalogue holds at most 1000000 items; items[100][0] is one more", Refusal([.. batches]));
    }

    [Fact]
    public void A_first_version_may_start_in_the_past_a_later_one_today_or_later_and_after_the_latest()
    {
        CatalogueValidator.ValidateEffectiveFrom(new DateOnly(2001, 1, 1), null, Now);
        var latest = new CatalogueVersionInfo("310101", 2, Today.AddDays(3), 10, Now, "r");
        CatalogueValidator.ValidateEffectiveFrom(Today.AddDays(4), latest, Now);

        var past = Assert.Throws<RejectedException>(() => CatalogueValidator.ValidateEffectiveFrom(Today.AddDays(-1), latest with { EffectiveFrom = new DateOnly(2020, 1, 1) }, Now));
        Assert.Equal(RejectionCode.FailedPrecondition, past.Code);
        Assert.Equal(
            "effective_from 2026-06-14 is earlier than today 2026-06-15 (China time): only a care region's first catalogue version may take effect in the past",
            past.Message);
        var notLater = Assert.Throws<RejectedException>(() => CatalogueValidator.ValidateEffectiveFrom(Today.AddDays(3), latest, Now));
        Assert.Equal("effective_from 2026-06-18 must be later than catalogue version 2's 2026-06-18", notLater.Message);
        // Today in China, although UTC is still on the day before.
        CatalogueValidator.ValidateEffectiveFrom(new DateOnly(2026, 6, 16), latest with { EffectiveFrom = new DateOnly(2020, 1, 1) }, new DateTimeOffset(2026, 6, 15, 16, 0, 0, TimeSpan.Zero));
    }
}
