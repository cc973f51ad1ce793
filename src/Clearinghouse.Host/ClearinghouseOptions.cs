using Clearinghouse.Host.Cluster;
using Clearinghouse.Host.Identity;

namespace Clearinghouse.Host;

/// <summary>Settings under "Clearinghouse" (command line: --Clearinghouse:Port=5080, etc.).</summary>
public sealed class ClearinghouseOptions
{
    public const string Section = "Clearinghouse";

    /// <summary>TCP port of the gRPC endpoint on 127.0.0.1 (HTTP/2 over TLS). 0 picks a free port.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Address the gRPC endpoint binds to. Loopback by default; set it to expose the host.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The endpoint's certificate and the CA its callers' certificates must chain to (docs/identity.md).</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port; 0 turns the gateway off.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How silos find each other, under "Clearinghouse:Cluster" (docs/cluster.md).</summary>
    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>
    /// How long an insured person's grain stays in memory after its last call. Most people settle a few
    /// times a year, so a short stay bounds memory by the recent call rate rather than by the number of
    /// people ever seen; a returning person costs one stream read.
    /// </summary>
    public TimeSpan PersonIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fault injection for tests, under "Clearinghouse:Faults" (docs/cluster.md); off by default.</summary>
    public FaultSettings Faults { get; set; } = new();

    /// <summary>Limits per caller, under "Clearinghouse:Limits" (rates of mutating calls, concurrent watches).</summary>
    public Clearinghouse.Api.CallerLimits.CallerLimitsOptions Limits { get; set; } = new();
}
