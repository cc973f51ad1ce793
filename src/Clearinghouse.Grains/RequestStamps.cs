using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;

namespace Clearinghouse.Grains;

/// <summary>How grains stamp the events a request produces: with the actor of the call it arrived on.</summary>
internal static class RequestStamps
{
    public static RequestStamp Of(string scope, string requestId, string fingerprint, DateTimeOffset acceptedAt) =>
        new(scope, requestId, fingerprint, acceptedAt, ActingCaller.Current);
}
