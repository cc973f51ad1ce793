using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Fuzz;

/// <summary>
/// Every RPC of every clearinghouse.v1 service, read from the generated descriptors (so an RPC added to
/// the protos is fuzzed without touching the test), callable with raw bytes as the request: the client
/// sends exactly the bytes it is given, whether or not they parse as the RPC's message.
/// </summary>
public static class RawRpc
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>The services of every file of the contracts assembly whose proto package is clearinghouse.v1.</summary>
    public static IReadOnlyList<MethodDescriptor> AllMethods { get; } = typeof(Clearinghouse.V1.SettlementService).Assembly
        .GetTypes()
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
        .OfType<FileDescriptor>()
        .Where(file => file.Package == "clearinghouse.v1")
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods)
        .OrderBy(method => method.FullName, StringComparer.Ordinal)
        .ToList();

    public static Method<byte[], byte[]> For(MethodDescriptor method) => new(
        (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        },
        method.Service.FullName, method.Name, Bytes, Bytes);

    /// <summary>
    /// Sends <paramref name="messages"/> as the RPC's request (one message unless the RPC streams its
    /// requests) and reads every answer: the call's final status. A stream of answers counts as OK only if
    /// the call itself ends OK; a watch that would run forever is ended by <paramref name="deadline"/>.
    /// </summary>
    public static async Task<Status> CallAsync(CallInvoker invoker, MethodDescriptor descriptor, IReadOnlyList<byte[]> messages, TimeSpan deadline)
    {
        var method = For(descriptor);
        var options = new CallOptions(deadline: DateTime.UtcNow + deadline);
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, messages.Single());
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, messages.Single()))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        if (await SendAllAsync(call.RequestStream, messages, call.GetStatus) is { } refusedHere)
                        {
                            return refusedHere;
                        }
                        await call.ResponseAsync;
                    }
                    break;
                case MethodType.DuplexStreaming:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        var reading = DrainAsync(call.ResponseStream);
                        if (await SendAllAsync(call.RequestStream, messages, call.GetStatus) is { } refusedHere)
                        {
                            return refusedHere;
                        }
                        await reading;
                    }
                    break;
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    /// <summary>
    /// Writes every message and half-closes. A write that fails because the server ended the call (it
    /// refused a message) leaves the status to the response; a write the client itself refused (a message
    /// over the channel's own send limit: RESOURCE_EXHAUSTED with the call still open, so no response would
    /// come) is the call's answer.
    /// </summary>
    private static async Task<Status?> SendAllAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> messages, Func<Status> serverStatus)
    {
        try
        {
            foreach (var message in messages)
            {
                await requests.WriteAsync(message);
            }
            await requests.CompleteAsync();
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && !Ended(serverStatus))
        {
            return e.Status;
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or HttpRequestException or IOException)
        {
            // The server ended the call (or reset its stream) while messages were still being sent.
            return null;
        }
    }

    private static bool Ended(Func<Status> serverStatus)
    {
        try
        {
            serverStatus();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task DrainAsync(IAsyncStreamReader<byte[]> responses)
    {
        while (await responses.MoveNext(CancellationToken.None))
        {
        }
    }
}
