using System.Diagnostics;
using Clearinghouse.Grains.Clearing;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// A period close whose silo is SIGKILLed mid-way completes exactly once. Silo 1 starts alone with the close's
/// fault-injection point set (<see cref="CloseFaults"/>), so the clearing grain activates there; silos 2 and 3
/// join; the close is asked of silo 2 and halts on silo 1 after its cut-off committed, or after netting computed
/// the close but before its transaction committed; silo 1 is killed there. The agency sends the same close
/// again, to silos 2 and 3 in turn, until it is answered: the clearing grain's next activation finishes the
/// "closing" period. One cut-off, one close, one statement per region, and figures identical to the fen to an
/// uninterrupted close of the same data on a database of its own (and to what the ledger writer summed).
/// <c>bash ops/close-kill.sh</c> runs the same with 1,000,000 settlements and prints the figures.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class CloseKillTests(ITestOutputHelper output)
{
    /// <summary>Overrides the number of settlements (default <see cref="DefaultSettlements"/>).</summary>
    public const string SettlementsVariable = "CLEARINGHOUSE_TEST_CLOSE_KILL_SETTLEMENTS";

    /// <summary>Overrides the number of regions (default <see cref="DefaultRegions"/>).</summary>
    public const string RegionsVariable = "CLEARINGHOUSE_TEST_CLOSE_KILL_REGIONS";

    private const int DefaultSettlements = 20_000;
    private const int DefaultRegions = 40;
    private const string RequestId = "close-kill";

    [Theory]
    [InlineData(CloseHaltPoint.AfterCutOff)]
    [InlineData(CloseHaltPoint.BeforeNettingCommit)]
    public async Task A_close_whose_silo_is_killed_midway_completes_once_with_the_figures_of_an_uninterrupted_close(CloseHaltPoint haltAt)
    {
        var settlements = ClusterUnderLoad.FromEnvironment(SettlementsVariable, DefaultSettlements);
        var regions = ClusterUnderLoad.FromEnvironment(RegionsVariable, DefaultRegions);
        // A few minutes for the silos and the recovery, and time for a million settlements' copies and closes.
        var scale = TimeSpan.FromSeconds(settlements / 1_000_000.0 * 600);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(150) + scale);
        var callLimit = TimeSpan.FromSeconds(60) + scale;

        var reference = await UninterruptedAsync(regions, settlements, callLimit, limit.Token);
        var interrupted = await InterruptedAsync(haltAt, regions, settlements, callLimit, limit.Token);

        output.WriteLine($"{settlements:N0} settlements, {reference.Reversals:N0} reversals, {regions} regions, {reference.Figures.Statements.Count} statements; " +
            $"ledger copied in {reference.CopyTime.TotalSeconds:0.0} s");
        output.WriteLine($"uninterrupted close: {reference.CloseTime.TotalSeconds:0.00} s");
        output.WriteLine($"interrupted at {haltAt}: halted {interrupted.ToHalt.TotalSeconds:0.00} s after the close was sent; " +
            $"the killed silo declared dead {interrupted.DeclaredDead?.TotalSeconds:0.00} s and the retried close answered {interrupted.KillToAnswer.TotalSeconds:0.00} s after the SIGKILL " +
            $"({interrupted.Attempts} attempts of the retried close: {interrupted.FailedAttempts}); the first call ended {interrupted.FirstCall}");
        Assert.Equal(reference.Figures.Summary, interrupted.Figures.Summary);
        Assert.Equal(reference.Figures.Statements, interrupted.Figures.Statements);
        Assert.Equal(reference.Figures.Transfers, interrupted.Figures.Transfers);
    }

    private sealed record Reference(CloseFigures Figures, int Reversals, TimeSpan CopyTime, TimeSpan CloseTime);

    private sealed record Interrupted(CloseFigures Figures, TimeSpan ToHalt, TimeSpan? DeclaredDead, TimeSpan KillToAnswer, int Attempts, string FailedAttempts, string FirstCall);

    /// <summary>The same data closed by one silo with no fault: the figures to match.</summary>
    private async Task<Reference> UninterruptedAsync(int regions, int settlements, TimeSpan callLimit, CancellationToken cancellationToken)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("closeref");
        try
        {
            await using var silo = await SiloProcess.StartAsync("closeref-1", connectionString, cancellationToken);
            var (period, ledger, copyTime) = await CloseData.PrepareAsync(silo, connectionString, regions, settlements, cancellationToken);
            using var channel = silo.OpenChannel(TestCallers.Officer);
            var clearing = new ClearingService.ClearingServiceClient(channel);
            var closing = Stopwatch.StartNew();
            var summary = await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = RequestId, Period = period },
                deadline: DateTime.UtcNow + callLimit, cancellationToken: cancellationToken);
            var closeTime = closing.Elapsed;
            CloseData.AssertMatchesLedger(summary, ledger, settlements);
            return new Reference(await CloseData.ReadAsync(clearing, summary, cancellationToken), ledger.Reversals, copyTime, closeTime);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private async Task<Interrupted> InterruptedAsync(CloseHaltPoint haltAt, int regions, int settlements, TimeSpan callLimit, CancellationToken cancellationToken)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("closekill");
        var silos = new List<SiloProcess>();
        try
        {
            // Alone at its start, silo 1 activates the clearing grain (ClearingActivation); the others join after.
            silos.Add(await SiloProcess.StartAsync("closekill-1", connectionString, cancellationToken,
                new Dictionary<string, string> { ["Clearinghouse:Faults:HaltClose"] = haltAt.ToString() }));
            silos.AddRange(await Task.WhenAll(new[] { 2, 3 }.Select(i => SiloProcess.StartAsync($"closekill-{i}", connectionString, cancellationToken))));
            var (period, ledger, _) = await CloseData.PrepareAsync(silos[1], connectionString, regions, settlements, cancellationToken);
            var channels = silos.Skip(1).Select(s => s.OpenChannel(TestCallers.Officer)).ToList();
            try
            {
                var clearings = channels.Select(c => new ClearingService.ClearingServiceClient(c)).ToList();
                var request = new ClosePeriodRequest { RequestId = RequestId, Period = period };

                var halted = silos[0].WaitForLineAsync(CloseFaults.Marker, cancellationToken);
                var sent = Stopwatch.StartNew();
                var first = clearings[0].ClosePeriodAsync(request, deadline: DateTime.UtcNow + callLimit, cancellationToken: cancellationToken).ResponseAsync;
                var firstDone = await Task.WhenAny(halted, first);
                Assert.True(firstDone == halted, $"the close halts on silo 1 (where the clearing grain is) before it is answered:{Environment.NewLine}{silos[0].LogTail}");
                await halted;
                var toHalt = sent.Elapsed;

                silos[0].Kill();
                var killed = Stopwatch.StartNew();
                using var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var declaredDead = ClusterMembership.DeclaredDeadAsync(connectionString, silos[0].Name, killed, polling.Token);
                var (answer, attempts, failed) = await RetryUntilAnsweredAsync(clearings, request, callLimit, cancellationToken);
                var killToAnswer = killed.Elapsed;
                // The clearing grain moves once silo 1 is declared dead: the poll gets a second past the answer to see it.
                polling.CancelAfter(TimeSpan.FromSeconds(1));
                var deadAfter = await declaredDead;
                var firstCall = await OutcomeAsync(first);

                CloseData.AssertMatchesLedger(answer, ledger, settlements);
                await AssertClosedOnceAsync(connectionString, period, cancellationToken);
                var figures = await CloseData.ReadAsync(clearings[1], answer, cancellationToken);
                return new Interrupted(figures, toHalt, deadAfter, killToAnswer, attempts, failed, firstCall);
            }
            finally
            {
                foreach (var channel in channels)
                {
                    channel.Dispose();
                }
            }
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine(silo.LogTail);
            }
            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>The same close (same request id) to silos 2 and 3 in turn until one answers; UNAVAILABLE, ABORTED and DEADLINE_EXCEEDED are retried.</summary>
    private static async Task<(PeriodSummary Answer, int Attempts, string Failed)> RetryUntilAnsweredAsync(
        IReadOnlyList<ClearingService.ClearingServiceClient> clearings, ClosePeriodRequest request, TimeSpan callLimit, CancellationToken cancellationToken)
    {
        var failed = new Dictionary<StatusCode, int>();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var answer = await clearings[attempt % clearings.Count].ClosePeriodAsync(request, deadline: DateTime.UtcNow + callLimit, cancellationToken: cancellationToken);
                var described = failed.Count == 0 ? "none failed" : string.Join(", ", failed.Select(f => $"{f.Key}×{f.Value}"));
                return (answer, attempt + 1, described);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
            {
                failed[e.StatusCode] = failed.GetValueOrDefault(e.StatusCode) + 1;
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<string> OutcomeAsync(Task<PeriodSummary> call)
    {
        try
        {
            await call;
            return "answered";
        }
        catch (RpcException e)
        {
            return $"{e.StatusCode} ({e.Status.Detail})";
        }
    }

    /// <summary>One cut-off and one close of the period in the clearing stream, and one statement stream per region the close names, each holding one event.</summary>
    private static async Task AssertClosedOnceAsync(string connectionString, string period, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = period });
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        Assert.Equal(1L, await CountAsync("select count(*) from clearinghouse.mt_events where stream_id = 'clearing' and type = 'period_cut_off_v1' and data ->> 'Period' = $1"));
        Assert.Equal(1L, await CountAsync("select count(*) from clearinghouse.mt_events where stream_id = 'clearing' and type = 'period_closed_v1' and data ->> 'Period' = $1"));
        var statements = await CountAsync("select count(*) from clearinghouse.mt_events where stream_id like 'statement:' || $1 || ':%'");
        Assert.Equal(statements, await CountAsync("select count(distinct stream_id) from clearinghouse.mt_events where stream_id like 'statement:' || $1 || ':%'"));
        Assert.Equal(statements, await CountAsync(
            "select jsonb_array_length(data -> 'StatementRegionCodes')::bigint from clearinghouse.mt_events where stream_id = 'clearing' and type = 'period_closed_v1' and data ->> 'Period' = $1"));
        Assert.True(statements >= 2, $"{statements} statements for {period}");
    }
}
