using Clearinghouse.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// Three silos of one Orleans cluster (ADO.NET clustering) on one test database, each a whole host in this
/// process with its own silo port and gRPC endpoint. Silo 1 is the fixture's own host; silos 2 and 3 start
/// together once it runs, so two hosts apply the membership schema at the same instant.
/// </summary>
public class ClusterFixture : ClearinghouseFixture
{
    public const int SiloCount = 3;

    /// <summary>The cluster id of this fixture's silos (one cluster per database here; a fixed name is enough).</summary>
    public const string ClusterId = "clearinghouse-test";

    private readonly List<RunningHost> _others = [];

    /// <summary>Silo i (1-based) of the cluster.</summary>
    public RunningHost Silo(int index) => index == 1 ? Host : _others[index - 2];

    public IEnumerable<RunningHost> Silos => Enumerable.Range(1, SiloCount).Select(Silo);

    protected override void ConfigureHost(WebApplicationBuilder builder) => AdoNet(builder);

    /// <summary>A host's settings as a silo of this cluster (the silo port is the one RunningHost picks).</summary>
    public static void AdoNet(WebApplicationBuilder builder, bool listenForPeriodNotices = true) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clearinghouse:Cluster:Mode"] = "AdoNet",
            ["Clearinghouse:Cluster:ClusterId"] = ClusterId,
            ["Clearinghouse:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Clearinghouse:Cluster:ListenForPeriodNotices"] = listenForPeriodNotices ? "true" : "false",
        });

    protected override async Task SeedAsync()
    {
        var started = await Task.WhenAll(Enumerable.Range(2, SiloCount - 1).Select(_ => RunningHost.StartAsync(ConnectionString, HostClock, ConfigureHost)));
        _others.AddRange(started);
    }

    public override async Task DisposeAsync()
    {
        try
        {
            foreach (var host in _others)
            {
                await host.DisposeAsync();
            }
            _others.Clear();
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}

/// <summary>One silo in ADO.NET cluster mode on a database of its own: for tests that add or cut silos or connections.</summary>
public sealed class OneSiloClusterFixture : ClearinghouseFixture
{
    protected override void ConfigureHost(WebApplicationBuilder builder) => ClusterFixture.AdoNet(builder);
}
