using System.Text.Json;
using System.Text.Json.Serialization;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Storage.Serialization;

/// <summary>
/// A line item is stored as a positional array, ["code","name","B",quantity,amount_fen], not an object:
/// a settlement carries up to 1,000 of them, and repeating five property names per line doubled the
/// size of a settlement event (and pushed typical ones past PostgreSQL's 2 KB compression threshold).
/// A line with a unit price or priced under a catalogue has four more positions,
/// [… ,amount_fen,unit_price_fen,"category sent" or null,price_limit_fen,over_limit_fen]; a line without them is
/// stored in the five positions, byte for byte as before they existed. The positions are part of the stored
/// contract: never reorder them. Registered in Marten's serializer by <see cref="StoredJson"/>.
/// </summary>
public sealed class LineItemJsonConverter : JsonConverter<LineItem>
{
    public override LineItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "a line item is a JSON array");
        var code = NextString(ref reader);
        var name = NextString(ref reader);
        var category = Enum.Parse<ItemCategory>(NextString(ref reader));
        var quantity = checked((int)NextNumber(ref reader, "quantity"));
        var amount = NextNumber(ref reader, "amount_fen");
        Expect(reader.Read(), "a line item ends");
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return new LineItem(code, name, category, quantity, amount);
        }
        Expect(reader.TokenType == JsonTokenType.Number, "unit_price_fen is a number");
        var unitPrice = reader.GetInt64();
        Expect(reader.Read() && reader.TokenType is JsonTokenType.String or JsonTokenType.Null, "the category sent is a string or null");
        ItemCategory? categorySent = reader.TokenType == JsonTokenType.Null ? null : Enum.Parse<ItemCategory>(reader.GetString()!);
        var priceLimit = NextNumber(ref reader, "price_limit_fen");
        var overLimit = NextNumber(ref reader, "over_limit_fen");
        Expect(reader.Read() && reader.TokenType == JsonTokenType.EndArray, "a line item has five or nine fields");
        return new LineItem(code, name, category, quantity, amount, unitPrice, categorySent, priceLimit, overLimit);
    }

    public override void Write(Utf8JsonWriter writer, LineItem value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Code);
        writer.WriteStringValue(value.Name);
        writer.WriteStringValue(Letter(value.Category));
        writer.WriteNumberValue(value.Quantity);
        writer.WriteNumberValue(value.AmountFen);
        if (!value.IsLegacyShape)
        {
            writer.WriteNumberValue(value.UnitPriceFen);
            if (value.CategorySent is { } sent)
            {
                writer.WriteStringValue(Letter(sent));
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteNumberValue(value.PriceLimitFen);
            writer.WriteNumberValue(value.OverLimitFen);
        }
        writer.WriteEndArray();
    }

    // Not Category.ToString(): that boxes the enum and makes a string for every line of every settlement.
    private static ReadOnlySpan<byte> Letter(ItemCategory category) => category switch
    {
        ItemCategory.A => "A"u8,
        ItemCategory.B => "B"u8,
        ItemCategory.C => "C"u8,
        _ => throw new JsonException($"stored line item: no category {(int)category}"),
    };

    private static string NextString(ref Utf8JsonReader reader)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.String, "expected a string field");
        return reader.GetString()!;
    }

    private static long NextNumber(ref Utf8JsonReader reader, string field)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.Number, field + " is a number");
        return reader.GetInt64();
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new JsonException("stored line item: " + message);
        }
    }
}
