using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// A writer that lingers (GroupCommit:Linger) holds a short batch open for more appends, up to
/// GroupCommit:MinBatch, so that under load fewer, larger transactions carry the same appends. One writer
/// and a long linger here make it certain: appends that arrive one after another share one transaction.
/// </summary>
public sealed class GroupCommitLingerTests(GroupCommitLingerTests.LingeringHost fixture) : IClassFixture<GroupCommitLingerTests.LingeringHost>
{
    private const int MinBatch = 6;

    public sealed class LingeringHost : ClearinghouseFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Clearinghouse:GroupCommit:Writers"] = "1",
            ["Clearinghouse:GroupCommit:Linger"] = "00:00:30",
            ["Clearinghouse:GroupCommit:MinBatch"] = MinBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task Appends_queued_one_after_another_while_a_writer_lingers_commit_in_one_transaction()
    {
        var log = fixture.Host.Services.GetRequiredService<IEventLog>();
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

    private static PersonEnrolled Enrolled(string person, string requestId) =>
        new(new RequestStamp("110000", requestId, "fp-" + requestId, DateTimeOffset.UtcNow), person, "110000", Scheme.Employee, PersonCategory.Active);
}
