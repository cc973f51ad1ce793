using System.Text.Json;

namespace Clearinghouse.Storage.Serialization;

/// <summary>
/// The stored JSON forms that are not Marten's default object form: domain records that repeat by the
/// thousand in one event are stored as positional arrays. Registered here, not by attributes on the domain
/// types, because how an event is stored is the storage layer's concern.
/// </summary>
public static class StoredJson
{
    public static void AddConverters(JsonSerializerOptions options)
    {
        options.Converters.Add(new LineItemJsonConverter());
        options.Converters.Add(new RecordedDiscrepancyJsonConverter());
        options.Converters.Add(new CatalogueItemJsonConverter());
    }
}
