using Clearinghouse.Integration.Tests.Fuzz;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// The processor and a host's stop (docs/supervision.md, "Stopping"): stopped while findings flow, it logs no error
/// and the next host flags every finding once; stopped part way through a batch's findings, before its checkpoint,
/// the next host writes the missing findings and none twice.
/// </summary>
public sealed class SupervisionStopTests(SupervisionStopTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<SupervisionStopTests.Fixture>
{
    /// <summary>The month with 60 everyday people: the stop is what is tested, not the rules.</summary>
    public sealed class Fixture : SupervisionFixture
    {
        protected override int EverydayPeople => 60;
    }

    [Fact]
    public async Task A_host_stopped_while_findings_flow_logs_no_supervision_error_and_the_next_host_flags_each_finding_once()
    {
        // Hosted services stop in the reverse of their order: the driver comes after the silo's, so it stops first.
        var order = fixture.Host.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.True(order.Contains("SiloHostedService") && order.IndexOf("SupervisionDriver") > order.IndexOf("SiloHostedService"), string.Join(", ", order));
        var before = (await fixture.AllFlaggedAsync()).Count;
        var logs = new LogCapture();
        fixture.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);

        // Planted cases keep arriving, batch after batch, until the host is stopped under them.
        using var stopping = new CancellationTokenSource();
        var planting = Task.Run(async () =>
        {
            for (var batch = 10; !stopping.IsCancellationRequested; batch++)
            {
                try
                {
                    await fixture.PlantAsync(new Scenario(fixture, $"sup-stop{batch}"), batch.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        });
        // The processor is at work on them: flags beyond the first batch's are being raised.
        await fixture.FlagsAsync(flags => flags.Count > before + 3);
        stopping.Cancel();
        await fixture.Host.StopAsync();
        await planting;
        logs.Stop();

        var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        foreach (var entry in warnings)
        {
            output.WriteLine(entry.ToString());
        }
        var supervision = warnings.Where(e => e.Category.Contains("Supervision", StringComparison.Ordinal) || e.Category.Contains("Flag", StringComparison.Ordinal)
            || e.ToString().Contains("SupervisionGrain", StringComparison.Ordinal) || e.ToString().Contains("FlagGrain", StringComparison.Ordinal)).ToList();
        Assert.True(supervision.Count == 0, $"logged by supervision while stopping: {string.Join(Environment.NewLine, supervision)}");

        await fixture.RestartHostAsync();
        var flags = await fixture.AllFlaggedAsync();
        Assert.All(fixture.Planted, p => Assert.Single(flags, p.Matches));
        await AssertEachFindingWrittenOnceAsync(fixture, flags);
        output.WriteLine($"{fixture.Planted.Count} planted cases, {flags.Count} flags, {warnings.Count} warnings while stopping, none from supervision");
    }

    internal static async Task AssertEachFindingWrittenOnceAsync(SupervisionFixture fixture, List<Flag> flags)
    {
        Assert.Equal(flags.Count, flags.Select(f => f.FindingKey).Distinct().Count());
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from clearinghouse.mt_events where type = 'settlement_flagged_v1'", connection);
        Assert.Equal(flags.Count, (long)(await command.ExecuteScalarAsync())!);
    }
}
