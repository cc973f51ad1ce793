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
/// <param name="Actor">
/// Who asked: the authenticated caller as "role:scope" (e.g. "region:110000", "officer:wang"), or
/// <see cref="SystemActor"/> for what the clearinghouse does on its own. Events stored before callers were
/// authenticated lack it; System.Text.Json then takes the parameter's default "" (no actor recorded).
/// </param>
[GenerateSerializer, Immutable, Alias("clearinghouse.request_stamp.v1")]
public sealed record RequestStamp(string Scope, string RequestId, string Fingerprint, DateTimeOffset AcceptedAt, string Actor = "")
{
    /// <summary>The actor of work no caller asked for (opening the first period at the first start).</summary>
    public const string SystemActor = "system";

    [JsonIgnore]
    public RequestKey Key => new(Scope, RequestId);
}

/// <summary>
/// What idempotency looks a request up by: its scope and request id. A value rather than the two joined
/// into a string, so that looking a request up allocates nothing; states keep only its digest
/// (<see cref="RequestIndex"/>).
/// </summary>
public readonly record struct RequestKey(string Scope, string RequestId)
{
    public static RequestKey Of(string scope, string requestId) => new(scope, requestId);

    public override string ToString() => Scope + "/" + RequestId;
}

/// <summary>Every stored event names the request that caused it.</summary>
public interface IStampedEvent
{
    RequestStamp Request { get; }
}
