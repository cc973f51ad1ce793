using System.Diagnostics;
using System.Text.Json;
using Clearinghouse.Api.Identity;
using Clearinghouse.EventStore.Protocol;
using Clearinghouse.Integration.Tests.Infrastructure;
using Grpc.Core;
using Npgsql;
using static Clearinghouse.Integration.Tests.EventStore.EventStoreReads;
using static Clearinghouse.Integration.Tests.EventStore.EventStoreSeed;

namespace Clearinghouse.Integration.Tests.EventStore;

/// <summary>
/// The EventStoreDB protocol over the event log (docs/eventstore-protocol.md), called with a client generated from
/// the project's protos/eventstore: a stream and $all read forwards and backwards, from a revision or a position,
/// with a count; what a region sees of them; a catch-up subscription that goes live; filters and checkpoints; writes
/// refused. The expectations are read straight from Marten's and the audit trail's tables.
/// </summary>
public sealed class EventStoreProtocolTests(EventStoreProtocolTests.Fixture fixture) : IClassFixture<EventStoreProtocolTests.Fixture>
{
    public sealed class Fixture : ClearinghouseFixture
    {
        public EventStoreSeed Seed { get; private set; } = null!;

        public Streams.StreamsClient As(Caller caller) => new(Host.ChannelFor(caller));

        protected override async Task SeedAsync()
        {
            Seed = new EventStoreSeed(this);
            await Seed.RunAsync();
        }
    }

    private Streams.StreamsClient Officer => fixture.As(TestCallers.Officer);

