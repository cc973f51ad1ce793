using Clearinghouse.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Clearinghouse.Cli;

/// <summary>One gRPC channel (HTTP/2 over mutual TLS; h2c for http://) to the host, and the per-call options.</summary>
public sealed class Connection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly TimeSpan _timeout;

    public Connection(Uri address, TimeSpan timeout, ClientTls? tls)
    {
        _timeout = timeout;
        _channel = HostChannel.Open(address, tls: tls);
        Clearing = new ClearingService.ClearingServiceClient(_channel);
        Reconciliation = new ReconciliationService.ReconciliationServiceClient(_channel);
        Registry = new RegistryService.RegistryServiceClient(_channel);
        Settlements = new SettlementService.SettlementServiceClient(_channel);
    }

    public ClearingService.ClearingServiceClient Clearing { get; }

    public ReconciliationService.ReconciliationServiceClient Reconciliation { get; }

    /// <summary>Regions, people and settlements: only the demo calls them (an officer's commands never do).</summary>
    public RegistryService.RegistryServiceClient Registry { get; }

    public SettlementService.SettlementServiceClient Settlements { get; }

    /// <summary>A unary call: deadline after the --timeout.</summary>
    public CallOptions Call(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + _timeout, cancellationToken: cancellationToken);

    /// <summary>A stream that runs until cancelled: no deadline.</summary>
    public static CallOptions Stream(CancellationToken cancellationToken) => new(cancellationToken: cancellationToken);

    /// <summary>The address as given, checked: an absolute http:// or https:// URI.</summary>
    public static Uri ParseAddress(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--address must be an http:// or https:// address, got '{text}'");
        }
        return address;
    }

    public void Dispose() => _channel.Dispose();
}
