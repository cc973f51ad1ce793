using Clearinghouse.Api.Telemetry;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>The status tag spells each gRPC status as the gRPC specification's status code list does.</summary>
public sealed class SettlementMetricsTests
{
    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.FailedPrecondition, "FAILED_PRECONDITION")]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData(StatusCode.Internal, "INTERNAL")]
    public void A_status_is_tagged_with_its_specification_name(StatusCode status, string name) =>
        Assert.Equal(name, SettlementMetrics.StatusName(status));
}
