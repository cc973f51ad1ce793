using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Cli;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// `clearinghouse close` while settlements keep arriving: every settlement is booked in exactly one period,
/// the closed one or the next; one that was answered before the close began is in the closed period, one
/// sent after the close answered is in the next; and the printed summary counts exactly the settlements
/// booked in the closed period, to the fen. (Its own class: a close changes the whole database.)
/// </summary>
public sealed class CliCloseDuringIntakeTests(ClearinghouseFixture fixture, ITestOutputHelper log) : IClassFixture<ClearinghouseFixture>
{
    private const string Insured = "320102";
    private const string Care = "330102";
    private const int People = 16;

    /// <summary>Answers the senders wait for on each side of the close before the test moves on.</summary>
    private const int AnswersOnEachSide = 64;

    private sealed record Sent(Settlement Answer, long StartedTicks, long AnsweredTicks);

    /// <summary>
    /// What the test waits on instead of sleeping: enough answers before the close begins, and enough
    /// answers to requests sent after the close answered.
    /// </summary>
    private sealed class Progress
    {
        private int _answered;
        private int _answeredAfterClose;
        private long _closeAnswered = long.MaxValue;

        public TaskCompletionSource EnoughBefore { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource EnoughAfter { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void CloseAnswered(long ticks) => Interlocked.Exchange(ref _closeAnswered, ticks);

        public void Answered(Sent sent)
        {
            if (Interlocked.Increment(ref _answered) >= AnswersOnEachSide)
            {
                EnoughBefore.TrySetResult();
            }
            if (sent.StartedTicks > Interlocked.Read(ref _closeAnswered) && Interlocked.Increment(ref _answeredAfterClose) >= AnswersOnEachSide)
            {
                EnoughAfter.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task Settlements_sent_during_a_close_land_in_exactly_one_period_and_the_summary_counts_those_in_the_closed_one()
    {
        var scenario = new Scenario(fixture, "race");
        var effectiveFrom = new DateOnly(fixture.Today.Year - 1, 1, 1);
        foreach (var region in new[] { Insured, Care })
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, effectiveFrom, Policies.Standard());
            await scenario.HospitalAsync("RACE-H-" + region, region, 1);
        }
        for (var n = 0; n < People; n++)
        {
            // Half insured on each side, so both directions owe.
            await scenario.PersonAsync($"race-{n}", n % 2 == 0 ? Insured : Care, Scheme.Employee, PersonCategory.Active);
        }
        var clearing = new ClearingService.ClearingServiceClient(fixture.Host.Channel);
        var period = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var next = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var sent = new ConcurrentBag<Sent>();
        var failures = new ConcurrentQueue<string>();
        var progress = new Progress();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, People).Select(n => Task.Run(() => SendUntilStoppedAsync(n, sent, failures, progress, stop.Token))).ToList();

        // Bounded: a sender that fails ends its loop, and the wait then ends by its timeout and the checks below.
        await progress.EnoughBefore.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var closeStarted = Stopwatch.GetTimestamp();
        var close = await CliRun.RunAsync(fixture.Host.Address, "close", period);
        var closeAnswered = Stopwatch.GetTimestamp();
        progress.CloseAnswered(closeAnswered);
        await progress.EnoughAfter.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.True(failures.IsEmpty, $"{failures.Count} settle call(s) failed during the close:\n  " + string.Join("\n  ", failures.Take(10)));
        var summary = close.Ok("close during intake").Fields("summary");
        var all = sent.ToList();
        Assert.All(all, s => Assert.True(s.Answer.Period == period || s.Answer.Period == next, $"settlement {s.Answer.SettlementId} booked in {s.Answer.Period}"));
        var before = all.Where(s => s.AnsweredTicks < closeStarted).ToList();
        var after = all.Where(s => s.StartedTicks > closeAnswered).ToList();
        Assert.True(before.Count >= AnswersOnEachSide && after.Count >= AnswersOnEachSide, $"the load did not straddle the close: {before.Count} answered before it, {after.Count} sent after it");
        Assert.All(before, s => Assert.True(s.Answer.Period == period, $"settlement {s.Answer.SettlementId} was answered before the close began, yet booked in {s.Answer.Period}"));
        Assert.All(after, s => Assert.True(s.Answer.Period == next, $"settlement {s.Answer.SettlementId} was sent after the close answered, yet booked in {s.Answer.Period}"));

        var closed = all.Where(s => s.Answer.Period == period).Select(s => s.Answer).ToList();
        log.WriteLine($"{all.Count} settlements: {closed.Count} in {period}, {all.Count - closed.Count} in {next}; " +
            $"{before.Count} answered before the close began, {after.Count} sent after it answered; the close took {Stopwatch.GetElapsedTime(closeStarted, closeAnswered).TotalMilliseconds:0} ms");
        Assert.True(summary["settlement_count"] == closed.Count.ToString(CultureInfo.InvariantCulture),
            $"the close counted {summary["settlement_count"]} settlements; {closed.Count} answers were booked in {period}");
        var owed = closed.GroupBy(s => (s.InsuredRegionCode, s.CareRegionCode)).Sum(g => g.Sum(s => s.FundPayFen + s.AccountPayFen));
        Assert.True(summary["gross_yuan"] == Figures.Yuan(owed),
            $"the close's gross is {summary["gross_yuan"]} yuan; the answers booked in {period} owe {Figures.Yuan(owed)} yuan");

        // Nothing is booked in the closed period afterwards: its summary does not change.
        Assert.Equal(close.Out, (await CliRun.RunAsync(fixture.Host.Address, "summary", period)).Out);
    }

    private async Task SendUntilStoppedAsync(int person, ConcurrentBag<Sent> sent, ConcurrentQueue<string> failures, Progress progress, CancellationToken stop)
    {
        var visits = new Visits(1_000 + person);
        var care = person % 2 == 0 ? Care : Insured;
        for (var i = 0; !stop.IsCancellationRequested && i < 10_000; i++)
        {
            var request = visits.Next($"race-{person}-{i:D5}", $"race-{person}", care, "RACE-H-" + care, fixture.Today, VisitType.Outpatient, usePersonalAccount: false, maxItems: 3);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = await fixture.Settlements.SettleAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
                var answered = new Sent(answer, started, Stopwatch.GetTimestamp());
                sent.Add(answered);
                progress.Answered(answered);
            }
            catch (RpcException e)
            {
                failures.Enqueue($"{request.RequestId}: {e.StatusCode}: {e.Status.Detail}");
            }
        }
    }
}
