using Clearinghouse.Api;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Host.Cluster;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// The period notices' two ways back from a gap: a listener whose connection is cut listens again by
/// itself, and what a silo missed meanwhile is told at the catch-up that follows every (re)connect.
/// </summary>
public sealed class PeriodNoticeRecoveryTests(OneSiloClusterFixture fixture) : IClassFixture<OneSiloClusterFixture>
{
    [Fact]
    public async Task A_listener_whose_connection_is_cut_listens_again_and_hears_the_next_close()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var before = await PollAsync(() => ListenerPidsAsync(timeout.Token), pids => pids.Count == 1, timeout.Token);
        var cut = Assert.Single(before);
        await ExecuteAsync($"select pg_terminate_backend({cut})", timeout.Token);
        var after = await PollAsync(() => ListenerPidsAsync(timeout.Token), pids => pids.Count == 1 && pids[0] != cut, timeout.Token);
        Assert.NotEqual(cut, Assert.Single(after));

        // The host's watch streams hear closes only through its listener: this one is the new connection's.
        using var watch = fixture.Clearing.WatchPeriods(new WatchPeriodsRequest(), cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var open = watch.ResponseStream.Current.Period;
        var closed = await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "recovery-close-" + open, Period = open }, cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal((open, PeriodState.Closed, closed.NextPeriod), (watch.ResponseStream.Current.Period, watch.ResponseStream.Current.State, watch.ResponseStream.Current.NextPeriod));
    }

    [Fact]
    public async Task Handlers_that_missed_a_close_tell_it_at_their_next_catch_up()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // Handlers of the host's own kinds that no listener feeds: everything they learn here comes from
        // catching up, as after a listener's reconnect.
        var periodWatch = ActivatorUtilities.CreateInstance<PeriodWatch>(fixture.Host.Services);
        var openPeriod = ActivatorUtilities.CreateInstance<OpenPeriodCache>(fixture.Host.Services);
        await periodWatch.CatchUpAsync(timeout.Token);
        using var subscription = periodWatch.Watch();

        var open = await openPeriod.CurrentAsync();
        var closed = await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "missed-close-" + open, Period = open }, cancellationToken: timeout.Token);
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.Equal(open, await openPeriod.CurrentAsync());

        await periodWatch.CatchUpAsync(timeout.Token);
        await openPeriod.CatchUpAsync(timeout.Token);
        Assert.True(subscription.Reader.TryRead(out var told));
        Assert.Equal((open, Domain.Clearing.PeriodPhase.Closed), (told.Period, told.Phase));
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.Equal(closed.NextPeriod, await openPeriod.CurrentAsync());

        // A second catch-up finds nothing new: each close is told once.
        await periodWatch.CatchUpAsync(timeout.Token);
        Assert.False(subscription.Reader.TryRead(out _));
    }

    private async Task<List<int>> ListenerPidsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select pid from pg_stat_activity where datname = current_database() and application_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = PeriodNoticeListener.ApplicationName });
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pids.Add(reader.GetInt32(0));
        }
        return pids;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads until the value satisfies the condition or the token ends; returns the last value read.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = await read();
            if (done(value) || cancellationToken.IsCancellationRequested)
            {
                return value;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}
