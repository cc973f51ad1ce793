using System.Diagnostics;
using System.Text.Json;
using Clearinghouse.Integration.Tests.Infrastructure;
using Npgsql;
using static Clearinghouse.Integration.Tests.EventStore.EventStoreSeed;

namespace Clearinghouse.Integration.Tests.EventStore;

/// <summary>
/// The official Node.js EventStoreDB client (npm @eventstore/db-client) against a running host, over the same
/// mutual TLS and identities as the clearinghouse API: it reads a person's stream and $all from a position, follows
/// a catch-up subscription into live settlements, resumes from its last checkpoint after the host restarts, has its
/// append refused, and a region's client sees nothing of another region's streams.
/// </summary>
public sealed class EventStoreNodeClientTests(EventStoreNodeClientTests.Fixture fixture) : IClassFixture<EventStoreNodeClientTests.Fixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public sealed class Fixture : ClearinghouseFixture
    {
        public EventStoreSeed Seed { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Seed = new EventStoreSeed(this);
            await Seed.RunAsync();
        }
    }

    [Fact]
    public async Task Reads_a_persons_stream_exactly_its_events_in_order()
    {
        var stream = "person:" + BeijingPerson;
        var stored = await StoredAsync("where stream_key = $1", stream);
        await using var node = NodeClient.Start(fixture.Host, TestCallers.Officer, "read-stream", stream);
        var lines = await node.AllAsync(Bound);

        var events = Events(lines);
        Assert.Equal("end", lines[^1].GetProperty("kind").GetString());
        Assert.Equal(stored.Select(s => (s.Stream, s.Version - 1, s.Position)), events.Select(e => (e.Stream, e.Revision, e.Position)));
        Assert.Equal(["person_enrolled_v1", "contribution_recorded_v2"], events.Take(2).Select(e => e.Type));
        Assert.All(events.Skip(2), e => Assert.Equal("settlement_accepted_v2", e.Type));
        // JSON data and who-and-when metadata, as the client parsed them.
        var settlement = lines.Where(l => l.GetProperty("kind").GetString() == "event").ElementAt(2);
        Assert.Equal(BeijingPerson, settlement.GetProperty("data").GetProperty("PersonId").GetString());
        Assert.Equal("region:" + Shanghai, settlement.GetProperty("metadata").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Reads_all_from_a_position()
    {
        var stored = await StoredAsync("", null);
        var from = stored[stored.Count / 3].Position;
        await using var node = NodeClient.Start(fixture.Host, TestCallers.Officer, "read-all-from", Text(from));
        var events = Events(await node.AllAsync(Bound));
        Assert.Equal(stored.Where(s => s.Position >= from).Select(s => (s.Position, s.Stream)), events.Select(e => (e.Position, e.Stream)));
    }

    [Fact]
    public async Task An_append_is_refused_and_writes_nothing()
    {
        var before = await fixture.Database.CountsAsync();
        await using var node = NodeClient.Start(fixture.Host, TestCallers.Officer, "append", "person:" + BeijingPerson);
        var line = Assert.Single(await node.AllAsync(Bound));
        Assert.Equal("error", line.GetProperty("kind").GetString());
        Assert.Equal("AccessDeniedError", line.GetProperty("name").GetString());
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_regions_client_sees_nothing_of_another_regions_streams()
    {
        await using (var refused = NodeClient.Start(fixture.Host, TestCallers.Region(Guangzhou), "read-stream", "person:" + BeijingPerson))
        {
            var line = Assert.Single(await refused.AllAsync(Bound));
            Assert.Equal("AccessDeniedError", line.GetProperty("name").GetString());
        }
        await using (var region = NodeClient.Start(fixture.Host, TestCallers.Region(Shanghai), "read-stream", "region:" + Beijing))
        {
            Assert.Equal("AccessDeniedError", Assert.Single(await region.AllAsync(Bound)).GetProperty("name").GetString());
        }
        var stored = await StoredAsync("", null);
        await using var all = NodeClient.Start(fixture.Host, TestCallers.Region(Guangzhou), "read-all-from", "0");
        var events = Events(await all.AllAsync(Bound));
        Assert.Equal(stored.Where(s => s.Regions.Contains(Guangzhou)).Select(s => s.Position), events.Select(e => e.Position));
        Assert.DoesNotContain(events, e => e.Stream == "person:" + BeijingPerson || e.Stream == "region:" + Beijing || e.Stream == "region:" + Shanghai);
    }

    [Fact]
    public async Task A_catch_up_subscription_goes_live_and_resumes_from_its_checkpoint_after_a_host_restart()
    {
        // Persons' streams only, with checkpoints: the history, then a settlement committed after the subscription started.
        var history = await StoredAsync("where stream_key like 'person:%'", null);
        var node = NodeClient.Start(fixture.Host, TestCallers.Officer, "follow-streams", "person:");
        var seen = new List<Seen>();
        long checkpoint = 0;
        try
        {
            Assert.Equal("subscribed", (await node.NextAsync(Bound)).GetProperty("kind").GetString());
            await CollectAsync(node, seen, p => checkpoint = p, untilCaughtUp: true);
            Assert.Equal(history.Select(h => h.Position), seen.Select(s => s.Position));

            var settled = await fixture.Seed.SettleAsync(GuangzhouPerson);
            var acknowledged = Stopwatch.StartNew();
            var live = await NextEventAsync(node, p => checkpoint = p);
            var lag = acknowledged.Elapsed;
            Assert.True(lag < TimeSpan.FromSeconds(1), $"the live settlement reached the Node client {lag.TotalMilliseconds:F0} ms after its acknowledgement");
            Assert.Equal("person:" + GuangzhouPerson, live.Stream);
            seen.Add(live);

            // The host restarts under the subscription: the client is told, and resumes from what it last processed.
            await fixture.RestartHostAsync();
            var ended = await node.NextAsync(Bound);
            Assert.Equal("error", ended.GetProperty("kind").GetString());
        }
        finally
        {
            await node.DisposeAsync();
        }
        var resumeFrom = Math.Max(checkpoint, seen[^1].Position);
        await fixture.Seed.SettleAsync(BeijingPerson);
        await using var resumed = NodeClient.Start(fixture.Host, TestCallers.Officer, "follow-streams", "person:", Text(resumeFrom));
        Assert.Equal("subscribed", (await resumed.NextAsync(Bound)).GetProperty("kind").GetString());
        var after = new List<Seen>();
        await CollectAsync(resumed, after, _ => { }, untilCaughtUp: true);
        await fixture.Seed.SettleAsync(GuangzhouPerson);
        after.Add(await NextEventAsync(resumed, _ => { }));
        resumed.CloseInput();

        // Every person event exactly once, in commit order, across the two subscriptions.
        var everything = await StoredAsync("where stream_key like 'person:%'", null);
        Assert.Equal(everything.Select(e => e.Position), seen.Concat(after).Select(s => s.Position));
        Assert.Equal(2, after.Count);
    }

    private sealed record Seen(string Stream, long Revision, long Position, string Type);

    private sealed record Stored(long Position, string Stream, long Version, string[] Regions);

    private static List<Seen> Events(IEnumerable<JsonElement> lines) =>
        [.. lines.Where(l => l.GetProperty("kind").GetString() == "event").Select(Of)];

    private static Seen Of(JsonElement line) => new(
        line.GetProperty("stream").GetString()!, long.Parse(line.GetProperty("revision").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        long.Parse(line.GetProperty("position").GetString()!, System.Globalization.CultureInfo.InvariantCulture), line.GetProperty("type").GetString()!);

    private static string Text(long position) => position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Events (and checkpoints) until the subscription says it caught up.</summary>
    private static async Task CollectAsync(NodeClient node, List<Seen> seen, Action<long> checkpointed, bool untilCaughtUp)
    {
        while (untilCaughtUp)
        {
            var line = await node.NextAsync(Bound);
            switch (line.GetProperty("kind").GetString())
            {
                case "event":
                    seen.Add(Of(line));
                    break;
                case "checkpoint":
                    checkpointed(long.Parse(line.GetProperty("position").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "caughtUp":
                    return;
                default:
                    throw new InvalidOperationException($"unexpected line from the Node client: {line}; its errors: {node.Errors}");
            }
        }
    }

    private static async Task<Seen> NextEventAsync(NodeClient node, Action<long> checkpointed)
    {
        while (true)
        {
            var line = await node.NextAsync(Bound);
            switch (line.GetProperty("kind").GetString())
            {
                case "event":
                    return Of(line);
                case "checkpoint":
                    checkpointed(long.Parse(line.GetProperty("position").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new InvalidOperationException($"unexpected line from the Node client: {line}; its errors: {node.Errors}");
            }
        }
    }

    /// <summary>The audit trail's rows (every stored event's position, stream, version and regions) in commit order.</summary>
    private async Task<List<Stored>> StoredAsync(string where, string? stream)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select seq, stream_key, stream_version, regions from clearinghouse.audit_actions {where} order by seq", connection);
        if (stream is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Stored>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Stored(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<string[]>(3)));
        }
        return rows;
    }
}
