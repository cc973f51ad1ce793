using System.Text.Json;
using System.Text.Json.Serialization;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Catalogues;

namespace Clearinghouse.Storage.Serialization;

/// <summary>
/// A catalogue item is stored as a positional array, ["code","name","B","unit",price_limit_fen or null], not an
/// object: a version holds up to a million of them, and five property names per item would more than double its
/// stored size and the time to read it back. The positions are part of the stored contract: never reorder them.
/// Registered in Marten's serializer by <see cref="StoredJson"/>.
/// </summary>
public sealed class CatalogueItemJsonConverter : JsonConverter<CatalogueItem>
{
    public override CatalogueItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "a catalogue item is a JSON array");
        var code = NextString(ref reader);
        var name = NextString(ref reader);
        var category = NextString(ref reader) switch
        {
            "A" => ItemCategory.A,
            "B" => ItemCategory.B,
            "C" => ItemCategory.C,
            var other => throw new JsonException($"stored catalogue item: no category '{other}'"),
        };
        var unit = NextString(ref reader);
        Expect(reader.Read() && reader.TokenType is JsonTokenType.Number or JsonTokenType.Null, "price_limit_fen is a number or null");
        long? limit = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
        Expect(reader.Read() && reader.TokenType == JsonTokenType.EndArray, "a catalogue item has five fields");
        return new CatalogueItem(code, name, category, unit, limit);
    }

    public override void Write(Utf8JsonWriter writer, CatalogueItem value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Code);
        writer.WriteStringValue(value.Name);
        writer.WriteStringValue(value.Category switch
        {
            ItemCategory.A => "A"u8,
            ItemCategory.B => "B"u8,
            ItemCategory.C => "C"u8,
            _ => throw new JsonException($"stored catalogue item: no category {(int)value.Category}"),
        });
        writer.WriteStringValue(value.Unit);
        if (value.PriceLimitFen is { } limit)
        {
            writer.WriteNumberValue(limit);
        }
        else
        {
            writer.WriteNullValue();
        }
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
            throw new JsonException("stored catalogue item: " + message);
        }
    }
}
