using System.Net;
using Orleans.Configuration;

namespace Clearinghouse.Host.Cluster;

/// <summary>The silo's clustering, by <see cref="ClusterSettings.Mode"/>.</summary>
public static class ClusterSetup
{
    /// <summary>The ADO.NET provider's name for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static void UseClustering(this ISiloBuilder silo, ClearinghouseOptions options, string connectionString)
    {
        var cluster = options.Cluster;
        switch (cluster.Mode)
        {
            case ClusterMode.Localhost:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                break;
            case ClusterMode.AdoNet:
                if (!IPAddress.TryParse(cluster.AdvertisedAddress, out var address))
                {
                    throw new InvalidOperationException($"Clearinghouse:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
                }
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                if (cluster.SiloName.Length > 0)
                {
                    silo.Configure<SiloOptions>(o => o.SiloName = cluster.SiloName);
                }
                // Listens on the advertised address only: a loopback cluster stays on loopback.
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
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
