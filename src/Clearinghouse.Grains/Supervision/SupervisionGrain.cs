using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Grains.Supervision;

/// <summary>
/// The fund supervision processor (docs/supervision.md): follows $all through <see cref="IEventFeed"/>, as an
/// EventStoreDB subscriber does, from its last checkpoint; maps each settlement to a <see cref="SupervisedVisit"/>,
/// runs <see cref="Supervisor.OnVisit"/> against the person's earlier visits and raises each finding on its
/// <see cref="IFlagGrain"/>; at a period's close, compares the period's people and hospitals with their peers
/// (<see cref="Outliers"/>) over the period's settlements as the ledger holds them, and raises each finding the same
/// way. One activation per cluster (its key is fixed); the hosts' drivers only call it.
/// A finding raised between the last checkpoint and a crash is found again after the restart and written nothing
/// the second time (its stream already holds it), so no finding is missed or repeated.
/// </summary>
public sealed partial class SupervisionGrain(
    IEventFeed feed, IEventDecoder decoder, IEventLog eventLog, IPeriodVisitQueries periodVisits, BusinessClock clock, ILogger<SupervisionGrain> logger)
    : Grain, ISupervisionGrain
{
    /// <summary>Settlements, their reversals and periods' closes: stored names begin so, whatever their version.</summary>
    private static readonly FeedFilter Watched = new([], null, ["settlement_accepted_", "settlement_reversed_", "period_closed_"], null);

    private PersonVisits? _persons;
    private long _position;
    private long _checkpointed;
    private long _checkpointVersion;
    private DateTimeOffset _checkpointedAt;
    private long _raised;
    private long _alreadyRaised;
    private long _settlements;
    private long _sinceCheckpoint;
    private bool _stopRequested;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var last = await feed.ReadStreamAsync(FlagIds.ProcessorStream, long.MaxValue - 1, forwards: false, 1, FeedReader.Everything, cancellationToken);
        if (!last.IsEmpty && decoder.Decode(last[0]) is SupervisionCheckpointed checkpoint)
        {
            _position = _checkpointed = checkpoint.Position;
            _checkpointVersion = last[0].Revision + 1;
        }
        _checkpointedAt = clock.GetUtcNow();
    }

    public Task<SupervisionProgress> Progress() => Task.FromResult(Current);

    private SupervisionProgress Current => new(_position, _checkpointed, _raised, _alreadyRaised, _settlements, _persons?.Visits ?? 0);

    public Task StopCurrentCall()
    {
        _stopRequested = true;
        return Task.CompletedTask;
    }

    public async Task<SupervisionProgress> Process(SupervisionRun run)
    {
        // A stop asked of an earlier call is not this one's (another host's driver may call on).
        _stopRequested = false;
        _persons ??= new PersonVisits(run.PersonCapacity, run.VisitCapacity);
        var upTo = await feed.LastPositionAsync();
        var handled = 0;
        var stopped = false;
        while (!stopped && handled < run.MaxEvents && _position < upTo)
        {
            if (HeapUnderPressure(run))
            {
                break;
            }
            var events = await feed.ReadAllAsync(
                _position, upTo, forwards: true, Math.Clamp(run.BatchSize, 1, Limits.MaxPageSize), FeedReader.Everything, Watched);
            if (events.IsEmpty)
            {
                // Nothing of interest up to upTo: every event at or below it is visible, so none will appear there later.
                _position = upTo;
                break;
            }
            // The page's flags are raised concurrently (one at a time, each waits for its own commit, and the
            // processor falls behind a busy intake) and all awaited before the call returns or checkpoints.
            var pageStart = _position;
            var raising = new List<Task>();
            await ReadPersonsOfAsync(events);
            try
            {
                foreach (var e in events)
                {
                    // Between two events only.
                    if (_stopRequested || Halted(run) || !await HandleAsync(e, run, raising))
                    {
                        stopped = true;
                        break;
                    }
                    _position = e.Position;
                    handled++;
                }
                await Task.WhenAll(raising);
            }
            catch (Exception)
            {
                // A flag of the page may be unwritten: the next call reads the page again (handling an event twice
                // adds nothing to a person's visits, and a flag already raised is written nothing).
                await Task.WhenAll(raising.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Current)));
                _position = pageStart;
                throw;
            }
        }
        _sinceCheckpoint += handled;
        // Only settlements make a checkpoint due: one written for a position moved by the checkpoints alone would
        // move $all's end again, and the processor would never be idle. A stopped call leaves it to the next.
        if (!stopped && _sinceCheckpoint > 0 && clock.GetUtcNow() - _checkpointedAt >= run.CheckpointEvery)
        {
            await CheckpointAsync();
        }
        return Current;
    }

    /// <summary>
    /// Handles one event; false when a test's fault (<see cref="SupervisionRun.HaltAfterFlags"/>) halted it right after
    /// a flag, part way through the event: its position is then not passed, so no checkpoint passes it either.
    /// </summary>
    private async Task<bool> HandleAsync(FeedEvent e, SupervisionRun run, List<Task> raising)
    {
        switch (decoder.Decode(e))
        {
            case SettlementAccepted accepted when SupervisedVisits.From(accepted, reversed: false) is { } visit:
                var thresholds = await ThresholdsForAsync(accepted);
                var earliest = BlockingRules.EarliestServiceDate(visit, RuleId.PersonRules, thresholds);
                var person = await VisitsOfAsync(visit.PersonId, e.Revision, earliest);
                _persons!.Add(person, visit, earliest);
                var visits = person.Visits;
                _settlements++;
                foreach (var finding in Supervisor.OnVisit(visit, visits, thresholds))
                {
                    var parties = FlagParties.OfTrigger(visit, visits.Where(v => finding.Involves(v.SettlementId)).Select(v => v.CareRegionCode));
                    if (!await StartRaiseAsync(run, raising, RaiseAsync(finding, parties, accepted.Period, e.Position)))
                    {
                        return false;
                    }
                }
                break;
            case SettlementReversed reversed:
                // Only a held visit needs marking: a person read later reads the reversal with their stream, and a visit
                // dated before the person's horizon is read again, with it, by any visit that needs it.
                _persons!.Find(reversed.PersonId, DateOnly.MaxValue)?.Reverse(reversed.SettlementId);
                break;
            case PeriodClosed closed:
                return await CompareWithPeersAsync(closed.Period, e.Position, run, raising);
        }
        return true;
    }

    /// <summary>
    /// Adds a flag being raised to the page's; with a test's halt (<see cref="SupervisionRun.HaltAfterFlags"/>) waits for
    /// it instead, and answers false once the halt is reached.
    /// </summary>
    private async Task<bool> StartRaiseAsync(SupervisionRun run, List<Task> raising, Task raise)
    {
        if (run.HaltAfterFlags <= 0)
        {
            raising.Add(raise);
            return true;
        }
        await raise;
        return !Halted(run);
    }

    /// <summary>
    /// Whether the GC heap, as its last collection left it, fills <see cref="SupervisionRun.YieldAtHeapPercent"/> of its
    /// limit or more: the call then reads no further page (docs/supervision.md, "Memory"). Logged once as it begins.
    /// A host that stops allocating collects no more, and the figure would stay as the last collection left it, with
    /// the processor waiting for ever: when no collection ran since the last look, a background one is asked for, at
    /// most every few seconds (an idle host, so it costs the intake nothing).
    /// </summary>
    private bool HeapUnderPressure(SupervisionRun run)
    {
        if (run.YieldAtHeapPercent <= 0)
        {
            return false;
        }
        var memory = GC.GetGCMemoryInfo();
        var percent = run.HeapPercentSeen > 0 ? run.HeapPercentSeen : memory.HeapSizeBytes * 100 / Math.Max(1, memory.TotalAvailableMemoryBytes);
        var pressed = percent >= run.YieldAtHeapPercent;
        if (pressed && !_yielding)
        {
            LogYielding(logger, _position, percent, memory.TotalAvailableMemoryBytes >> 20);
        }
        var now = clock.GetUtcNow();
        if (pressed && memory.Index == _lastCollectionSeen && now - _collectionAskedAt >= TimeSpan.FromSeconds(5))
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: false);
            _collectionAskedAt = now;
        }
        _lastCollectionSeen = memory.Index;
        _yielding = pressed;
        return pressed;
    }

    private bool _yielding;
    private long _lastCollectionSeen = -1;
    private DateTimeOffset _collectionAskedAt;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fund supervision waits at position {Position}: the heap fills {Percent}% of its {LimitMiB} MiB; its flags come later")]
    private static partial void LogYielding(ILogger logger, long position, long percent, long limitMiB);

    private bool Halted(SupervisionRun run) => run.HaltAfterFlags > 0 && _raised >= run.HaltAfterFlags;

    /// <summary>
    /// Outliers over a closed period: its settlements as the ledger holds them (none is added or reversed in it after
    /// its close, so a second run after a restart finds the same findings and writes nothing). People are judged by
    /// their insured region's thresholds, hospitals by their care region's, each region's latest policy.
    /// </summary>
    private async Task<bool> CompareWithPeersAsync(string period, long position, SupervisionRun run, List<Task> raising)
    {
        var visits = await periodVisits.ListAsync(period);
        var thresholds = new Dictionary<string, SupervisionThresholds>(StringComparer.Ordinal);
        foreach (var region in visits.Select(v => v.InsuredRegionCode).Concat(visits.Select(v => v.CareRegionCode)).Distinct(StringComparer.Ordinal))
        {
            thresholds[region] = await LatestThresholdsAsync(region);
        }
        var byId = visits.ToDictionary(v => v.SettlementId, StringComparer.Ordinal);
        foreach (var finding in Outliers.Evaluate(visits, period, region => thresholds[region]))
        {
            if (!await StartRaiseAsync(run, raising, RaiseAsync(finding, FlagParties.OfOutlier(finding, id => byId[id]), period, position)))
            {
                return false;
            }
        }
        return true;
    }

    private async ValueTask<SupervisionThresholds> LatestThresholdsAsync(string regionCode) =>
        (await GrainFactory.GetGrain<IRegionGrain>(regionCode).Get())?.LatestSupervisionThresholds() ?? SupervisionThresholds.Default;

    /// <summary>
    /// The thresholds of the insured region's policy version the settlement was settled under (its own, or the defaults
    /// when the policy sets none). Versions never change, so each is asked of the region's grain once per activation.
    /// </summary>
    private async ValueTask<SupervisionThresholds> ThresholdsForAsync(SettlementAccepted settlement)
    {
        var key = (settlement.InsuredRegionCode, settlement.PolicyVersion);
        if (_thresholds.TryGetValue(key, out var known))
        {
            return known;
        }
        var region = await GrainFactory.GetGrain<IRegionGrain>(settlement.InsuredRegionCode).Get();
        var policy = region?.Policies.FirstOrDefault(p => p.Version == settlement.PolicyVersion);
        var thresholds = policy?.SupervisionThresholds() ?? SupervisionThresholds.Default;
        _thresholds[key] = thresholds;
        return thresholds;
    }

    private readonly Dictionary<(string Region, int Version), SupervisionThresholds> _thresholds = [];

    /// <summary>
    /// The person's visits committed before their event at <paramref name="revision"/>, complete from
    /// <paramref name="from"/> on: held, or read from their stream (only the events below it, so a person read later
    /// holds exactly what one held all along would).
    /// </summary>
    private async Task<PersonVisits.Held> VisitsOfAsync(string personId, long revision, DateOnly from) =>
        _persons!.Find(personId, from) ?? _persons.Hold(personId, VisitsBefore(await eventLog.ReadAsync(StreamKeys.Person(personId)), revision), from);

    /// <summary>
    /// Reads the persons of a page that are not held, all in one query, each as of its first settlement event in the
    /// page: what reading each when that event is handled gives (a stream's events below that revision are the ones
    /// committed before it), without a read per person (a busy intake brings thousands of persons not seen before).
    /// </summary>
    private async Task ReadPersonsOfAsync(ImmutableArray<FeedEvent> events)
    {
        var firstSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Type.StartsWith("settlement_", StringComparison.Ordinal) && e.Stream.StartsWith(PersonStreamPrefix, StringComparison.Ordinal))
            {
                var personId = e.Stream[PersonStreamPrefix.Length..];
                if (!firstSeen.ContainsKey(personId) && !_persons!.IsHeld(personId))
                {
                    firstSeen[personId] = e.Revision;
                }
            }
        }
        if (firstSeen.Count == 0)
        {
            return;
        }
        foreach (var chunk in firstSeen.Chunk(PersonsPerRead))
        {
            var streams = await eventLog.ReadStreamsAsync([.. chunk.Select(p => StreamKeys.Person(p.Key))]);
            foreach (var (personId, revision) in chunk)
            {
                _persons!.Hold(personId, VisitsBefore(streams.GetValueOrDefault(StreamKeys.Person(personId)) ?? [], revision), DateOnly.MaxValue);
            }
        }
    }

    /// <summary>
    /// Persons read in one query: their streams are decoded whole, lines and all, before all but their recent visits
    /// are let go, and a page's thousand persons of a world with years of history read at once took the host past
    /// its heap. A hundred keeps that peak small for ten queries a page instead of one.
    /// </summary>
    private const int PersonsPerRead = 100;

    private static readonly string PersonStreamPrefix = StreamKeys.Person("");

    /// <summary>
    /// The visits a person's stream held before the event at <paramref name="revision"/>: revisions count from 0, so
    /// those are the stream's first <paramref name="revision"/> events, the ones committed before it.
    /// </summary>
    private static List<SupervisedVisit> VisitsBefore(IReadOnlyList<IStampedEvent> stream, long revision)
    {
        var visits = new List<SupervisedVisit>();
        foreach (var e in stream.Take(checked((int)revision)))
        {
            Fold(visits, e);
        }
        return visits;
    }

    /// <summary>One event of a person's stream into their visits: a settlement adds one, a reversal marks its settlement.</summary>
    private static void Fold(List<SupervisedVisit> visits, IStampedEvent e)
    {
        switch (e)
        {
            case SettlementAccepted accepted when SupervisedVisits.From(accepted, reversed: false) is { } visit:
                visits.Add(visit);
                break;
            case SettlementReversed reversed:
                PersonVisits.Reverse(visits, reversed.SettlementId);
                break;
        }
    }

    private async Task RaiseAsync(Finding finding, FlagParties parties, string period, long position)
    {
        var flagId = FlagIds.Of(finding.Key);
        var stamp = new RequestStamp(FlagIds.Scope, flagId, finding.Key, clock.GetUtcNow(), RequestStamp.SystemActor);
        var flagged = new SettlementFlagged(
            stamp, flagId, finding.Key, finding.RuleId, finding.Severity, parties.InsuredRegionCode, parties.CareRegionCode, parties.HospitalCode,
            parties.PersonId, period, finding.SettlementIds, finding.LineCodes, finding.Evidence, position, parties.CareRegionCodes);
        if (await GrainFactory.GetGrain<IFlagGrain>(flagId).Raise(flagged))
        {
            _raised++;
        }
        else
        {
            _alreadyRaised++;
        }
    }

    private async Task CheckpointAsync()
    {
        var now = clock.GetUtcNow();
        var stamp = new RequestStamp(
            FlagIds.Scope, "checkpoint:" + _position.ToString(System.Globalization.CultureInfo.InvariantCulture), "", now, RequestStamp.SystemActor);
        try
        {
            await eventLog.AppendAsync(new StreamAppend(FlagIds.ProcessorStream, _checkpointVersion, [new SupervisionCheckpointed(stamp, _position)]));
        }
        catch (Exception e)
        {
            // The outcome may be unknown: start again from the stream's last checkpoint.
            LogCheckpointFailed(logger, _position, e);
            DeactivateOnIdle();
            throw;
        }
        _checkpointVersion++;
        _checkpointed = _position;
        _checkpointedAt = now;
        _sinceCheckpoint = 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fund supervision could not checkpoint position {Position}; it resumes from its last checkpoint")]
    private static partial void LogCheckpointFailed(ILogger logger, long position, Exception exception);
}
