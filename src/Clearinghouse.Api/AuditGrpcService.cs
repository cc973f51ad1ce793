using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>AuditService: who did what and when, read from the audit trail every append files its events in.</summary>
public sealed class AuditGrpcService(IAuditQueries queries) : V1.AuditService.AuditServiceBase
{
    public override async Task<V1.ListActionsResponse> ListActions(V1.ListActionsRequest request, ServerCallContext context)
    {
        var filter = new ActionFilter(
            Actor(request.Actor),
            request.RegionCode.Length == 0 ? null : RegionCode(request.RegionCode, "region_code"),
            EventKind(request.EventKind),
            OptionalInstant(request.From, "from"),
            OptionalInstant(request.To, "to"));
        if (filter is { From: { } from, To: { } to } && from >= to)
        {
            throw RejectedException.InvalidArgument("from must be earlier than to");
        }
        var pageSize = PageSize(request.PageSize);
        var before = SequencePageToken.Decode(request.PageToken);
        var page = await queries.ListAsync(filter, pageSize, before, context.CancellationToken);
        var response = new V1.ListActionsResponse { NextPageToken = SequencePageToken.Encode(page.NextBeforeSequence) };
        response.Actions.AddRange(page.Actions.Select(ToWire));
        return response;
    }

    private static string? Actor(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (value == RequestStamp.SystemActor || CallerName.Parse(CallerName.UriPrefix + value, out _) is not null)
        {
            return value;
        }
        throw RejectedException.InvalidArgument(
            $"actor must be \"system\" or role:scope (region:110000, platform:11, officer:wang, operator:li), got '{Truncate(value)}'");
    }

    private static string? EventKind(string value) =>
        value.Length == 0 ? null
        : EventKinds.IsKnown(value) ? value
        : throw RejectedException.InvalidArgument($"event_kind must be one of {string.Join(", ", EventKinds.All)}");

    private static V1.ActionRecord ToWire(RecordedAction action)
    {
        var wire = new V1.ActionRecord
        {
            Actor = action.Actor,
            EventKind = action.EventKind,
            AcceptedAt = WireMapping.Instant(action.AcceptedAt),
            Stream = action.Stream,
            RequestScope = action.RequestScope,
            RequestId = action.RequestId,
        };
        wire.RegionCodes.AddRange(action.RegionCodes);
        return wire;
    }
}
