namespace Clearinghouse.Storage;

/// <summary>
/// The clearinghouse-wide index of request keys ("{scope}/{request id}"), inserted in the same
/// transaction as the events a request produced. Its primary key is what stops one request id from
/// being used for two different requests that land in different streams (two persons, say); within one
/// stream the owning grain already answers retries from its own state.
/// </summary>
public sealed record RequestRecord(string Id, string Fingerprint, string StreamKey);
