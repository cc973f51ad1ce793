namespace Clearinghouse.Grains.Storage;

/// <summary>
/// PostgreSQL could not be reached (refused, reset, shut down, timed out): a transient outage, not a bug.
/// Nothing acknowledged is lost, and an append whose commit outcome is unknown is retried safely with the
/// same request id, so the caller is told to retry (UNAVAILABLE). The storage layer throws it in place of
/// the driver's exception; it crosses grain calls, hence the serializer attributes.
/// </summary>
[GenerateSerializer, Alias("clearinghouse.database-unavailable")]
public sealed class DatabaseUnavailableException : Exception
{
    /// <summary>What the caller is told: the status detail of the call.</summary>
    public const string CallerMessage = "the database is unreachable; the call may be retried with the same request_id";

    public DatabaseUnavailableException(string message) : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
