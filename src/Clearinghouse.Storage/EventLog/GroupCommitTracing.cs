using System.Diagnostics;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// Spans of the write path, on the activity source "Clearinghouse.GroupCommit" (docs/operations.md). One
/// commit serves many callers, so it cannot be the child of each: every caller gets a span of its own in its
/// own trace, "clearinghouse.event_log.append", from queueing to its commit; the transaction is a span of its
/// own, "clearinghouse.group_commit", a root linked to each append span it carried. A trace viewer shows the
/// settlement waiting for its commit, and from there follows the link to the batch and its neighbours.
/// Without a listener no span is made and nothing is allocated.
/// </summary>
public static class GroupCommitTracing
{
    public const string SourceName = "Clearinghouse.GroupCommit";
    public const string AppendSpan = "clearinghouse.event_log.append";
    public const string CommitSpan = "clearinghouse.group_commit";
    public const string AppendsTag = "clearinghouse.group_commit.appends";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A caller's append span, a child of whatever the caller is doing (its grain call).</summary>
    public static Activity? StartAppend() => Source.StartActivity(AppendSpan, ActivityKind.Internal);

    /// <summary>
    /// A commit's span: a root (a writer runs outside any caller's trace) linked to the callers' append spans.
    /// </summary>
    public static Activity? StartCommit<T>(IReadOnlyList<T> batch, Func<T, ActivityContext> caller)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var links = new List<ActivityLink>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (caller(batch[i]) is var context && context != default)
            {
                links.Add(new ActivityLink(context));
            }
        }
        return Start(batch.Count, links);
    }

    /// <summary>The span of a commit that carries one caller's append.</summary>
    public static Activity? StartCommit(ActivityContext caller) =>
        Source.HasListeners() ? Start(1, caller == default ? [] : [new ActivityLink(caller)]) : null;

    private static Activity? Start(int appends, List<ActivityLink> links)
    {
        var span = Source.StartActivity(CommitSpan, ActivityKind.Internal, parentContext: default, tags: null, links: links);
        span?.SetTag(AppendsTag, appends);
        return span;
    }
}
