using System.Text;
using Clearinghouse.Storage;
using Marten;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>
/// The serializer the store is configured with, without a database: the stored-form tests read the JSON an
/// earlier build wrote, and write the current forms, through it.
/// </summary>
public static class StoredForms
{
    public static readonly ISerializer Serializer = Configured();

    public static T Read<T>(string json) => Serializer.FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    public static string Write(object value) => Serializer.ToJson(value);

    private static ISerializer Configured()
    {
        var options = new StoreOptions();
        MartenConfiguration.Configure(options, "Host=127.0.0.1");
        return options.Serializer();
    }
}
