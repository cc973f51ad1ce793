using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Events;

/// <summary>
/// Who asked, with which request, and when the clearinghouse accepted it. Every event carries one.
/// It lives in the event body, not only in Marten's per-session metadata, because one group-commit
/// session holds many callers' events, and because the domain decides on these facts: idempotency
/// (scope + request id + fingerprint), the clearing period and the business day (accepted instant).
/// </summary>
/// <param name="Scope">The acting region: request ids are unique within it (see docs/idempotency.md).</param>
/// <param name="RequestId">The client-chosen request id.</param>
/// <param name="Fingerprint">Hash of the request's content, so a reused id with other content is told apart.</param>
/// <param name="AcceptedAt">The instant (UTC) the clearinghouse accepted the request.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.request_stamp.v1")]
public sealed record RequestStamp(string Scope, string RequestId, string Fingerprint, DateTimeOffset AcceptedAt)
{
    [JsonIgnore]
    public string Key => RequestKey.Of(Scope, RequestId);
}

public static class RequestKey
{
    public static string Of(string scope, string requestId) => scope + "/" + requestId;
}

/// <summary>Every stored event names the request that caused it.</summary>
public interface IStampedEvent
{
    RequestStamp Request { get; }
}
