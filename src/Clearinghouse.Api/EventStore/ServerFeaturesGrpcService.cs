using Clearinghouse.EventStore.Protocol;
using Grpc.Core;

namespace Clearinghouse.Api.EventStore;

/// <summary>
/// EventStoreDB's server-features service: what this endpoint serves of the protocol. A client connecting asks
/// first; it finds Read (streams and $all, with subscriptions and filters), and no batch append, so a client that
/// tries to write uses Append, which is refused with its reason.
/// </summary>
public sealed class ServerFeaturesGrpcService : ServerFeatures.ServerFeaturesBase
{
    /// <summary>The EventStoreDB release whose client protocol this endpoint follows (docs/eventstore-protocol.md).</summary>
    public const string ProtocolVersion = "23.10.0";

    private static readonly SupportedMethods Supported = Build();

    public override Task<SupportedMethods> GetSupportedMethods(Empty request, ServerCallContext context) => Task.FromResult(Supported);

    private static SupportedMethods Build()
    {
        var supported = new SupportedMethods { EventStoreServerVersion = ProtocolVersion };
        var read = new SupportedMethod { ServiceName = "event_store.client.streams.streams", MethodName = "read" };
        read.Features.Add("position");
        read.Features.Add("events");
        supported.Methods.Add(read);
        supported.Methods.Add(new SupportedMethod { ServiceName = "event_store.client.server_features.serverfeatures", MethodName = "getsupportedmethods" });
        return supported;
    }
}
