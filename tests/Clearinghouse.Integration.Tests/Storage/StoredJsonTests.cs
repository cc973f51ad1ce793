using System.Text;
using System.Text.Json;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Storage;
using Clearinghouse.Storage.Serialization;
using CsCheck;
using Marten;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// Line items and recorded discrepancies are stored as positional arrays; that form is a stored contract
/// and reads back unchanged. No database: the forms are checked on the serializer the store is configured with.
/// </summary>
public sealed class StoredJsonTests
{
    [Fact]
    public void A_line_item_is_stored_as_code_name_category_quantity_amount()
    {
        Assert.Equal("""["X-01","挂号费","B",2,1500]""", JsonSerializer.Serialize(new LineItem("X-01", "挂号费", ItemCategory.B, 2, 1500), Utf8Names));
    }

    [Fact]
    public void Every_line_item_reads_back_as_it_was_written()
    {
        Item.Sample(item => Assert.Equal(item, JsonSerializer.Deserialize<LineItem>(JsonSerializer.Serialize(item, Stored), Stored)));
    }

    [Fact]
    public void A_category_that_is_not_A_B_or_C_is_refused_rather_than_written()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(new LineItem("X", "x", (ItemCategory)9, 1, 1), Stored));
    }

    [Fact]
    public void A_recorded_discrepancy_round_trips_as_a_positional_array()
    {
        RecordedDiscrepancy[] recorded =
        [
            new("d1", new FoundDiscrepancy(DiscrepancyKind.MissingInRegion, "S1", EntryKind.Settlement, null, new EntryAmounts(500, 20)), false),
            new("d2", new FoundDiscrepancy(DiscrepancyKind.AmountMismatch, "V1", EntryKind.Reversal, new EntryAmounts(1, 0), new EntryAmounts(2, 0)), true),
            new("d3", new FoundDiscrepancy(DiscrepancyKind.MissingInClearinghouse, "X1", EntryKind.Settlement, new EntryAmounts(0, 0), null), false),
        ];
        var json = JsonSerializer.Serialize(recorded, Stored);
        Assert.Equal(
            """[["d1","MissingInRegion","S1","Settlement",null,null,500,20,false],["d2","AmountMismatch","V1","Reversal",1,0,2,0,true],["d3","MissingInClearinghouse","X1","Settlement",0,0,null,null,false]]""",
            json);
        Assert.Equal(recorded, JsonSerializer.Deserialize<RecordedDiscrepancy[]>(json, Stored));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RecordedDiscrepancy>("""["d1","MissingInRegion","S1","Settlement",null,1,500,20,false]""", Stored));
    }

    [Fact]
    public void The_store_writes_and_reads_both_forms_through_its_configured_serializer()
    {
        var options = new StoreOptions();
        MartenConfiguration.Configure(options, "Host=127.0.0.1");
        var serializer = options.Serializer();
        var item = new LineItem("X-01", "fee", ItemCategory.C, 3, 900);
        var discrepancy = new RecordedDiscrepancy("d1", new FoundDiscrepancy(DiscrepancyKind.AmountMismatch, "V1", EntryKind.Reversal, new EntryAmounts(1, 0), new EntryAmounts(2, 0)), true);

        Assert.Equal("""["X-01","fee","C",3,900]""", serializer.ToJson(item));
        Assert.Equal("""["d1","AmountMismatch","V1","Reversal",1,0,2,0,true]""", serializer.ToJson(discrepancy));
        Assert.Equal(item, serializer.FromJson<LineItem>(new MemoryStream(Encoding.UTF8.GetBytes("""["X-01","fee","C",3,900]"""))));
        Assert.Equal(discrepancy, serializer.FromJson<RecordedDiscrepancy>(new MemoryStream(Encoding.UTF8.GetBytes("""["d1","AmountMismatch","V1","Reversal",1,0,2,0,true]"""))));
    }

    private static readonly Gen<LineItem> Item =
        Gen.Select(Gen.Enum<ItemCategory>(), Gen.Long[0, Limits.MaxAmountFen], Gen.Int[1, 100], Gen.String, (category, amount, quantity, name) =>
            new LineItem($"{category}-{amount}", name, category, quantity, amount));

    private static readonly JsonSerializerOptions Stored = WithStoredForms(new JsonSerializerOptions());

    // Names as they are, not \u-escaped, so the expected text reads as written.
    private static readonly JsonSerializerOptions Utf8Names =
        WithStoredForms(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static JsonSerializerOptions WithStoredForms(JsonSerializerOptions options)
    {
        StoredJson.AddConverters(options);
        return options;
    }
}