    [Fact]
    public async Task A_persons_stream_reads_exactly_its_events_in_order_with_type_json_and_who_and_when()
    {
        var stream = "person:" + BeijingPerson;
        var stored = await StoredStreamAsync(stream);
        var read = Events(await ReadAsync(Officer, Stream(stream)));

        Assert.Equal(stored.Select(s => (s.Id, s.Version - 1, s.Type)), read.Select(e => (Guid.Parse(e.Id.String), (long)e.StreamRevision, e.Type())));
        Assert.All(read, e => Assert.Equal(stream, e.Name()));
        Assert.Equal(["person_enrolled_v1", "contribution_recorded_v2"], read.Take(2).Select(e => e.Type()));
        Assert.All(read.Skip(2), e => Assert.Equal("settlement_accepted_v2", e.Type()));
        // The data is the stored JSON; the metadata names who caused the event, when, and the regions party to it.
        var settled = read[2];
        Assert.Equal("application/json", settled.Metadata["content-type"]);
        using var data = JsonDocument.Parse(settled.Data.Memory);
        Assert.Equal(BeijingPerson, data.RootElement.GetProperty("PersonId").GetString());
        using var metadata = JsonDocument.Parse(settled.CustomMetadata.Memory);
        Assert.Equal("region:" + Shanghai, metadata.RootElement.GetProperty("actor").GetString());
        Assert.Equal([Shanghai, Beijing], metadata.RootElement.GetProperty("regions").EnumerateArray().Select(r => r.GetString()).Order().Reverse());
        var created = DateTimeOffset.UnixEpoch.AddTicks(long.Parse(settled.Metadata["created"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(metadata.RootElement.GetProperty("acceptedAt").GetDateTimeOffset(), created, TimeSpan.FromMilliseconds(1));
        // Positions are commit positions: increasing along the stream.
        Assert.Equal(read.Select(e => e.CommitPosition).Order(), read.Select(e => e.CommitPosition));
    }

    [Fact]
    public async Task A_stream_reads_from_a_revision_forwards_and_backwards_with_a_count()
    {
        var stream = "person:" + BeijingPerson;
        var stored = await StoredStreamAsync(stream);
        var forwards = Events(await ReadAsync(Officer, Stream(stream, revision: 1, count: 2)));
        Assert.Equal([1UL, 2UL], forwards.Select(e => e.StreamRevision));
        var backwards = Events(await ReadAsync(Officer, Stream(stream, forwards: false, fromEnd: true, count: 3)));
        Assert.Equal(Enumerable.Range(0, stored.Count).Reverse().Take(3).Select(v => (ulong)v), backwards.Select(e => e.StreamRevision));
        var fromTwoDown = Events(await ReadAsync(Officer, Stream(stream, forwards: false, revision: 2)));
        Assert.Equal([2UL, 1UL, 0UL], fromTwoDown.Select(e => e.StreamRevision));
        Assert.Empty(Events(await ReadAsync(Officer, Stream(stream, revision: 100))));
    }

    [Fact]
    public async Task Structured_ids_are_the_two_big_endian_halves_of_the_uuid()
    {
        var stream = "person:" + BeijingPerson;
        var stored = await StoredStreamAsync(stream);
        var request = Stream(stream);
        request.Options.UuidOption = new ReadReq.Types.Options.Types.UUIDOption { Structured = new Empty() };
        var read = Events(await ReadAsync(Officer, request));
        Assert.Equal(stored.Select(s => s.Id), read.Select(e =>
        {
            var hex = $"{(ulong)e.Id.Structured.MostSignificantBits:x16}{(ulong)e.Id.Structured.LeastSignificantBits:x16}";
            return Guid.ParseExact(hex, "N");
        }));
    }

    [Fact]
    public async Task A_stream_that_does_not_exist_is_answered_stream_not_found()
    {
        var answers = await ReadAsync(Officer, Stream("person:nobody"));
        var answer = Assert.Single(answers);
        Assert.Equal("person:nobody", answer.StreamNotFound.StreamIdentifier.StreamName.ToStringUtf8());
    }

    [Fact]
    public async Task All_reads_every_event_in_commit_order_from_the_start_from_a_position_and_backwards()
    {
        var stored = await StoredAllAsync();
        var all = Events(await ReadAsync(Officer, All()));
        Assert.Equal(stored.Select(s => (s.Position, s.Stream, s.Version - 1)), all.Select(e => ((long)e.CommitPosition, e.Name(), (long)e.StreamRevision)));

        // From a position: that event and every one after it.
        var middle = stored[stored.Count / 2].Position;
        var after = Events(await ReadAsync(Officer, All(position: (ulong)middle)));
        Assert.Equal(stored.Where(s => s.Position >= middle).Select(s => s.Position), after.Select(e => (long)e.CommitPosition));
        var counted = Events(await ReadAsync(Officer, All(position: (ulong)middle, count: 3)));
        Assert.Equal(stored.Where(s => s.Position >= middle).Take(3).Select(s => s.Position), counted.Select(e => (long)e.CommitPosition));

        // Backwards: from the end, newest first; from a position, the events before it.
        var backwards = Events(await ReadAsync(Officer, All(forwards: false, fromEnd: true, count: 5)));
        Assert.Equal(stored.Select(s => s.Position).Reverse().Take(5), backwards.Select(e => (long)e.CommitPosition));
        var before = Events(await ReadAsync(Officer, All(forwards: false, position: (ulong)middle)));
        Assert.Equal(stored.Where(s => s.Position < middle).Select(s => s.Position).Reverse(), before.Select(e => (long)e.CommitPosition));
    }

    [Fact]
    public async Task A_region_reads_only_what_it_is_party_to()
    {
        var stored = await StoredAllAsync();
        foreach (var region in new[] { Beijing, Shanghai, Guangzhou })
        {
            var all = Events(await ReadAsync(fixture.As(TestCallers.Region(region)), All()));
            Assert.Equal(stored.Where(s => s.Regions.Contains(region)).Select(s => s.Position), all.Select(e => (long)e.CommitPosition));
        }
        // Guangzhou is party to nothing of the Beijing person's stream (settled in Shanghai): refused, nothing read.
        var guangzhou = fixture.As(GuangzhouRegion);
        var refused = await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => ReadAsync(guangzhou, Stream("person:" + BeijingPerson)));
        Assert.Contains("not a party", refused.Status.Detail, StringComparison.Ordinal);
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => ReadAsync(guangzhou, Stream("region:" + Shanghai)));
        // Shanghai, the care region, reads the settlements it made in the Guangzhou person's stream and nothing else of it.
        var guangzhouPerson = await StoredStreamAsync("person:" + GuangzhouPerson);
        var shanghaiView = Events(await ReadAsync(fixture.As(ShanghaiRegion), Stream("person:" + GuangzhouPerson)));
        Assert.Equal(guangzhouPerson.Where(e => e.Type == "settlement_accepted_v2").Select(e => e.Version - 1), shanghaiView.Select(e => (long)e.StreamRevision));
        Assert.NotEmpty(shanghaiView);
        // A platform reads what its province's regions are party to; an operator does not read the streams.
        var platform = Events(await ReadAsync(fixture.As(TestCallers.PlatformOf(Guangzhou)), All()));
        Assert.Equal(stored.Where(s => s.Regions.Any(r => r.StartsWith("44", StringComparison.Ordinal))).Select(s => s.Position), platform.Select(e => (long)e.CommitPosition));
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => ReadAsync(fixture.As(TestCallers.Operator), All()));
    }

