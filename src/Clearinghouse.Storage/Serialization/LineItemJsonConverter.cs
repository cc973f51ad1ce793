using System.Text.Json;
using System.Text.Json.Serialization;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Storage.Serialization;

/// <summary>
/// A line item is stored as a positional array, ["code","name","B",quantity,amount_fen], not an object:
/// a settlement carries up to 1,000 of them, and repeating five property names per line doubled the
/// size of a settlement event (and pushed typical ones past PostgreSQL's 2 KB compression threshold).
/// The positions are part of the stored contract: never reorder them. Registered in Marten's serializer
/// by <see cref="StoredJson"/>.
/// </summary>
public sealed class LineItemJsonConverter : JsonConverter<LineItem>
{
    public override LineItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "a line item is a JSON array");
        var code = NextString(ref reader);
        var name = NextString(ref reader);
        var category = Enum.Parse<ItemCategory>(NextString(ref reader));
        Expect(reader.Read() && reader.TokenType == JsonTokenType.Number, "quantity is a number");
        var quantity = reader.GetInt32();
        Expect(reader.Read() && reader.TokenType == JsonTokenType.Number, "amount_fen is a number");
        var amount = reader.GetInt64();
        Expect(reader.Read() && reader.TokenType == JsonTokenType.EndArray, "a line item has five fields");
        return new LineItem(code, name, category, quantity, amount);
    }

    public override void Write(Utf8JsonWriter writer, LineItem value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Code);
        writer.WriteStringValue(value.Name);
        // Not Category.ToString(): that boxes the enum and makes a string for every line of every settlement.
        writer.WriteStringValue(value.Category switch
        {
            ItemCategory.A => "A"u8,
            ItemCategory.B => "B"u8,
            ItemCategory.C => "C"u8,
            _ => throw new JsonException($"stored line item: no category {(int)value.Category}"),
        });
        writer.WriteNumberValue(value.Quantity);
        writer.WriteNumberValue(value.AmountFen);
        writer.WriteEndArray();
    }

    private static string NextString(ref Utf8JsonReader reader)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.String, "expected a string field");
        return reader.GetString()!;
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new JsonException("stored line item: " + message);
        }
    }
}
