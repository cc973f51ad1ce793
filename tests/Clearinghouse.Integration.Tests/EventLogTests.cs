using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Storage.EventLog;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The event log's own contract, on the real PostgreSQL behind a running host: appends that group-commit
/// together are written in Marten's rows and read back by Marten as they were; a stream that moved on, or
/// was started by someone else, refuses the stale append alone (even inside a batch of others, which
/// then commit) and writes nothing of it; a request key taken by another stream is refused. Grains never
/// produce these conflicts in one silo, so they are provoked here directly.
/// </summary>
public sealed class EventLogTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private IEventLog Log => fixture.Host.Services.GetRequiredService<IEventLog>();

    private PersonEnrolled Enrolled(string person, string requestId) => Enrolled(fixture, person, requestId);

    internal static PersonEnrolled Enrolled(ClearinghouseFixture fixture, string person, string requestId) =>
        new(new RequestStamp("110000", requestId, "fp-" + requestId, fixture.HostClock.GetUtcNow()), person, "110000", Scheme.Employee, PersonCategory.Active);

    private ContributionRecorded Contribution(string requestId, long fen) =>
        new(new RequestStamp("110000", requestId, "fp-" + requestId, fixture.HostClock.GetUtcNow()), "110000", "2026-11", fen, 0, 0, fen, 0);

    [Fact]
    public async Task An_append_stuck_behind_a_foreign_hold_on_the_ledger_lock_gives_up_at_the_lock_timeout_and_writes_nothing()
    {
        // The commit batch is one implicit transaction: the lock timeout it sets must hold for its later
        // statements, and the whole batch must roll back when one of them fails.
        const string key = "eventlog-test:lock-timeout";
        await using var holder = new NpgsqlConnection(fixture.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({Clearinghouse.Storage.ReadModels.Ledger.LedgerSchema.CommitLockKey})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Log.AppendAsync(new StreamAppend(key, 0, [Enrolled("LT1", "lock-timeout-1")])).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        Assert.Empty(await Log.ReadAsync(key));
        Assert.Equal(0, await RequestKeyCountAsync("lock-timeout-1"));

        await using (var release = new NpgsqlCommand($"select pg_advisory_unlock({Clearinghouse.Storage.ReadModels.Ledger.LedgerSchema.CommitLockKey})", holder))
        {
            await release.ExecuteNonQueryAsync();
        }
        await Log.AppendAsync(new StreamAppend(key, 0, [Enrolled("LT1", "lock-timeout-1")]));
        Assert.Single(await Log.ReadAsync(key));
    }

    [Fact]
    public async Task Concurrent_appends_to_many_streams_read_back_as_written_and_each_stream_version_matches_its_events()
    {
        const int streams = 60;
        var written = new Dictionary<string, IReadOnlyList<IStampedEvent>>();
        for (var i = 0; i < streams; i++)
        {
            var key = $"eventlog-test:many-{i}";
            written[key] = i % 3 == 0
                ? [Enrolled($"M{i}", $"many-{i}-a"), Contribution($"many-{i}-b", 100 + i)]
                : [Enrolled($"M{i}", $"many-{i}-a")];
        }
        // All at once, so they share group-commit batches.
        await Task.WhenAll(written.Select(w => Log.AppendAsync(new StreamAppend(w.Key, 0, w.Value))));
        // A second round appends to the now existing streams.
        var second = written.Keys.ToDictionary(k => k, k => (IStampedEvent)Contribution($"{k}-second", 7));
        await Task.WhenAll(second.Select(s => Log.AppendAsync(new StreamAppend(s.Key, written[s.Key].Count, [s.Value]))));

        foreach (var (key, events) in written)
        {
            var read = await Log.ReadAsync(key);
            Assert.Equal([.. events, second[key]], read);
        }
        Assert.Empty(await StreamsWhoseVersionDisagreesAsync("eventlog-test:many-%"));
    }

    [Fact]
    public async Task Whole_stream_reads_made_at_once_are_gathered_and_each_caller_gets_its_own_stream_as_Marten_reads_it()
    {
        // More streams than one gathered query takes, of different lengths, read all at once (and one of them twice,
        // and streams that do not exist): each caller gets exactly its stream's events in order, as Marten reads them.
        const int streams = 300;
        var keys = Enumerable.Range(0, streams).Select(i => $"eventlog-test:gathered-{i}").ToList();
        await Task.WhenAll(keys.Select((key, i) => Log.AppendAsync(new StreamAppend(key, 0,
            [Enrolled($"G{i}", $"gathered-{i}-a"), .. Enumerable.Range(0, i % 4).Select(n => Contribution($"gathered-{i}-c{n}", 100 * i + n))]))));
        string[] missing = ["eventlog-test:gathered-none-1", "eventlog-test:gathered-none-2"];

        var asked = keys.Concat(missing).Append(keys[7]).ToList();
        var read = await Task.WhenAll(asked.Select(key => Log.ReadAsync(key)));

        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        for (var i = 0; i < asked.Count; i++)
        {
            var marten = (await session.Events.FetchStreamAsync(asked[i])).Select(e => (IStampedEvent)e.Data).ToList();
            Assert.Equal(marten, read[i]);
        }
        Assert.All(read.Take(streams), (events, i) => Assert.Equal(1 + (i % 4), events.Count));
        Assert.Empty(read[streams]);
        var together = await Log.ReadStreamsAsync([keys[1], keys[2], missing[0], keys[1]]);
        Assert.Equal([keys[1], keys[2]], together.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(read[1], together[keys[1]]);
    }

    [Fact]
    public async Task A_stream_read_to_fold_is_the_whole_stream_with_its_settlements_lines_left_out()
    {
        // What an activation folds from: every event as read whole, but a settlement's line items (which no state folds
        // from) are skipped, not decoded, and the stream read whole in the same gathered query still has them.
        const string key = "eventlog-test:to-fold";
        var at = fixture.HostClock.GetUtcNow();
        var settled = new SettlementAccepted(
            new RequestStamp("110101", "fold-s", "fp-fold-s", at), "s-fold", "2026-12", "F1", "610924", "110101", "H-1", 2, VisitType.Inpatient,
            new DateOnly(2026, 12, 5), false, true, 3,
            new SettlementBreakdown(184_502, 3_000, 10_000, 158_000, 80_000, 8_500, 66_300, 0, 118_202, OverLimitSelfPayFen: 13_502),
            [new LineItem("X2", "drug", ItemCategory.B, 2, 100_002, 50_001, ItemCategory.A, 50_000, 2), new LineItem("X1", "bed", ItemCategory.A, 3, 84_500)],
            new VisitDetail(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5), "K35.800"),
            CatalogueVersion: 4);
        await Log.AppendAsync(new StreamAppend(key, 0, [Enrolled("F1", "fold-a"), Contribution("fold-b", 12_345), settled]));

        var (whole, folded) = (Log.ReadAsync(key), Log.ReadToFoldAsync(key));
        var (all, toFold) = (await whole, await folded);

        Assert.Equal(3, toFold.Count);
        Assert.Equal(all.Take(2), toFold.Take(2));
        var lineless = Assert.IsType<SettlementAccepted>(toFold[2]);
        Assert.Empty(lineless.Items);
        Assert.Equal(settled with { Items = [] }, lineless);
        Assert.Equal(settled.Items.ToArray(), Assert.IsType<SettlementAccepted>(all[2]).Items.ToArray());
    }

    [Fact]
    public async Task An_event_read_alone_by_its_version_is_the_one_Marten_reads_in_its_stream()
    {
        // ReadEventAsync reads one row with its own statement, outside Marten: it must give back exactly what
        // Marten's stream read gives, for every event type a person's stream holds, and nothing past the end.
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        const string key = "eventlog-test:one-by-one";
        var at = fixture.HostClock.GetUtcNow();
        IStampedEvent[] events =
        [
            Enrolled("O1", "one-a"),
            Contribution("one-b", 12_345),
            new RegistrationFiled(new RequestStamp("110000", "one-c", "fp-one-c", at), "reg-1", "120000", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            new PersonSuspended(new RequestStamp("110000", "one-d", "fp-one-d", at), "住院审核"),
        ];
        await Log.AppendAsync(new StreamAppend(key, 0, events));

        var stream = (await session.Events.FetchStreamAsync(key)).Select(e => (IStampedEvent)e.Data).ToList();
        Assert.Equal(stream, await Log.ReadAsync(key));
        for (var version = 1; version <= events.Length; version++)
        {
            Assert.Equal(stream[version - 1], await Log.ReadEventAsync(key, version));
        }
        Assert.Null(await Log.ReadEventAsync(key, events.Length + 1));
        Assert.Null(await Log.ReadEventAsync("eventlog-test:no-such-stream", 1));
    }

    [Fact]
    public async Task Every_append_is_counted_on_the_group_commit_meter_before_its_caller_goes_on()
    {
        // Only this host's meter: other test classes run their own hosts in this process.
        var factory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        var batchSizes = new ConcurrentQueue<int>();
        var durations = new ConcurrentQueue<double>();
        var waits = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GroupCommitMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => batchSizes.Enqueue(value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            (instrument.Name.EndsWith(".duration", StringComparison.Ordinal) ? durations : waits).Enqueue(value));
        listener.Start();

        const int appends = 20;
        await Task.WhenAll(Enumerable.Range(0, appends).Select(i =>
            Log.AppendAsync(new StreamAppend($"eventlog-test:metered-{i}", 0, [Enrolled($"MT{i}", $"metered-{i}")]))));

        Assert.True(batchSizes.Sum() >= appends, $"batch sizes recorded: {string.Join(", ", batchSizes)}");
        Assert.True(durations.Count >= 1 && durations.Count <= batchSizes.Count, $"{durations.Count} durations for {batchSizes.Count} batches");
        Assert.True(waits.Count >= appends, $"{waits.Count} queue waits for {appends} appends");
        Assert.All(durations.Concat(waits), ms => Assert.InRange(ms, 0, 60_000));
    }

    [Fact]
    public async Task Starting_a_stream_that_exists_is_a_conflict_and_writes_nothing()
    {
        const string key = "eventlog-test:start-twice";
        await Log.AppendAsync(new StreamAppend(key, 0, [Enrolled("S1", "start-1")]));

        await Assert.ThrowsAsync<StreamConflictException>(() => Log.AppendAsync(new StreamAppend(key, 0, [Enrolled("S1", "start-2")])));

        Assert.Equal([Enrolled("S1", "start-1").GetType()], (await Log.ReadAsync(key)).Select(e => e.GetType()));
        Assert.Equal(0, await RequestKeyCountAsync("start-2"));
    }

    [Fact]
    public async Task A_stale_expected_version_in_a_batch_is_a_conflict_for_that_append_alone_while_its_batch_neighbours_commit()
    {
        const int neighbourCount = 40;
        const string stale = "eventlog-test:stale";
        await Log.AppendAsync(new StreamAppend(stale, 0, [Enrolled("T1", "stale-1")]));
        await Log.AppendAsync(new StreamAppend(stale, 1, [Contribution("stale-2", 10)]));

        // An event log of the test's own with one writer that lingers until it holds all 41 appends, so they
        // are certainly one batch; its meter is the test's own, so only these appends are counted on it.
        var services = fixture.Host.Services;
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        var options = Options.Create(new GroupCommitOptions { Writers = 1, Linger = TimeSpan.FromSeconds(30), MinBatch = neighbourCount + 1 });
        var taken = 0;
        var retried = 0L;
        var committed = new ConcurrentQueue<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) => committed.Enqueue(size));
        listener.SetMeasurementEventCallback<long>((_, count, _, _) => Interlocked.Add(ref retried, count));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name.EndsWith(".queue_wait", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref taken);
            }
        });
        listener.Start();
        await using (var log = new MartenEventLog(
            services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NpgsqlDataSource>(), options,
            new GroupCommitMetrics(factory), NullLogger<MartenEventLog>.Instance))
        {
            var neighbours = new List<Task>();
            Task? staleAppend = null;
            for (var i = 0; i < neighbourCount; i++)
            {
                neighbours.Add(log.AppendAsync(new StreamAppend($"eventlog-test:neighbour-{i}", 0, [Enrolled($"N{i}", $"neighbour-{i}")])));
                if (i == neighbourCount / 2)
                {
                    staleAppend = log.AppendAsync(new StreamAppend(stale, 1, [Contribution("stale-3", 20)]));
                }
            }

            await Assert.ThrowsAsync<StreamConflictException>(() => staleAppend!.WaitAsync(TimeSpan.FromSeconds(60)));
            await Task.WhenAll(neighbours).WaitAsync(TimeSpan.FromSeconds(60));
        }

        // One writer took all 41 at once, their one transaction failed (the stale append's conflict), and each
        // was retried alone: the 40 neighbours committed one by one, the stale append was refused.
        Assert.Equal(neighbourCount + 1, Volatile.Read(ref taken));
        Assert.Equal(1L, Interlocked.Read(ref retried));
        Assert.Equal(Enumerable.Repeat(1, neighbourCount), committed);
        Assert.Equal(2, (await Log.ReadAsync(stale)).Count);
        Assert.Equal(0, await RequestKeyCountAsync("stale-3"));
        for (var i = 0; i < neighbourCount; i++)
        {
            Assert.Single(await Log.ReadAsync($"eventlog-test:neighbour-{i}"));
        }
        Assert.Empty(await StreamsWhoseVersionDisagreesAsync("eventlog-test:%"));
    }

    [Fact]
    public async Task A_request_key_owned_by_another_stream_is_refused_as_already_exists_and_the_stream_is_not_started()
    {
        await Log.AppendAsync(new StreamAppend("eventlog-test:owner", 0, [Enrolled("K1", "shared-key")]));

        var refused = await Assert.ThrowsAsync<RejectedException>(
            () => Log.AppendAsync(new StreamAppend("eventlog-test:intruder", 0, [Enrolled("K2", "shared-key")])));

        Assert.Contains("shared-key", refused.Message);
        Assert.Contains("eventlog-test:owner", refused.Message);
        Assert.Empty(await Log.ReadAsync("eventlog-test:intruder"));
    }

    private async Task<List<string>> StreamsWhoseVersionDisagreesAsync(string pattern)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select s.id from clearinghouse.mt_streams s
            left join (select stream_id, max(version) as v, count(*) as n from clearinghouse.mt_events group by stream_id) e on e.stream_id = s.id
            where s.id like $1 and (e.v is distinct from s.version or e.n is distinct from s.version)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pattern });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private Task<long> RequestKeyCountAsync(string requestId) => RequestKeyCountAsync(fixture, requestId);

    internal static async Task<long> RequestKeyCountAsync(ClearinghouseFixture fixture, string requestId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from clearinghouse.request_keys where request_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
