using Grpc.Core;

namespace Clearinghouse.Cli;

/// <summary>The process exit codes (README, "Officer command line"): one per class of failure.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Anything not classed below: INTERNAL, ABORTED, UNKNOWN…, or a local file error.</summary>
    public const int Other = 1;
    /// <summary>The command line is wrong, or the server said INVALID_ARGUMENT.</summary>
    public const int InvalidArguments = 2;
    public const int NotFound = 3;
    public const int FailedPrecondition = 4;
    /// <summary>The request id was already used for a different request.</summary>
    public const int AlreadyExists = 5;
    /// <summary>The host could not be reached or did not answer in time: the outcome is unknown; retry.</summary>
    public const int Unavailable = 6;
    public const int PermissionDenied = 7;
    /// <summary>Ctrl-C before the answer came: the outcome of a mutating command is unknown; re-run it (same request id).</summary>
    public const int Interrupted = 130;

    public static int Of(StatusCode status) => status switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => InvalidArguments,
        StatusCode.NotFound => NotFound,
        StatusCode.FailedPrecondition => FailedPrecondition,
        StatusCode.AlreadyExists => AlreadyExists,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => Unavailable,
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => PermissionDenied,
        _ => Other,
    };
}

/// <summary>A command line the tool refuses before calling the host (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