    [Fact]
    public async Task A_catch_up_subscription_delivers_the_history_then_a_settlement_committed_after_it_started()
    {
        var stored = await StoredAllAsync();
        using var call = Officer.Read(SubscribeAll(), deadline: DateTime.UtcNow + Deadline);
        var answers = call.ResponseStream;
        Assert.True(await answers.MoveNext());
        Assert.Equal(ReadResp.ContentOneofCase.Confirmation, answers.Current.ContentCase);
        var history = new List<long>();
        while (await answers.MoveNext() && answers.Current.ContentCase == ReadResp.ContentOneofCase.Event)
        {
            history.Add((long)answers.Current.Event.Event.CommitPosition);
        }
        Assert.Equal(ReadResp.ContentOneofCase.CaughtUp, answers.Current.ContentCase);
        Assert.Equal(stored.Select(s => s.Position), history);

        var settled = await fixture.Seed.SettleAsync(GuangzhouPerson);
        var acknowledged = Stopwatch.StartNew();
        Assert.True(await answers.MoveNext());
        var live = answers.Current.Event.Event;
        Assert.True(acknowledged.Elapsed < TimeSpan.FromSeconds(1), $"the live event came {acknowledged.Elapsed.TotalMilliseconds:F0} ms after the acknowledgement");
        Assert.Equal("person:" + GuangzhouPerson, live.Name());
        using var data = JsonDocument.Parse(live.Data.Memory);
        Assert.Equal(settled.SettlementId, data.RootElement.GetProperty("SettlementId").GetString());
        Assert.True((long)live.CommitPosition > history[^1]);
    }

    [Fact]
    public async Task A_stream_subscription_delivers_the_stream_then_its_next_event_and_nothing_of_other_streams()
    {
        var stream = "person:" + BeijingPerson;
        var stored = await StoredStreamAsync(stream);
        var request = Stream(stream);
        request.Options.Subscription = new ReadReq.Types.Options.Types.SubscriptionOptions();
        using var call = Officer.Read(request, deadline: DateTime.UtcNow + Deadline);
        var answers = call.ResponseStream;
        Assert.True(await answers.MoveNext());
        Assert.Equal(ReadResp.ContentOneofCase.Confirmation, answers.Current.ContentCase);
        var history = new List<ulong>();
        while (await answers.MoveNext() && answers.Current.ContentCase == ReadResp.ContentOneofCase.Event)
        {
            history.Add(answers.Current.Event.Event.StreamRevision);
        }
        Assert.Equal(ReadResp.ContentOneofCase.CaughtUp, answers.Current.ContentCase);
        Assert.Equal(stored.Select(s => (ulong)(s.Version - 1)), history);

        // Another person's settlement first: the subscription skips it and delivers its own stream's next event.
        await fixture.Seed.SettleAsync(GuangzhouPerson);
        await fixture.Seed.SettleAsync(BeijingPerson);
        Assert.True(await answers.MoveNext());
        Assert.Equal((stream, (ulong)stored.Count), (answers.Current.Event.Event.Name(), answers.Current.Event.Event.StreamRevision));
    }

    [Fact]
    public async Task A_filtered_subscription_delivers_only_matching_streams_and_checkpoints_what_it_scanned()
    {
        var stored = await StoredAllAsync();
        using var call = Officer.Read(SubscribeAll(filter: StreamPrefix("region:", "hospital:")), deadline: DateTime.UtcNow + Deadline);
        var answers = call.ResponseStream;
        var events = new List<string>();
        ReadResp.Types.Checkpoint? checkpoint = null;
        while (checkpoint is null && await answers.MoveNext())
        {
            switch (answers.Current.ContentCase)
            {
                case ReadResp.ContentOneofCase.Event:
                    events.Add(answers.Current.Event.Event.Name());
                    break;
                case ReadResp.ContentOneofCase.Checkpoint:
                    checkpoint = answers.Current.Checkpoint;
                    break;
            }
        }
        Assert.Equal(stored.Where(s => s.Stream.StartsWith("region:", StringComparison.Ordinal) || s.Stream.StartsWith("hospital:", StringComparison.Ordinal)).Select(s => s.Stream), events);
        Assert.NotNull(checkpoint);
        Assert.True(checkpoint.CommitPosition >= (ulong)stored[^1].Position, "the checkpoint covers everything scanned");
    }

