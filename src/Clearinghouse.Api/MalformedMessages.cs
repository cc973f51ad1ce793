using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Api;

/// <summary>
/// Bytes that do not parse as an RPC's request message end the call INVALID_ARGUMENT ("the request is
/// not a valid clearinghouse.v1.SettleRequest message"), logged as one line without a stack trace.
/// </summary>
/// <remarks>
/// grpc-dotnet parses a unary or server-streaming request before the interceptors run, and a streamed
/// request inside the stream reader; the parser's InvalidProtocolBufferException then reaches the call
/// handler, which answers UNKNOWN "Exception was thrown by handler" and logs the stack trace (or, in a
/// stream, reaches <see cref="RejectionInterceptor"/> as an unexpected failure: INTERNAL). The one place
/// every parse goes through is the request marshaller of the method's <see cref="Method{TRequest,TResponse}"/>,
/// which the generated code fixes in a static field. So the services are bound here instead of by
/// grpc-dotnet's own binder (it is replaced, not added to: two binders would map every route twice), and
/// each method is given a marshaller that turns a parse failure into an RpcException with the status
/// above. grpc-dotnet logs an RpcException only at Information ("Error status code raised"), below the
/// host's "Grpc" level. Everything else the binder does (finding the service's overrides, the endpoint
/// metadata: the service's and the method's attributes, POST only) is done the same way.
/// </remarks>
public static class MalformedMessages
{
    /// <summary>
    /// Replaces grpc-dotnet's binder of generated services. Call it after the last AddGrpc* registration:
    /// each of them adds grpc-dotnet's binder again if it is missing.
    /// </summary>
    public static IServiceCollection AddMalformedMessageStatus(this IServiceCollection services)
    {
        var builtIn = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
                && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" })
            .ToList();
        if (builtIn.Count != 1)
        {
            throw new InvalidOperationException(
                $"expected grpc-dotnet's BinderServiceMethodProvider registered once (call AddGrpc first), found it {builtIn.Count} times");
        }
        services.Remove(builtIn[0]);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ParseCheckedServiceMethodProvider<>));
        return services;
    }

    /// <summary>The request's marshaller, answering bytes that do not parse with INVALID_ARGUMENT.</summary>
    internal static Method<TRequest, TResponse> ParseChecked<TRequest, TResponse>(Method<TRequest, TResponse> method, ILogger logger)
        where TRequest : class where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var refusal = $"the request is not a valid {MessageName(typeof(TRequest))} message";
        var requests = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                // The parser's reason, not its stack: the fault is the caller's bytes, not the host.
                logger.LogWarning("{Method} refused: {Refusal} ({Reason})", method.FullName, refusal, e.Message.ReplaceLineEndings(" "));
                throw new RpcException(new Status(StatusCode.InvalidArgument, refusal));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }

    private static string MessageName(Type message) =>
        message.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : message.Name;
}

/// <summary>
/// Binds a generated service (one with [BindServiceMethod]) as grpc-dotnet's own binder does, each
/// method with a parse-checked request marshaller (<see cref="MalformedMessages"/>).
/// </summary>
internal sealed class ParseCheckedServiceMethodProvider<TService>(ILoggerFactory loggers) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (BindMethod() is not { } bind)
        {
            return;
        }
        var binder = new Binder(context, bind.GetParameters()[1].ParameterType, loggers.CreateLogger(typeof(MalformedMessages)));
        bind.Invoke(null, [binder, null]);
    }

    /// <summary>The generated static BindService(ServiceBinderBase, ServiceBase) named by the service's base class.</summary>
    private static MethodInfo? BindMethod()
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType
                    .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .SingleOrDefault(m => m.Name == attribute.BindMethodName
                        && m.GetParameters() is [{ } first, { } second]
                        && first.ParameterType == typeof(ServiceBinderBase)
                        && second.ParameterType.IsAssignableFrom(typeof(TService)));
            }
        }
        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(MalformedMessages.ParseChecked(method, logger), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(MalformedMessages.ParseChecked(method, logger), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(MalformedMessages.ParseChecked(method, logger), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(MalformedMessages.ParseChecked(method, logger), metadata, invoker);
        }

        /// <summary>
        /// The service's override of the generated base method, and the endpoint's metadata: the service
        /// class's attributes first, the method's after them (they win), and POST as the only HTTP method.
        /// </summary>
        private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
        {
            var handler = Override(name, parameters)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        /// <summary>A public instance method of that name and signature overriding the generated base's (a method hiding it is skipped).</summary>
        private MethodInfo? Override(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var found = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, parameters, modifiers: null);
                if (found is null)
                {
                    return null;
                }
                if (found.IsVirtual && found.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return found;
                }
            }
            return null;
        }
    }
}
