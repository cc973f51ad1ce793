using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>What a fault test does to the cluster while the load runs: the three silos, the load and its task.</summary>
public sealed record ClusterDisruption(string ConnectionString, IReadOnlyList<SiloProcess> Silos, ClusterSettleLoad Load, Task Running, int Total, CancellationToken Limit)
{
    /// <summary>The silo a test kills or stops: the third.</summary>
    public SiloProcess Victim => Silos[2];
}

/// <summary>
/// The runner of the cluster's fault tests: three silo processes on the given database, the world
/// (<see cref="ClusterWorld"/>), the agencies' load over all three addresses (<see cref="ClusterSettleLoad"/>)
/// while a disruption does its part, then the end checks: every request answered, no attempt at all failed
/// INTERNAL or UNKNOWN, each answer stored once, fund totals and the close to the fen.
/// </summary>
public static class ClusterUnderLoad
{
    /// <summary>A positive count from environment variable <paramref name="variable"/> if set (settlements, seconds), else <paramref name="fallback"/>.</summary>
    public static int FromEnvironment(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    /// <param name="heldTenth">Whether the last tenth of the requests waits for <see cref="ClusterSettleLoad.MarkRestarted"/>.</param>
    /// <param name="maxAttempts">How many times an agency sends a request before it gives up (<see cref="ClusterSettleLoad"/>).</param>
    public static async Task RunAsync(
        ITestOutputHelper output, string label, string connectionString, int total, bool heldTenth, TimeSpan limitTime, Func<ClusterDisruption, Task> disrupt,
        int maxAttempts = ClusterSettleLoad.DefaultMaxAttempts)
    {
        var whole = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(limitTime);
        var silos = new List<SiloProcess>();
        ClusterSettleLoad? load = null;
        try
        {
            silos.AddRange(await Task.WhenAll(Enumerable.Range(1, 3).Select(i => SiloProcess.StartAsync($"{label}-{i}", connectionString, limit.Token))));
            var started = whole.Elapsed;
            var people = await ClusterWorld.SeedAsync(silos, limit.Token);
            var seeded = whole.Elapsed;

            load = new ClusterSettleLoad(silos, people, total, heldFrom: heldTenth ? total * 9 / 10 : total, maxAttempts);
            var running = load.RunAsync(limit.Token);
            await disrupt(new ClusterDisruption(connectionString, silos, load, running, total, limit.Token));
            await running;
            var loaded = whole.Elapsed;

            var failures = string.Join(", ", load.FailedAttempts.OrderBy(f => f.Key).Select(f => $"{f.Key}×{f.Value}"));
            output.WriteLine($"{total} settlements, {ClusterSettleLoad.Workers} workers, {people.Count} people; silos up in {started.TotalSeconds:0.0} s, " +
                $"seeded by {seeded.TotalSeconds:0.0} s, load done by {loaded.TotalSeconds:0.0} s ({total / (loaded - seeded).TotalSeconds:0} per s)");
            output.WriteLine($"{load.Retried} requests needed a retry; failed attempts: {failures}; e.g. {string.Join(" | ", load.FailureSamples)}");

            Assert.Empty(load.FinalFailures.Where(f => f.Value is StatusCode.Internal or StatusCode.Unknown).Select(f => $"{f.Key}: {f.Value}"));
            // Not even a retried attempt says INTERNAL or UNKNOWN: the client programs' channel (HostChannel) retries only
            // UNAVAILABLE and DEADLINE_EXCEEDED, so a fault must read as one of those.
            Assert.DoesNotContain(load.FailedAttempts.Keys, code => code is StatusCode.Internal or StatusCode.Unknown);
            Assert.Empty(load.FinalFailures.Select(f => $"{f.Key}: {f.Value}"));
            Assert.Equal(total, load.Answers.Count);
            await ClusterWorld.AssertStoredOnceAsync(connectionString, load.Answers.Values, limit.Token);
            await ClusterWorld.AssertFundTotalsAsync(silos[0], people, load.Answers.Values, limit.Token);
            await ClusterWorld.AssertCloseBalancesAsync(silos[1], load.Answers.Values, limit.Token);
            output.WriteLine($"whole test {whole.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine(silo.LogTail);
            }
            // No worker is left waiting or retrying after the test.
            load?.Release();
            await limit.CancelAsync();
            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
