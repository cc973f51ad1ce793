namespace Clearinghouse.Grains.Storage;

/// <summary>
/// PostgreSQL could not be reached (refused, reset, shut down, timed out): a transient outage, not a bug.
/// Nothing acknowledged is lost, and an append whose commit outcome is unknown is retried safely with the
/// same request id, so the caller is told to retry (UNAVAILABLE). The storage layer throws it in place of
/// the driver's exception; it crosses grain calls, hence the serializer attributes. It carries no inner
/// exception: Orleans has no codec for the driver's exceptions, and a grain on another silo whose activation
/// or call failed this way would otherwise reach the caller as a serialization failure (INTERNAL).
/// </summary>
[GenerateSerializer, Alias("clearinghouse.database-unavailable")]
public sealed class DatabaseUnavailableException : Exception
{
    /// <summary>What the caller is told: the status detail of the call.</summary>
    public const string CallerMessage = "the database is unreachable; the call may be retried with the same request_id";

    public DatabaseUnavailableException(string message) : base(message)
    {
    }
}
