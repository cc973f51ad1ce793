using System.Net;
using Orleans.Configuration;

namespace Clearinghouse.Host.Cluster;

/// <summary>The silo's clustering, by <see cref="ClusterSettings.Mode"/>.</summary>
public static class ClusterSetup
{
    /// <summary>The ADO.NET provider's name for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The pod's address, from the downward API (ops/k8s/silos.yaml), as Orleans' Kubernetes hosting reads it.</summary>
    public const string PodIpVariable = "POD_IP";

    public static void UseClustering(this ISiloBuilder silo, ClearinghouseOptions options, string connectionString)
    {
        var cluster = options.Cluster;
        switch (cluster.Mode)
        {
            case ClusterMode.Localhost:
                if (cluster.Kubernetes)
                {
                    throw new InvalidOperationException("Clearinghouse:Cluster:Kubernetes=true needs Clearinghouse:Cluster:Mode=AdoNet: pods find each other through the database's membership.");
                }
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                break;
            case ClusterMode.AdoNet:
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                if (cluster.Kubernetes)
                {
                    // Ports only: Kubernetes hosting fills in the pod's name and address and listens on any
                    // address. Registered after the ids above, so the pod's ORLEANS_* variables win over them.
                    silo.Configure<EndpointOptions>(o =>
                    {
                        o.SiloPort = options.SiloPort;
                        o.GatewayPort = options.GatewayPort;
                        // Orleans fills in the machine's first address before Kubernetes hosting looks at the
                        // pod's; on a pod with several interfaces that may be the wrong one, so POD_IP first.
                        if (IPAddress.TryParse(Environment.GetEnvironmentVariable(PodIpVariable), out var podIp))
                        {
                            o.AdvertisedIPAddress = podIp;
                        }
                    });
                    silo.UseKubernetesHosting();
                }
                else
                {
                    if (!IPAddress.TryParse(cluster.AdvertisedAddress, out var address))
                    {
                        throw new InvalidOperationException($"Clearinghouse:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
                    }
                    if (cluster.SiloName.Length > 0)
                    {
                        silo.Configure<SiloOptions>(o => o.SiloName = cluster.SiloName);
                    }
                    // Listens on the advertised address only: a loopback cluster stays on loopback.
                    silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
                }
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    if (cluster.ProbeTimeout is { } probeTimeout)
                    {
                        o.ProbeTimeout = probeTimeout;
                        o.MinProbeTimeout = probeTimeout / 2;
                        o.MaxProbeTimeout = probeTimeout * 4;
                    }
                    if (cluster.NumMissedProbesLimit is { } missed)
                    {
                        o.NumMissedProbesLimit = missed;
                    }
                });
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
                // The provider's tables before the membership first reads them.
                silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new MembershipSchemaStep(connectionString));
                break;
            default:
                throw new InvalidOperationException($"Clearinghouse:Cluster:Mode '{cluster.Mode}' is not Localhost or AdoNet.");
        }
    }

    /// <summary>Runs <see cref="MembershipSchema.MigrateAsync"/> first thing in the silo's start.</summary>
    private sealed class MembershipSchemaStep(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(MembershipSchemaStep), ServiceLifecycleStage.First,
                cancellationToken => MembershipSchema.MigrateAsync(connectionString, cancellationToken));
    }
}
