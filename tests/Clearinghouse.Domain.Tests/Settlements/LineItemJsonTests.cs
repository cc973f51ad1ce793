using System.Text.Json;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>A line item is stored as a positional array; that form is a stored contract and reads back unchanged.</summary>
public sealed class LineItemJsonTests
{
    [Fact]
    public void A_line_item_is_stored_as_code_name_category_quantity_amount()
    {
        Assert.Equal("""["X-01","挂号费","B",2,1500]""", JsonSerializer.Serialize(new LineItem("X-01", "挂号费", ItemCategory.B, 2, 1500), Utf8Names));
    }

    [Fact]
    public void Every_line_item_reads_back_as_it_was_written()
    {
        Generators.Item.Sample(item => Assert.Equal(item, JsonSerializer.Deserialize<LineItem>(JsonSerializer.Serialize(item))));
    }

    [Fact]
    public void A_category_that_is_not_A_B_or_C_is_refused_rather_than_written()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(new LineItem("X", "x", (ItemCategory)9, 1, 1)));
    }

    // Names as they are, not \u-escaped, so the expected text reads as written.
    private static readonly JsonSerializerOptions Utf8Names = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
