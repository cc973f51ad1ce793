using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>Sends a client-streaming call's messages as a client does.</summary>
public static class ClientStreams
{
    /// <summary>Writes every message, then answers the call's result (or throws its status).</summary>
    public static async Task<TResponse> SendAllAsync<TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> call, IEnumerable<TRequest> messages)
    {
        using (call)
        {
            try
            {
                foreach (var message in messages)
                {
                    await call.RequestStream.WriteAsync(message);
                }
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException)
            {
                // The server answered before the stream ended (a refusal): the call's status says why.
            }
            return await call.ResponseAsync;
        }
    }
}
