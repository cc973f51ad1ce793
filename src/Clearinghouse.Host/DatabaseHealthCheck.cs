using Clearinghouse.Storage.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Clearinghouse.Host;

/// <summary>
/// The clearinghouse can acknowledge nothing without its database, so health means PostgreSQL answers.
/// The gRPC health service (grpc.health.v1) reports NOT_SERVING while this fails and SERVING again once it
/// answers, with no restart. The check has a pool of its own, so a busy clearinghouse pool cannot make it
/// wait, and a deadline of <see cref="Limit"/>, so a database that does not answer reads unhealthy quickly.
/// </summary>
public sealed class DatabaseHealthCheck : IHealthCheck, IDisposable
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource _probe;
    private readonly NpgsqlDataSource _clearinghouse;

    /// <param name="connectionString">The clearinghouse's database.</param>
    /// <param name="clearinghouse">The clearinghouse's own pool: emptied when the database is found gone.</param>
    public DatabaseHealthCheck(string connectionString, NpgsqlDataSource clearinghouse)
    {
        _probe = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 2,
            Timeout = (int)Limit.TotalSeconds,
            CommandTimeout = (int)Limit.TotalSeconds,
            ApplicationName = "clearinghouse-health",
        }.ConnectionString);
        _clearinghouse = clearinghouse;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Limit);
        try
        {
            await using var command = _probe.CreateCommand("select 1");
            await command.ExecuteScalarAsync(deadline.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Slow, not gone: its connections stay (dropping them would only add reconnections to its load).
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {Limit.TotalSeconds:0} s");
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            Forget();
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable", e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL refused the health probe", e);
        }
    }

    /// <summary>
    /// Idle connections of a server that went away are dead: emptying both pools once it is found gone keeps
    /// the first calls after its return from taking one.
    /// </summary>
    private void Forget()
    {
        _probe.Clear();
        _clearinghouse.Clear();
    }

    public void Dispose() => _probe.Dispose();
}
