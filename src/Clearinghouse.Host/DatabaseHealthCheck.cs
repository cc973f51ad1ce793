using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Clearinghouse.Host;

/// <summary>
/// The clearinghouse can acknowledge nothing without its database, so health means PostgreSQL answers.
/// The gRPC health service (grpc.health.v1) reports NOT_SERVING while this fails.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
        }
    }
}
