using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// The RPCs that write: those whose request carries a request_id (docs/idempotency.md), directly or in a
/// message field (the header of a daily report). Read from the protos, so a new mutating RPC is limited
/// without being listed here.
/// </summary>
public static class MutatingMethods
{
    private static readonly ServiceDescriptor[] Services =
    [
        V1.RegistryService.Descriptor,
        V1.SettlementService.Descriptor,
        V1.ClearingService.Descriptor,
        V1.ReconciliationService.Descriptor,
        V1.SupervisionService.Descriptor,
    ];

    /// <summary>Full method paths as gRPC names them (ServerCallContext.Method), e.g. "/clearinghouse.v1.SettlementService/Settle".</summary>
    public static FrozenSet<string> Paths { get; } = Services
        .SelectMany(service => service.Methods)
        .Where(method => CarriesRequestId(method.InputType))
        .Select(PathOf)
        .ToFrozenSet(StringComparer.Ordinal);

    public static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    private static bool CarriesRequestId(MessageDescriptor message) =>
        message.Fields.InDeclarationOrder().Any(field =>
            field.Name == "request_id"
            || (field.FieldType == FieldType.Message && !field.IsRepeated && field.MessageType.FindFieldByName("request_id") is not null));
}
