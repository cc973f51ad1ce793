using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// The ledger's tier columns were added to tables that already held rows: a ledger written before them (the
/// columns dropped while the host is down) gets them back when the next host migrates the schema, filled with
/// 0, which is what those settlements and reversals paid from the tiers (and what those contributions gave
/// serious illness). Reads and the close go on as before.
/// </summary>
public sealed class LedgerTierColumnsTests(LedgerTierColumnsTests.Fixture fixture) : IClassFixture<LedgerTierColumnsTests.Fixture>
{
    private const string Insured = "640104";
    private const string Care = "630102";

    public sealed class Fixture : ClearinghouseFixture
    {
        public Scenario Scenario { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Scenario = new Scenario(this, "cols");
            await Scenario.RegionAsync(Insured, "Yinchuan Xingqing");
            await Scenario.RegionAsync(Care, "Xining Chengdong");
            await Scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await Scenario.HospitalAsync("COLS-H", Care, 2);
            await Scenario.PersonAsync("cols-1", Insured, Scheme.Employee, PersonCategory.Active);
        }
    }

    [Fact]
    public async Task A_ledger_written_before_the_tier_columns_gets_them_filled_with_zero()
    {
        await fixture.Registry.RecordContributionAsync(new RecordContributionRequest
        {
            RequestId = "cols-c1", PersonId = "cols-1", Period = $"{fixture.Today.Year - 1}-01", EmployerFen = 10_000, IndividualFen = 2_000,
        });
        var visits = new Visits(640_104);
        var settled = await fixture.Scenario.SettleAsync(visits.Next("cols-s1", "cols-1", Care, "COLS-H", fixture.Today, VisitType.Inpatient, usePersonalAccount: false));
        var kept = await fixture.Scenario.SettleAsync(visits.Next("cols-s2", "cols-1", Care, "COLS-H", fixture.Today, VisitType.Outpatient, usePersonalAccount: false));
        var reversal = await fixture.Settlements.ReverseAsync(new ReverseRequest { RequestId = "cols-r1", SettlementId = settled.SettlementId, CareRegionCode = Care, Reason = "test" });

        await fixture.RestartHostAsync(DropTierColumnsAsync);

        await AssertTierColumnsAreZeroAsync();
        var read = await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = kept.SettlementId });
        Assert.Equal(kept, read.WithoutDetail());
        var reversals = await fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = Care, Period = reversal.Period });
        Assert.Equal([reversal], reversals.Reversals);
        var position = await fixture.Clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = Care });
        Assert.Equal(kept.FundPayFen + kept.AccountPayFen, position.NetFen);
    }

    private async Task DropTierColumnsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            alter table clearinghouse.ledger_settlements
              drop column qualifying_self_burden_fen, drop column serious_illness_pay_fen, drop column assistance_pay_fen;
            alter table clearinghouse.ledger_reversals drop column serious_illness_pay_fen, drop column assistance_pay_fen;
            alter table clearinghouse.ledger_contributions drop column serious_illness_credit_fen;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row has the columns back, at 0: two settlements, one reversal and one contribution.</summary>
    private async Task AssertTierColumnsAreZeroAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from clearinghouse.ledger_settlements where qualifying_self_burden_fen = 0 and serious_illness_pay_fen = 0 and assistance_pay_fen = 0),
                   (select count(*) from clearinghouse.ledger_reversals where serious_illness_pay_fen = 0 and assistance_pay_fen = 0),
                   (select count(*) from clearinghouse.ledger_settlements) + (select count(*) from clearinghouse.ledger_reversals),
                   (select count(*) from clearinghouse.ledger_contributions where serious_illness_credit_fen = 0),
                   (select count(*) from clearinghouse.ledger_contributions)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((2L, 1L, 3L, 1L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
    }
}
