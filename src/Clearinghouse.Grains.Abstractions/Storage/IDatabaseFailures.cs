namespace Clearinghouse.Grains.Storage;

/// <summary>
/// Tells a transient database failure (PostgreSQL unreachable) from any other failure. The storage layer
/// implements it, since only it knows the driver's exceptions; the gRPC edge asks it about a failure of a
/// read it made through a port, so that failure answers UNAVAILABLE like one that crossed a grain call.
/// </summary>
public interface IDatabaseFailures
{
    bool IsTransientDatabaseFailure(Exception e);
}
