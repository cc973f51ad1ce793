using Clearinghouse.Integration.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Clearinghouse.Integration.Tests.Fuzz;

/// <summary>
/// The host binds every gRPC service itself (so a request that does not parse is INVALID_ARGUMENT): the
/// services it does not own, health and reflection, still answer, and a method no service has is UNIMPLEMENTED.
/// </summary>
public sealed class ServiceBindingTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    [Fact]
    public async Task Reflection_lists_every_clearinghouse_service_and_health_answers_serving()
    {
        using var call = new ServerReflection.ServerReflectionClient(fixture.Host.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var listed = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();
        var expected = RawRpc.AllMethods.Select(m => m.Service.FullName).Distinct().Append("grpc.health.v1.Health").ToList();
        Assert.Equal(8 + 1, expected.Count);
        Assert.All(expected, name => Assert.Contains(name, listed));

        var health = await new Health.HealthClient(fixture.Host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Bytes_that_do_not_parse_name_the_message_they_should_have_been()
    {
        var invoker = fixture.Host.Channel;
        var settle = RawRpc.AllMethods.Single(m => m.FullName == "clearinghouse.v1.SettlementService.Settle");
        var status = await RawRpc.CallAsync(invoker, settle, [[0xFF, 0xFF]], TimeSpan.FromSeconds(30));
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("the request is not a valid clearinghouse.v1.SettleRequest message", status.Detail);
        // The same bytes on a method no service has: no binder answers it, the framework says UNIMPLEMENTED.
        var missing = new Method<byte[], byte[]>(MethodType.Unary, "clearinghouse.v1.SettlementService", "NoSuchMethod",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        await Rpc.RefusedAsync(StatusCode.Unimplemented, async () => await invoker.AsyncUnaryCall(missing, null, new CallOptions(), [0xFF, 0xFF]));
    }
}
