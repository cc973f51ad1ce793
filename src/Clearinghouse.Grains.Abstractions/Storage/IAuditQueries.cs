using System.Collections.Immutable;

namespace Clearinghouse.Grains.Storage;

/// <summary>Reads of the audit trail: every stored event, with who caused it, newest first.</summary>
public interface IAuditQueries
{
    /// <summary>
    /// One page of the actions that match every filter given, newest first (the commit sequence, descending,
    /// is the cursor: <paramref name="beforeSequence"/> 0 for the first page).
    /// </summary>
    Task<ActionPage> ListAsync(ActionFilter filter, int pageSize, long beforeSequence, CancellationToken cancellationToken = default);
}

/// <summary>What to list; a null filter admits anything. <paramref name="To"/> is exclusive.</summary>
public sealed record ActionFilter(string? Actor, string? RegionCode, string? EventKind, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>One stored event as the audit trail shows it.</summary>
public sealed record RecordedAction(
    string Actor, string EventKind, DateTimeOffset AcceptedAt, ImmutableArray<string> RegionCodes,
    string Stream, string RequestScope, string RequestId);

/// <param name="NextBeforeSequence">Where the next page starts; null when the listing is complete.</param>
public sealed record ActionPage(ImmutableArray<RecordedAction> Actions, long? NextBeforeSequence);
