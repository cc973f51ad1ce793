namespace Clearinghouse.Architecture.Tests;

/// <summary>The boundaries of the layers, one rule each.</summary>
public static class Layers
{
    // Marten and what it brings (Weasel, JasperFx); Npgsql; ASP.NET Core.
    private static readonly string[] Database = ["Marten.*", "Weasel.*", "JasperFx.*", "Npgsql.*"];

    /// <summary>
    /// Pure: no I/O, no web, no grains. It uses Orleans only for its serializer (the attributes and the generated
    /// codecs: Orleans.Serialization and Orleans.Serialization.Abstractions; Orleans.Core.Abstractions would be
    /// allowed too); the grain client (Orleans.Core) and the silo runtime (Orleans.Runtime) are not.
    /// </summary>
    public static readonly LayerRule Domain = new(
        "Clearinghouse.Domain",
        [.. Database, "Microsoft.AspNetCore.*", "Orleans.Runtime", "Orleans.Core", "Clearinghouse.Grains.*", "Clearinghouse.Storage", "Clearinghouse.Api"]);

    /// <summary>What the layers share: no implementation of a grain, of storage or of the API.</summary>
    public static readonly LayerRule Abstractions = new(
        "Clearinghouse.Grains.Abstractions",
        [.. Database, "Microsoft.AspNetCore.*", "Orleans.Runtime", "Clearinghouse.Grains", "Clearinghouse.Storage", "Clearinghouse.Api"]);

    /// <summary>The gRPC services call grains and storage ports only: no SQL, no data source, no grain class.</summary>
    public static readonly LayerRule Api = new("Clearinghouse.Api", [.. Database, "Clearinghouse.Storage", "Clearinghouse.Grains"]);

    /// <summary>Storage implements the ports; it never calls a grain implementation or the API.</summary>
    public static readonly LayerRule Storage = new("Clearinghouse.Storage", ["Clearinghouse.Grains", "Clearinghouse.Api", "Microsoft.AspNetCore.*"]);

    /// <summary>Grains see storage only through the ports.</summary>
    public static readonly LayerRule Grains = new("Clearinghouse.Grains", [.. Database, "Clearinghouse.Storage", "Clearinghouse.Api", "Microsoft.AspNetCore.*"]);
}
