using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>Finds the month a run key plays: the one recorded in its regions' names, else the period open now.</summary>
public static class DemoMonths
{
    public static async Task<DemoMonth> FindAsync(Connection connection, DemoWorld world, CancellationToken cancellationToken)
    {
        var names = await Task.WhenAll(world.RegionCodes.Select(code => RegionNameAsync(connection, code, cancellationToken)));
        DemoMonth? recorded = null;
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] is not { } name)
            {
                continue;
            }
            // A code in use by anything but this key's demo is left alone: the upsert would rename it.
            var month = DemoMonth.FromRegionName(name, world.RunKey);
            if (month is null || (recorded is not null && recorded != month))
            {
                throw new UsageException($"region {world.RegionCodes[i]} exists and is not a demo region of run key '{world.RunKey}' (named '{name}'): choose another --run-key");
            }
            recorded = month;
        }
        if (recorded is not null)
        {
            return recorded;
        }
        var open = await connection.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), connection.Call(cancellationToken));
        return DemoMonth.Starting(open.Period_, DateTimeOffset.UtcNow);
    }

    private static async Task<string?> RegionNameAsync(Connection connection, string code, CancellationToken cancellationToken)
    {
        try
        {
            return (await connection.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = code }, connection.Call(cancellationToken))).Name;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
