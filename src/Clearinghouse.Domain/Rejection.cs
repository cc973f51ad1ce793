namespace Clearinghouse.Domain;

/// <summary>Why a request was refused. Each maps one-to-one onto a gRPC status code at the edge.</summary>
public enum RejectionCode
{
    InvalidArgument = 1,
    NotFound = 2,
    FailedPrecondition = 3,
    AlreadyExists = 4,
    PermissionDenied = 5,
}

/// <summary>
/// An operating error: the request was refused and nothing was written. Thrown by validation and by
/// grains before any event is appended; it crosses grain calls, hence the serializer attributes.
/// </summary>
[GenerateSerializer, Alias("clearinghouse.rejected")]
public sealed class RejectedException : Exception
{
    public RejectedException(RejectionCode code, string message) : base(message) => Code = code;

    [Id(0)]
    public RejectionCode Code { get; }

    public static RejectedException InvalidArgument(string message) => new(RejectionCode.InvalidArgument, message);
    public static RejectedException NotFound(string message) => new(RejectionCode.NotFound, message);
    public static RejectedException FailedPrecondition(string message) => new(RejectionCode.FailedPrecondition, message);
    public static RejectedException AlreadyExists(string message) => new(RejectionCode.AlreadyExists, message);
    public static RejectedException PermissionDenied(string message) => new(RejectionCode.PermissionDenied, message);
}
