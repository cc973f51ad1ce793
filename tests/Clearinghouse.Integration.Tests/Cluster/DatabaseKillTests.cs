using System.Diagnostics;
using Clearinghouse.Integration.Tests.Outage;
using Grpc.Core;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// PostgreSQL crashes (SIGKILL to its postmaster) under the load of three silos a third of the way in and starts
/// again a few seconds later. While it is down every failed attempt is UNAVAILABLE (counted); the three silo
/// processes live on, each serves again once it is back, no silo is declared dead in the membership table (which
/// lives in the same database), and the end checks of <see cref="ClusterUnderLoad"/> hold: every request answered,
/// each answer stored once, fund totals and the close to the fen. The server is the test's own
/// (<see cref="ThrowAwayPostgres"/>), never the shared one.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class DatabaseKillTests(ITestOutputHelper output)
{
    /// <summary>Overrides the number of settlements (default <see cref="DefaultSettlements"/>).</summary>
    public const string SettlementsVariable = "CLEARINGHOUSE_TEST_DB_KILL_SETTLEMENTS";

    /// <summary>Overrides how long the database stays down (seconds, default 5), e.g. past the membership's heartbeat and table refresh.</summary>
    public const string DownVariable = "CLEARINGHOUSE_TEST_DB_KILL_DOWN_SECONDS";

    private const int DefaultSettlements = 12_000;
    private const int DefaultDownSeconds = 5;

    /// <summary>Three silos with several pools each, as the shared test server allows (TestPostgres).</summary>
    private const int MaxConnections = 400;

    [Fact]
    public async Task The_database_killed_and_restarted_under_three_silos_fails_calls_only_unavailable_and_loses_or_doubles_nothing()
    {
        var downFor = TimeSpan.FromSeconds(ClusterUnderLoad.FromEnvironment(DownVariable, DefaultDownSeconds));
        // An agency keeps retrying through the whole outage (the pause between attempts grows to 2 s).
        var maxAttempts = ClusterSettleLoad.DefaultMaxAttempts + (int)downFor.TotalSeconds;
        var total = ClusterUnderLoad.FromEnvironment(SettlementsVariable, DefaultSettlements);
        await using var postgres = await ThrowAwayPostgres.StartAsync(MaxConnections);
        await ClusterUnderLoad.RunAsync(output, "dbkill", postgres.ConnectionString, total, heldTenth: false, TimeSpan.FromSeconds(170) + 2 * downFor, async run =>
        {
            var (load, running) = (run.Load, run.Running);
            Assert.True(await ClusterWorld.EventuallyAsync(() => load.Answered >= run.Total / 3 || running.IsCompleted, run.Limit), "a third of the settlements are answered");
            Assert.False(running.IsCompleted, "the load is still running at the kill");

            var before = Failures(load);
            postgres.KillPostmaster();
            var down = Stopwatch.StartNew();
            var answeredAtKill = load.Answered;
            Assert.True(await ClusterWorld.EventuallyAsync(() => Since(load, before).Values.Sum() >= ClusterSettleLoad.Workers && down.Elapsed >= downFor, run.Limit),
                "calls fail while the database is down");
            var answeredWhileDown = load.Answered - answeredAtKill;
            await postgres.RestartAsync();
            var restartedAfter = down.Elapsed;
            var whileDown = Since(load, before);

            // Each silo serves again, the same processes: none restarted, none left the cluster.
            var servedAtRestart = Enumerable.Range(0, run.Silos.Count).Select(load.AnsweredBy).ToList();
            var back = Stopwatch.StartNew();
            Assert.True(await ClusterWorld.EventuallyAsync(() => Enumerable.Range(0, run.Silos.Count).All(s => load.AnsweredBy(s) > servedAtRestart[s]), run.Limit),
                "every silo serves again once the database is back");
            var servingAfter = back.Elapsed;
            var failedUntilServing = Since(load, before);
            await running;
            Assert.All(run.Silos, silo => Assert.True(silo.IsRunning, "the silo's process lived through the outage"));
            Assert.Equal([ClusterMembership.Active, ClusterMembership.Active, ClusterMembership.Active], await ClusterMembership.StatusesAsync(postgres.ConnectionString, run.Limit));

            output.WriteLine($"postmaster SIGKILLed at {answeredAtKill} answered, started again {restartedAfter.TotalSeconds:0.0} s later " +
                $"({answeredWhileDown} answered meanwhile, calls in flight at the kill); every silo served again {servingAfter.TotalSeconds:0.0} s after the restart");
            output.WriteLine($"failed attempts while down: {Describe(whileDown)}; until every silo served again: {Describe(failedUntilServing)}");
            Assert.True(whileDown.Keys.All(code => code == StatusCode.Unavailable), $"while the database is down calls fail only UNAVAILABLE: {Describe(whileDown)}");
            Assert.True(whileDown.GetValueOrDefault(StatusCode.Unavailable) >= ClusterSettleLoad.Workers, "the outage was seen by the agencies");
        }, maxAttempts);
    }

    private static Dictionary<StatusCode, int> Failures(ClusterSettleLoad load) => load.FailedAttempts.ToDictionary(f => f.Key, f => f.Value);

    private static Dictionary<StatusCode, int> Since(ClusterSettleLoad load, Dictionary<StatusCode, int> before) =>
        load.FailedAttempts
            .Select(f => (f.Key, Count: f.Value - before.GetValueOrDefault(f.Key)))
            .Where(f => f.Count > 0)
            .ToDictionary(f => f.Key, f => f.Count);

    private static string Describe(Dictionary<StatusCode, int> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Key}×{f.Value}"));
}
