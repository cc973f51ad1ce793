namespace Clearinghouse.Host.Cluster;

/// <summary>How silos find each other.</summary>
public enum ClusterMode
{
    /// <summary>One silo on its own (Orleans localhost clustering): the embedded default.</summary>
    Localhost,

    /// <summary>Membership in the clearinghouse's PostgreSQL (Orleans ADO.NET clustering): any number of silos.</summary>
    AdoNet,
}

/// <summary>Settings under "Clearinghouse:Cluster". Ports stay where they were: Clearinghouse:SiloPort, :GatewayPort, :Port.</summary>
public sealed class ClusterSettings
{
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    /// <summary>Silos with the same cluster id on one database form one cluster (AdoNet).</summary>
    public string ClusterId { get; set; } = "clearinghouse";

    /// <summary>Orleans' service id: stable across deployments of the same service.</summary>
    public string ServiceId { get; set; } = "clearinghouse";

    /// <summary>The address this silo advertises to the others (AdoNet); it listens on it too.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>This silo's name in the membership table (AdoNet); empty lets Orleans make one up.</summary>
    public string SiloName { get; set; } = "";

    /// <summary>
    /// Whether the silo runs in a Kubernetes pod (AdoNet only, docs/scaling.md): Orleans' Kubernetes hosting
    /// then takes the silo's name and advertised address from the pod (POD_NAME, POD_IP), its service and
    /// cluster ids from ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID where set, listens on every address, and marks
    /// dead the members whose pods are gone. Membership stays in the database.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Whether this silo listens for the database's period notices (docs/decisions.md). Off, it learns of a
    /// close on another silo only when the write path's fence refuses its next settlement, and its watch
    /// streams hear of no close: a switch for testing that fallback, not for production.
    /// </summary>
    public bool ListenForPeriodNotices { get; set; } = true;

    /// <summary>
    /// Orleans' initial liveness probe timeout (AdoNet); unset keeps Orleans' 5 s. Orleans adapts the timeout to
    /// the probes' observed latency between half and four times this value, and suspects a silo after
    /// <see cref="NumMissedProbesLimit"/> missed probes; how long a dead silo's grains stay out of reach follows
    /// from both (docs/cluster.md, time to failover).
    /// </summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes that make a silo suspected (AdoNet); unset keeps Orleans' 3.</summary>
    public int? NumMissedProbesLimit { get; set; }
}
