using System.Collections.Concurrent;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;
using Grpc.Core;
using Grpc.Net.Client;

namespace Clearinghouse.Cli;

/// <summary>
/// The gRPC channel (HTTP/2 over mutual TLS; h2c for http://) to the host, and the per-call options. With one
/// certificate every call goes as its caller; with an identity folder (--identity-dir) each call goes as the
/// caller it needs (<see cref="CallRoutes"/>), over one channel per certificate. Each channel spreads calls
/// over the addresses given and retries UNAVAILABLE on the next host (<see cref="HostChannel"/>).
/// </summary>
public sealed class Connection : IDisposable
{
    private readonly ConcurrentDictionary<ClientTls, GrpcChannel> _channels = new();
    private readonly GrpcChannel? _single;
    private readonly TimeSpan _timeout;

    public Connection(Uri address, TimeSpan timeout, ClientTls? tls, IdentityFolder? identities = null)
        : this([address], timeout, tls, identities)
    {
    }

    public Connection(IReadOnlyList<Uri> addresses, TimeSpan timeout, ClientTls? tls, IdentityFolder? identities = null)
    {
        _timeout = timeout;
        if (identities is null)
        {
            _single = HostChannel.Open(addresses, tls: tls);
        }
        var invoker = _single?.CreateCallInvoker()
            ?? new RoutingCallInvoker(need => _channels.GetOrAdd(identities!.For(need), t => HostChannel.Open(addresses, tls: t)).CreateCallInvoker());
        Clearing = new ClearingService.ClearingServiceClient(invoker);
        Accounts = new AccountService.AccountServiceClient(invoker);
        Reconciliation = new ReconciliationService.ReconciliationServiceClient(invoker);
        Registry = new RegistryService.RegistryServiceClient(invoker);
        Settlements = new SettlementService.SettlementServiceClient(invoker);
        Audit = new AuditService.AuditServiceClient(invoker);
        Supervision = new SupervisionService.SupervisionServiceClient(invoker);
    }


    public ClearingService.ClearingServiceClient Clearing { get; }

    public AccountService.AccountServiceClient Accounts { get; }

    public ReconciliationService.ReconciliationServiceClient Reconciliation { get; }

    public SupervisionService.SupervisionServiceClient Supervision { get; }

    /// <summary>Regions, people and settlements: only the demo calls them (an officer's commands never do).</summary>
    public RegistryService.RegistryServiceClient Registry { get; }

    public SettlementService.SettlementServiceClient Settlements { get; }

    public AuditService.AuditServiceClient Audit { get; }

    /// <summary>A unary call: deadline after the --timeout.</summary>
    public CallOptions Call(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + _timeout, cancellationToken: cancellationToken);

    /// <summary>A stream that runs until cancelled: no deadline.</summary>
    public static CallOptions Stream(CancellationToken cancellationToken) => new(cancellationToken: cancellationToken);

    /// <summary>The addresses as given (--address, comma-separated or repeated), checked: absolute http:// or https:// URIs, one scheme.</summary>
    public static IReadOnlyList<Uri> ParseAddresses(IEnumerable<string> values) =>
        HostAddresses.TryParse(values, out var addresses, out var error)
            ? addresses
            : throw new UsageException($"--address {error}");

    public void Dispose()
    {
        _single?.Dispose();
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
