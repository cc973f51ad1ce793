using System.Net.Sockets;
using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.Failures;

/// <summary>
/// The one place that decides whether a failure means "PostgreSQL is unreachable for now": the driver could
/// not connect or lost its connection (refused, reset, broken stream, timed out), or the server said it is
/// shutting down, starting up or in crash recovery. Such a failure is answered UNAVAILABLE, and the caller
/// retries with the same request id; every other failure keeps its own meaning.
/// </summary>
public static class TransientDatabaseFailure
{
    // Far deeper than any real wrapping (Marten, Orleans, aggregates); only a bound on a malformed chain.
    private const int MaxDepth = 32;

    public static bool IsTransientDatabaseFailure(Exception e) => Find(e, 0);

    /// <summary>
    /// The exception to throw in place of <paramref name="e"/>: unchanged unless it is a transient database failure.
    /// The translation keeps the driver's message, not its exception (see <see cref="DatabaseUnavailableException"/>).
    /// </summary>
    public static Exception Translate(Exception e) =>
        e is not DatabaseUnavailableException && IsTransientDatabaseFailure(e)
            ? new DatabaseUnavailableException("PostgreSQL is unreachable: " + Innermost(e).Message)
            : e;

    /// <summary>
    /// SQL states of an outage rather than of the statement: class 08 (connection exception), an
    /// administrator's or a crash's shutdown (57P01, 57P02), a server not yet accepting (57P03) and a server out of
    /// connection slots while clients reconnect (53300).
    /// </summary>
    public static bool IsOutageState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;

    private static bool Find(Exception? e, int depth)
    {
        for (; e is not null && depth < MaxDepth; e = e.InnerException, depth++)
        {
            switch (e)
            {
                case DatabaseUnavailableException:
                    return true;
                case PostgresException postgres:
                    // The server answered: only its connection and shutdown states are an outage, whatever wraps them.
                    return IsOutageState(postgres.SqlState);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(inner => Find(inner, depth + 1));
            }
        }
        return false;
    }

    private static Exception Innermost(Exception e)
    {
        for (var depth = 0; e.InnerException is { } inner && depth < MaxDepth; depth++)
        {
            e = inner;
        }
        return e;
    }
}

/// <summary>The storage layer's answer to <see cref="IDatabaseFailures"/>, for the gRPC edge.</summary>
public sealed class DatabaseFailures : IDatabaseFailures
{
    public bool IsTransientDatabaseFailure(Exception e) => TransientDatabaseFailure.IsTransientDatabaseFailure(e);
}
