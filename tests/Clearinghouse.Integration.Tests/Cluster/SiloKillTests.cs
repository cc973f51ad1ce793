using System.Diagnostics;
using Clearinghouse.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// Three silos, each its own OS process, on one database; agencies settle over all three addresses and one
/// silo is SIGKILLed a third of the way in and started again half-way (serving again about two thirds in), or
/// stopped gracefully (SIGTERM) a third of the way in. An agency sends a failed request again with the same
/// request id (to the next address), a bounded number of times. Nothing is lost or doubled: every request is
/// answered, every answer is in the ledger once under its own request id, nothing else is, and every person's
/// yearly fund total is the sum of their answers; no attempt at all fails INTERNAL or UNKNOWN; and the period then
/// closes into statements that are the answers' sum to the fen (<see cref="ClusterUnderLoad"/>). The kill prints
/// the time to failover: from the SIGKILL to the first answer to a request a surviving silo had refused because
/// its grain was on the killed one.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    /// <summary>Overrides the number of settlements (default <see cref="DefaultSettlements"/>), for a slower machine.</summary>
    public const string SettlementsVariable = "CLEARINGHOUSE_TEST_SILO_KILL_SETTLEMENTS";

    private const int DefaultSettlements = 20_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(170);

    [Fact]
    public async Task A_silo_killed_and_restarted_under_load_loses_and_doubles_no_settlement() =>
        // The last tenth of the requests waits for the restart, so the restarted silo is seen serving under load
        // however long its start takes on a busy machine.
        await UnderLoadAsync("silokill", heldTenth: true, async run =>
        {
            var (load, running, total) = (run.Load, run.Running, run.Total);
            Assert.True(await ClusterWorld.EventuallyAsync(() => load.Answered >= total / 3 || running.IsCompleted, run.Limit), "a third of the settlements are answered");
            run.Victim.Kill();
            load.MarkDown(2);
            var down = Stopwatch.StartNew();
            var declaredDead = ClusterMembership.DeclaredDeadAsync(run.ConnectionString, run.Victim.Name, down, run.Limit);
            // Started again half-way (or after 30 s if the load slowed down meanwhile): a start under this load takes
            // seconds, so the silo serves again about two thirds in, with load left to show it.
            Assert.True(await ClusterWorld.EventuallyAsync(() => load.Answered >= total / 2 || down.Elapsed > TimeSpan.FromSeconds(30) || running.IsCompleted, run.Limit),
                "the load goes on while a silo is down");
            var restartFrom = load.Answered;
            var restarting = Stopwatch.StartNew();
            await run.Victim.StartAgainAsync(run.Limit);
            load.MarkRestarted();
            var restartTook = restarting.Elapsed;
            var restartTo = load.Answered;
            await running;
            output.WriteLine($"the killed silo declared dead in the membership table {Seconds(await declaredDead)} after the SIGKILL");
            output.WriteLine($"time to failover: {Seconds(load.DownToFirstFailedOver)} from the SIGKILL to the first answer to a request a surviving silo had refused " +
                $"(its grain was on the killed silo); the last such refusal {Seconds(load.DownToLastSurvivorFailure)} after the SIGKILL; " +
                $"{load.FailedOver} requests failed over that way, {load.Retried} needed a retry in all");
            output.WriteLine($"first call served by the killed silo's address after its restart: {Seconds(load.DownToFirstServedAgain)} after the SIGKILL " +
                $"(SIGKILL at {total / 3} answered; restart begun at {restartFrom} answered, serving after {restartTook.TotalSeconds:0.0} s at {restartTo} answered, " +
                $"{Seconds(load.DownToRestarted)} after the SIGKILL)");
            Assert.NotNull(load.DownToFirstServedAgain);
        });

    [Fact]
    public async Task A_silo_stopped_gracefully_under_load_fails_no_call_beyond_a_retry() =>
        await UnderLoadAsync("silostop", heldTenth: false, async run =>
        {
            var (load, running, total) = (run.Load, run.Running, run.Total);
            Assert.True(await ClusterWorld.EventuallyAsync(() => load.Answered >= total / 3 || running.IsCompleted, run.Limit), "a third of the settlements are answered");
            var stopping = Stopwatch.StartNew();
            await run.Victim.TerminateAsync(run.Limit);
            load.MarkDown(2);
            output.WriteLine($"SIGTERM at {total / 3} answered; the silo's process ended {stopping.Elapsed.TotalSeconds:0.0} s later, at {load.Answered} answered");
            await running;
        });

    private async Task UnderLoadAsync(string label, bool heldTenth, Func<ClusterDisruption, Task> disrupt)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(label);
        try
        {
            await ClusterUnderLoad.RunAsync(output, label, connectionString, ClusterUnderLoad.FromEnvironment(SettlementsVariable, DefaultSettlements), heldTenth, Limit, disrupt);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:0.0} s" : "(none)";
}
