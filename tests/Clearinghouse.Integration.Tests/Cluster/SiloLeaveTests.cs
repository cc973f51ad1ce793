using Clearinghouse.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>A silo joins a one-silo cluster and leaves it: its membership row, and the provider's clean-up of it.</summary>
public sealed class SiloLeaveTests(OneSiloClusterFixture fixture) : IClassFixture<OneSiloClusterFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_that_leaves_is_marked_dead_and_its_row_is_pruned_by_the_providers_cleanup()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var leaving = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder => ClusterFixture.AdoNet(builder));
        var port = SiloPortOf(leaving);
        Assert.Equal(3, await StatusOfAsync(port, timeout.Token));
        await leaving.StopAsync();
        // A graceful stop writes the silo's own row dead (6) before the process ends.
        Assert.Equal(6, await StatusOfAsync(port, timeout.Token));

        // The provider's own clean-up (it deletes each dead row it read, by the values it read) removes dead rows only.
        var table = fixture.Host.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), timeout.Token);
        Assert.Null(await StatusOfAsync(port, timeout.Token));
        var rows = (await table.ReadAllAsync(timeout.Token)).Members.Select(m => m.Item1).ToList();
        Assert.Equal([SiloPortOf(fixture.Host)], rows.Where(r => r.Status == SiloStatus.Active).Select(r => r.SiloAddress.Endpoint.Port));
    }

    private async Task<int?> StatusOfAsync(int siloPort, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select status from orleansmembershiptable where deploymentid = $1 and port = $2 order by generation desc limit 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ClusterFixture.ClusterId });
        command.Parameters.Add(new NpgsqlParameter { Value = siloPort });
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    private static int SiloPortOf(RunningHost host) => host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Port;
}