    [Fact]
    public async Task A_subscription_from_a_position_delivers_only_what_follows_it()
    {
        var stored = await StoredAllAsync();
        var from = stored[^3].Position;
        using var call = Officer.Read(SubscribeAll(position: (ulong)from), deadline: DateTime.UtcNow + Deadline);
        var positions = new List<long>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            if (answer.ContentCase == ReadResp.ContentOneofCase.CaughtUp)
            {
                break;
            }
            if (answer.ContentCase == ReadResp.ContentOneofCase.Event)
            {
                positions.Add((long)answer.Event.Event.CommitPosition);
            }
        }
        Assert.Equal(stored.Select(s => s.Position).Where(p => p > from), positions);
    }

    [Fact]
    public async Task Writes_are_refused_with_their_reason_and_change_nothing()
    {
        var before = await fixture.Database.CountsAsync();
        var refused = await Rpc.RefusedAsync(StatusCode.PermissionDenied, async () =>
        {
            using var append = Officer.Append(deadline: DateTime.UtcNow + Deadline);
            await append.RequestStream.WriteAsync(new AppendReq { Options = new AppendReq.Types.Options { StreamIdentifier = new StreamIdentifier { StreamName = Google.Protobuf.ByteString.CopyFromUtf8("person:" + BeijingPerson) }, Any = new Empty() } });
            await append.RequestStream.CompleteAsync();
            await append.ResponseAsync;
        });
        Assert.Contains("clearinghouse API", refused.Status.Detail, StringComparison.Ordinal);
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => Officer.DeleteAsync(new DeleteReq { Options = new DeleteReq.Types.Options { Any = new Empty() } }).ResponseAsync);
        await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => Officer.TombstoneAsync(new TombstoneReq { Options = new TombstoneReq.Types.Options { Any = new Empty() } }).ResponseAsync);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task Server_features_offer_read_and_no_batch_append()
    {
        var features = await new ServerFeatures.ServerFeaturesClient(fixture.Host.ChannelFor(TestCallers.Officer)).GetSupportedMethodsAsync(new Empty());
        Assert.Contains(features.Methods, m => m.ServiceName == "event_store.client.streams.streams" && m.MethodName == "read");
        Assert.DoesNotContain(features.Methods, m => m.MethodName == "batchappend");
    }

    [Fact]
    public async Task A_read_model_rebuild_files_every_event_again_so_all_reads_the_same_events()
    {
        var before = Events(await ReadAsync(Officer, All()));
        await fixture.RestartHostAsync(() => Support.ReadModelRebuilds.RunAsync(fixture.ConnectionString));
        var after = Events(await ReadAsync(Officer, All()));
        // The same events with their streams and revisions; positions are numbered anew in replay order
        // (docs/eventstore-protocol.md), so each stream's order is kept and every event is there once.
        Assert.Equal(before.Select(e => (e.Id.String, e.Name(), e.StreamRevision)).Order(), after.Select(e => (e.Id.String, e.Name(), e.StreamRevision)).Order());
        foreach (var stream in after.GroupBy(e => e.Name()))
        {
            Assert.Equal(stream.Select(e => e.StreamRevision).Order(), stream.Select(e => e.StreamRevision));
        }
    }

    private sealed record StoredStreamEvent(Guid Id, long Version, string Type);

    private sealed record StoredAllEvent(long Position, string Stream, long Version, string[] Regions);

    private async Task<List<StoredStreamEvent>> StoredStreamAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, version, type from clearinghouse.mt_events where stream_id = $1 order by version", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<StoredStreamEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredStreamEvent(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2)));
        }
        return events;
    }

    /// <summary>Every event's audit-trail row in commit order; as many as Marten holds events (but its own tombstones).</summary>
    private async Task<List<StoredAllEvent>> StoredAllAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select seq, stream_key, stream_version, regions from clearinghouse.audit_actions order by seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<StoredAllEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredAllEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<string[]>(3)));
        }
        Assert.Equal((await fixture.Database.CountsAsync()).Events, events.Count);
        return events;
    }
}
