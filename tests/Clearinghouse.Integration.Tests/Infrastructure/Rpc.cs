using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Infrastructure;

public static class Rpc
{
    /// <summary>Runs a call that must fail with <paramref name="expected"/>; returns the exception for more checks.</summary>
    public static Task<RpcException> RefusedAsync<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call, string because = "") =>
        RefusedAsync(expected, async () => await call(), because);

    /// <summary>Runs a call that must fail with <paramref name="expected"/>; returns the exception for more checks.</summary>
    public static async Task<RpcException> RefusedAsync(StatusCode expected, Func<Task> call, string because = "")
    {
        RpcException? refused = null;
        try
        {
            await call();
        }
        catch (RpcException e)
        {
            refused = e;
        }
        Assert.True(refused is not null, $"{because}: expected {expected}, but the call succeeded");
        Assert.True(refused.StatusCode == expected, $"{because}: expected {expected}, got {refused.StatusCode} ({refused.Status.Detail})");
        return refused;
    }
}
