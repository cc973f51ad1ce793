using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
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
/// A writer that lingers (GroupCommit:Linger) holds a short batch open for more appends, up to
/// GroupCommit:MinBatch, so that under load fewer, larger transactions carry the same appends. The event
/// log here is one of the test's own on the fixture's database, with one writer and a long linger, so
/// that no append of the host's own (a period opened at start-up, say) can share or split its batch.
/// </summary>
public sealed class GroupCommitLingerTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const int MinBatch = 6;

    [Fact]
    public async Task Appends_queued_one_after_another_while_a_writer_lingers_commit_in_one_transaction()
    {
        var services = fixture.Host.Services;
        var options = Options.Create(new GroupCommitOptions { Writers = 1, Linger = TimeSpan.FromSeconds(30), MinBatch = MinBatch });
        await using var log = new MartenEventLog(
            services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NpgsqlDataSource>(), options,
            services.GetRequiredService<GroupCommitMetrics>(), NullLogger<MartenEventLog>.Instance);

        var appends = new List<Task>();
        for (var i = 0; i < MinBatch; i++)
        {
            // Each is queued before the next is made: without lingering the writer would take the first alone.
            appends.Add(log.AppendAsync(new StreamAppend($"linger-test:{i}", 0, [Enrolled($"LG{i}", $"linger-{i}")])));
            await Task.Yield();
        }
        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(60));

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*)::int, count(distinct xmin::text)::int from clearinghouse.mt_events where stream_id like 'linger-test:%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(MinBatch, reader.GetInt32(0));
        Assert.Equal(1, reader.GetInt32(1));
    }

    private PersonEnrolled Enrolled(string person, string requestId) =>
        new(new RequestStamp("110000", requestId, "fp-" + requestId, fixture.HostClock.GetUtcNow()), person, "110000", Scheme.Employee, PersonCategory.Active);
}
