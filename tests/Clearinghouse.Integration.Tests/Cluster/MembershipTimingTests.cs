using Clearinghouse.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// Clearinghouse:Cluster:ProbeTimeout and :NumMissedProbesLimit reach Orleans' membership options (the probe
/// timeout with Orleans' own bounds, half and four times it); a silo without them keeps Orleans' defaults.
/// </summary>
public sealed class MembershipTimingTests(OneSiloClusterFixture fixture) : IClassFixture<OneSiloClusterFixture>
{
    [Fact]
    public async Task The_probe_settings_reach_the_membership_options_and_unset_they_keep_Orleans_defaults()
    {
        await using var tuned = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder =>
        {
            ClusterFixture.AdoNet(builder);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clearinghouse:Cluster:ProbeTimeout"] = "00:00:02",
                ["Clearinghouse:Cluster:NumMissedProbesLimit"] = "4",
            });
        });

        var options = tuned.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 4),
            (options.ProbeTimeout, options.MinProbeTimeout, options.MaxProbeTimeout, options.NumMissedProbesLimit));
        var defaults = fixture.Host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var orleans = new ClusterMembershipOptions();
        Assert.Equal((orleans.ProbeTimeout, orleans.MinProbeTimeout, orleans.MaxProbeTimeout, orleans.NumMissedProbesLimit),
            (defaults.ProbeTimeout, defaults.MinProbeTimeout, defaults.MaxProbeTimeout, defaults.NumMissedProbesLimit));
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.ProbeTimeout);
    }
}
