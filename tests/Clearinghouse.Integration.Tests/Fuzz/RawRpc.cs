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
                        await SendAllAsync(call.RequestStream, messages);
                        await call.ResponseAsync;
                    }
                    break;
                case MethodType.DuplexStreaming:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        var reading = DrainAsync(call.ResponseStream);
                        await SendAllAsync(call.RequestStream, messages);
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

    private static async Task SendAllAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> messages)
    {
        try
        {
            foreach (var message in messages)
            {
                await requests.WriteAsync(message);
            }
            await requests.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call before every message was sent (it refused one): its status is
            // the call's, read from the response.
        }
        catch (InvalidOperationException)
        {
            // Same, seen by the writer as "the call is complete".
        }
    }

    private static async Task DrainAsync(IAsyncStreamReader<byte[]> responses)
    {
        while (await responses.MoveNext(CancellationToken.None))
        {
        }
    }
}
