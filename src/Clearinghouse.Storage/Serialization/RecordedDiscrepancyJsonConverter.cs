using System.Text.Json;
using System.Text.Json.Serialization;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Storage.Serialization;

/// <summary>
/// A recorded discrepancy is stored as a positional array,
/// ["id","Kind","request id","EntryKind",region fund|null,region account|null,ledger fund|null,ledger account|null,carried over],
/// not an object: one report can record a whole day of them (an empty report of a 200,000-entry day
/// records 200,000), and property names more than doubled such an event. The positions are part of the
/// stored contract: never reorder them. Registered in Marten's serializer by <see cref="StoredJson"/>.
/// </summary>
public sealed class RecordedDiscrepancyJsonConverter : JsonConverter<RecordedDiscrepancy>
{
    public override RecordedDiscrepancy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "a recorded discrepancy is a JSON array");
        var id = NextString(ref reader);
        var kind = Enum.Parse<DiscrepancyKind>(NextString(ref reader));
        var requestId = NextString(ref reader);
        var entryKind = Enum.Parse<EntryKind>(NextString(ref reader));
        var region = NextAmounts(ref reader);
        var ledger = NextAmounts(ref reader);
        Expect(reader.Read() && reader.TokenType is JsonTokenType.True or JsonTokenType.False, "carried over is a boolean");
        var carriedOver = reader.GetBoolean();
        Expect(reader.Read() && reader.TokenType == JsonTokenType.EndArray, "a recorded discrepancy has nine fields");
        return new RecordedDiscrepancy(id, new FoundDiscrepancy(kind, requestId, entryKind, region, ledger), carriedOver);
    }

    public override void Write(Utf8JsonWriter writer, RecordedDiscrepancy value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.DiscrepancyId);
        writer.WriteStringValue(value.Found.Kind.ToString());
        writer.WriteStringValue(value.Found.RequestId);
        writer.WriteStringValue(value.Found.EntryKind.ToString());
        WriteAmounts(writer, value.Found.Region);
        WriteAmounts(writer, value.Found.Clearinghouse);
        writer.WriteBooleanValue(value.CarriedOver);
        writer.WriteEndArray();
    }

    private static void WriteAmounts(Utf8JsonWriter writer, EntryAmounts? amounts)
    {
        if (amounts is { } a)
        {
            writer.WriteNumberValue(a.FundPayFen);
            writer.WriteNumberValue(a.AccountPayFen);
        }
        else
        {
            writer.WriteNullValue();
            writer.WriteNullValue();
        }
    }

    private static EntryAmounts? NextAmounts(ref Utf8JsonReader reader)
    {
        var fund = NextNumberOrNull(ref reader);
        var account = NextNumberOrNull(ref reader);
        Expect(fund.HasValue == account.HasValue, "a side's two amounts are both present or both null");
        return fund is { } f ? new EntryAmounts(f, account!.Value) : null;
    }

    private static long? NextNumberOrNull(ref Utf8JsonReader reader)
    {
        Expect(reader.Read() && reader.TokenType is JsonTokenType.Number or JsonTokenType.Null, "an amount is a number or null");
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
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
            throw new JsonException("stored recorded discrepancy: " + message);
        }
    }
}
