using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Events;

// Events of a region's stream ("region:{code}") and a hospital's stream ("hospital:{code}").

[GenerateSerializer, Immutable, Alias("clearinghouse.region_upserted.v1")]
public sealed record RegionUpserted(RequestStamp Request, string RegionCode, string Name) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.policy_published.v1")]
public sealed record PolicyPublished(
    RequestStamp Request, string RegionCode, int Version, DateOnly EffectiveFrom, Policy Policy) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.hospital_registered.v1")]
public sealed record HospitalRegistered(
    RequestStamp Request, string HospitalCode, string RegionCode, string Name, int Level) : IStampedEvent;
