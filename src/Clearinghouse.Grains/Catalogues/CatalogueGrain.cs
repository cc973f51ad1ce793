using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Catalogues;

/// <summary>
/// A care region's catalogue: publishes versions and answers which one is in force. A version's header goes to
/// this grain's stream and its items to the version's own stream, in one transaction; the grain keeps the headers
/// only, so it stays small however large the catalogue (docs/catalogues.md).
/// </summary>
public sealed class CatalogueGrain(IEventLog eventLog, BusinessClock clock, RegistryReferences registry)
    : EventSourcedGrain<CatalogueState>(eventLog), ICatalogueGrain
{
    private string RegionCode => this.GetPrimaryKeyString();

    protected override string StreamKey => StreamKeys.Catalogue(RegionCode);

    public async Task<CatalogueVersionInfo> Publish(PublishCatalogue command)
    {
        var earlier = await Replay<CataloguePublished>(RegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier.ToInfo();
        }
        if (await registry.Region(RegionCode).Get() is null)
        {
            throw RejectedException.NotFound($"region {RegionCode} not found");
        }
        // The same checks the gRPC edge made: a grain called by anything else still refuses a bad catalogue.
        CatalogueValidator.Validate(command.Batches.Select(b => (IReadOnlyList<CatalogueItem>)b).ToList());
        CatalogueValidator.ValidateEffectiveFrom(command.EffectiveFrom, State.Latest, clock.GetUtcNow());

        var stamp = RequestStamps.Of(RegionCode, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        var version = State.Versions.Count + 1;
        var itemCount = command.Batches.Sum(b => b.Length);
        var published = new CataloguePublished(stamp, RegionCode, version, command.EffectiveFrom, itemCount);
        var listed = Slices(command.Batches, CatalogueLimits.ItemsPerEvent)
            .Select(IStampedEvent (items) => new CatalogueItemsListed(stamp, RegionCode, version, items))
            .ToList();
        // The header first: a request's key belongs to the stream of its first event (a read-model rebuild too).
        await CommitWith([published], [new StreamAppend(StreamKeys.CatalogueItems(RegionCode, version), 0, listed)]);
        return published.ToInfo();
    }

    public Task<CatalogueVersionInfo?> InForce(DateOnly date) => Task.FromResult(State.InForce(date));

    public Task<ImmutableArray<CatalogueVersionInfo>> Versions() => Task.FromResult(State.Versions.ToImmutableArray());

    /// <summary>The items in the order they were sent, cut into slices of at most <paramref name="size"/>.</summary>
    private static IEnumerable<ImmutableArray<CatalogueItem>> Slices(ImmutableArray<ImmutableArray<CatalogueItem>> batches, int size)
    {
        var slice = ImmutableArray.CreateBuilder<CatalogueItem>(size);
        foreach (var item in batches.SelectMany(b => b))
        {
            slice.Add(item);
            if (slice.Count == size)
            {
                yield return slice.MoveToImmutable();
                slice = ImmutableArray.CreateBuilder<CatalogueItem>(size);
            }
        }
        if (slice.Count > 0)
        {
            yield return slice.ToImmutable();
        }
    }
}
