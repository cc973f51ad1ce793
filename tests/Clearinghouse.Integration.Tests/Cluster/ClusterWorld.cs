using System.Collections.Concurrent;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// The world of the cluster's fault tests (two regions, a policy, a hospital, the people) and their end checks:
/// every answer is in the ledger once under its own request id and nothing else is, every person's yearly fund
/// total is the sum of their answers, and the period closes into statements that are the answers' sum to the fen.
/// </summary>
public static class ClusterWorld
{
    public const int People = 2_000;
    public const string Insured = "230102";
    public const string Care = "240102";
    public const string Hospital = "KILL-H1";

    /// <summary>Regions, a policy, a hospital and the people, as an operator, spread over the silos and concurrent.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(IReadOnlyList<SiloProcess> silos, CancellationToken cancellationToken)
    {
        var channels = silos.Select(s => s.OpenChannel(TestCallers.Operator)).ToList();
        try
        {
            var registries = channels.Select(c => new RegistryService.RegistryServiceClient(c)).ToList();
            var registry = registries[0];
            var today = ChinaClock.TodayOn(TimeProvider.System);
            await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "kill-region-1", RegionCode = Insured, Name = "Harbin Daoli" }, cancellationToken: cancellationToken);
            await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "kill-region-2", RegionCode = Care, Name = "Shanghai Huangpu" }, cancellationToken: cancellationToken);
            await registry.PublishPolicyAsync(new PublishPolicyRequest
            {
                RequestId = "kill-policy", RegionCode = Insured, EffectiveFrom = ChinaClock.Format(new DateOnly(today.Year - 1, 1, 1)), Policy = Policies.Standard(),
            }, cancellationToken: cancellationToken);
            await registry.RegisterHospitalAsync(new RegisterHospitalRequest
            {
                RequestId = "kill-hospital", RegionCode = Care, HospitalCode = Hospital, Name = "Hospital " + Hospital, Level = 2,
            }, cancellationToken: cancellationToken);
            var people = Enumerable.Range(1, People).Select(i => $"kill-{i:D4}").ToList();
            await Parallel.ForEachAsync(people.Index(), new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = cancellationToken }, async (person, token) =>
                await registries[person.Index % registries.Count].EnrollPersonAsync(new EnrollPersonRequest
                {
                    RequestId = $"kill-enrol-{person.Item}", PersonId = person.Item, InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active,
                }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: token));
            return people;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Every answered settlement is in the ledger once, under its own request id, and nothing else is.</summary>
    public static async Task AssertStoredOnceAsync(string connectionString, IEnumerable<Settlement> answers, CancellationToken cancellationToken)
    {
        var stored = new List<(string Id, string RequestId)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select id, request_id from clearinghouse.ledger_settlements", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        Assert.Empty(stored.GroupBy(s => s.RequestId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(stored.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(answers.Select(a => (a.SettlementId, a.RequestId)).Order(), stored.Order());
    }

    /// <summary>Each person's yearly fund total, as their grain keeps it, is the sum of their answered settlements.</summary>
    public static async Task AssertFundTotalsAsync(SiloProcess silo, IReadOnlyList<string> people, IEnumerable<Settlement> answers, CancellationToken cancellationToken)
    {
        var expected = answers.GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.Sum(a => a.FundPayFen));
        var year = ChinaClock.TodayOn(TimeProvider.System).Year;
        using var channel = silo.OpenChannel(TestCallers.Officer);
        var registry = new RegistryService.RegistryServiceClient(channel);
        var wrong = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (person, token) =>
        {
            var read = await registry.GetPersonAsync(new GetPersonRequest { PersonId = person, Year = year }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: token);
            if (read.FundPaidInYearFen != expected.GetValueOrDefault(person))
            {
                wrong.Enqueue($"{person}: {read.FundPaidInYearFen} read, {expected.GetValueOrDefault(person)} answered");
            }
        });
        Assert.Empty(wrong);
    }

    /// <summary>
    /// The period closes, on the given silo, into statements that are the answered settlements' sum to the fen: the
    /// insured region owes it all, the care region receives it all.
    /// </summary>
    public static async Task AssertCloseBalancesAsync(SiloProcess silo, IEnumerable<Settlement> answers, CancellationToken cancellationToken)
    {
        var period = Assert.Single(answers.Select(a => a.Period).Distinct());
        var owed = answers.Sum(a => a.FundPayFen + a.AccountPayFen);
        using var channel = silo.OpenChannel(TestCallers.Officer);
        var clearing = new ClearingService.ClearingServiceClient(channel);
        var closed = await clearing.ClosePeriodAsync(
            new ClosePeriodRequest { RequestId = "kill-close", Period = period, Force = true }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
        Assert.Equal(PeriodState.Closed, closed.State);
        var insured = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Insured }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        var care = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Care }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        Assert.Equal((-owed, owed, owed, owed), (insured.NetFen, care.NetFen, insured.PayableTotalFen, care.ReceivableTotalFen));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; false once <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return true;
    }
}
