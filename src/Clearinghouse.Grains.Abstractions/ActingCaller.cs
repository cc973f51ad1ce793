using Clearinghouse.Domain.Events;
using Orleans.Runtime;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// The authenticated caller a grain call acts for, as the audit trail names it ("region:110000"). The gRPC
/// layer sets it once per call after authorization; it travels in Orleans' request context, so every grain the
/// call reaches (the clearing grain and the statements it writes at a close, say) stamps its events with the
/// same actor without each command carrying it. Work no caller started (the first period's opening) reads
/// <see cref="RequestStamp.SystemActor"/>.
/// </summary>
public static class ActingCaller
{
    private const string Key = "clearinghouse.actor";

    /// <summary>Sets the actor of the current call and of the grain calls it makes.</summary>
    public static void Set(string actor) => RequestContext.Set(Key, actor);

    /// <summary>The actor of the current call, or <see cref="RequestStamp.SystemActor"/> outside a caller's call.</summary>
    public static string Current => RequestContext.Get(Key) as string ?? RequestStamp.SystemActor;
}
