using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Settlements;
using Marten;

namespace Clearinghouse.Storage.Serialization;

/// <summary>
/// Marten's JSON options for reading a stream a grain folds its state from: a settlement's line items are skipped,
/// not decoded, since no state folds from them (what a retry or a report needs reads the event again, whole). A
/// province's load activates a person on nearly every visit, and decoding the lines of every earlier settlement
/// was most of what reading the person's stream cost the host.
/// </summary>
internal static class FoldJson
{
    public static JsonSerializerOptions From(ISerializer serializer)
    {
        if (serializer is not Marten.Services.SystemTextJsonSerializer json)
        {
            throw new InvariantViolationException($"the event store serializes with System.Text.Json (MartenConfiguration), not {serializer.GetType()}");
        }
        // Marten hands its options only to a configuring callback: this one takes a look and changes nothing.
        JsonSerializerOptions? stored = null;
        json.Configure(o => stored = o);
        var options = new JsonSerializerOptions(stored!);
        options.Converters.Insert(0, new LineItemsLeftOut());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads any stored line-item array as none; never writes (a folded event is not stored again).</summary>
    private sealed class LineItemsLeftOut : JsonConverter<ImmutableArray<LineItem>>
    {
        public override ImmutableArray<LineItem> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return [];
        }

        public override void Write(Utf8JsonWriter writer, ImmutableArray<LineItem> value, JsonSerializerOptions options) =>
            throw new InvariantViolationException("an event read to fold is never written");
    }
}
