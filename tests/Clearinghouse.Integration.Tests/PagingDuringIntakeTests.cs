using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// ListSettlements pages in commit order below the oldest transaction still running, so that a
/// settlement whose commit is slow can never land behind a cursor a client already holds. This test
/// makes one commit slow on purpose (it holds a row lock on that person's stream), pages meanwhile,
/// and checks that the pages wait for it (short pages with a token) and then deliver every settlement
/// exactly once.
/// </summary>
public sealed class PagingDuringIntakeTests(PagingDuringIntakeTests.Fixture fixture) : IClassFixture<PagingDuringIntakeTests.Fixture>
{
    private const string Insured = "150102";
    private const string Care = "160102";

    public sealed class Fixture : ClearinghouseFixture
    {
        public Scenario Scenario { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Scenario = new Scenario(this, "paging");
            await Scenario.RegionAsync(Insured, "Baotou Donghe");
            await Scenario.RegionAsync(Care, "Hefei Yaohai");
            await Scenario.PolicyAsync(Insured, new DateOnly(ChinaClock.Today.Year - 1, 1, 1), Policies.Standard());
            await Scenario.HospitalAsync("PAGE-H1", Care, 1);
            foreach (var person in new[] { "first", "slow", "fast", "last" })
            {
                await Scenario.PersonAsync(person, Insured, Scheme.Resident, PersonCategory.Active);
            }
        }
    }

    [Fact]
    public async Task A_settlement_acknowledged_while_a_client_pages_is_not_skipped_by_the_pages()
    {
        var scenario = fixture.Scenario;
        var visits = new Visits(11);
        var today = ChinaClock.Today;
        SettleRequest Visit(string person) => visits.Next(scenario.NextRequestId("settle"), person, Care, "PAGE-H1", today, VisitType.Outpatient, maxItems: 3);

        var first = await scenario.SettleAsync(Visit("first"));

        // Hold the "slow" person's stream row: that person's next append waits for this transaction.
        await using var blocker = new NpgsqlConnection(fixture.ConnectionString);
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("select 1 from clearinghouse.mt_streams where id = 'person:slow' for update", blocker, hold))
        {
            Assert.Equal(1, await lockRow.ExecuteScalarAsync());
        }
        var slowCall = scenario.SettleAsync(Visit("slow"));
        Settlement fast, last;
        var seen = new List<string>();
        ListSettlementsResponse page;
        try
        {
            await WaitUntilAnAppendWaitsForTheLockAsync(fixture.ConnectionString);
            // Other people's settlements must not wait for the slow one (if the store ever batches appends
            // of several people into one transaction, this fails here instead of hanging).
            fast = await scenario.SettleAsync(Visit("fast")).WaitAsync(TimeSpan.FromSeconds(20));
            last = await scenario.SettleAsync(Visit("last")).WaitAsync(TimeSpan.FromSeconds(20));

            // A client pages through the care region's period, one row a page.
            page = await Page(first.Period, "");
            seen.AddRange(page.Settlements.Select(s => s.SettlementId));
            page = await Page(first.Period, page.NextPageToken);
            seen.AddRange(page.Settlements.Select(s => s.SettlementId));
        }
        catch
        {
            await hold.RollbackAsync();
            throw;
        }
        // Nothing past the slow, still uncommitted settlement is served yet, but the token says "more".
        Assert.Equal([first.SettlementId], seen);
        Assert.NotEqual("", page.NextPageToken);

        // The slow settlement commits and is acknowledged before the client reads its next page.
        await hold.CommitAsync();
        var slow = await slowCall;
        Assert.True(string.CompareOrdinal(slow.AcceptedAt, fast.AcceptedAt) < 0, "the slow settlement was accepted first");
        var token = page.NextPageToken;
        for (var pages = 0; token.Length > 0 && pages < 100; pages++)
        {
            page = await Page(first.Period, token);
            seen.AddRange(page.Settlements.Select(s => s.SettlementId));
            token = page.NextPageToken;
        }
        Assert.Equal("", token);

        scenario.AssertNoMismatches();
        // Every settlement exactly once, the slow one included.
        var expected = new[] { first.SettlementId, slow.SettlementId, fast.SettlementId, last.SettlementId };
        Assert.Equal(expected.Order(), seen.Order());
        var all = await scenario.ListAllAsync(Care, first.Period, pageSize: 100);
        Assert.Equal(expected.Order(), all.Select(s => s.SettlementId).Order());
    }

    private async Task<ListSettlementsResponse> Page(string period, string token) =>
        await fixture.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Care, Period = period, PageSize = 1, PageToken = token });

    /// <summary>Polls pg_stat_activity (bounded) until a backend of this database waits on a lock.</summary>
    private static async Task WaitUntilAnAppendWaitsForTheLockAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // Not the blocker's ConnectionString: once open, Npgsql drops the password from it.
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()", probe);
            if ((long)(await command.ExecuteScalarAsync() ?? 0L) > 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("the slow settlement's append never waited for the held row lock");
    }
}
