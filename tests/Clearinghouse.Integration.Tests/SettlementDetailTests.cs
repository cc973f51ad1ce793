using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Lines with unit prices and the visit detail through the API, where the care region has no catalogue: an
/// inpatient stay needs its detail and settles on its discharge date, a line's amount must be quantity × unit
/// price, each refusal names its field and writes nothing; GetSettlement answers the lines as settled and the
/// visit detail, listings leave them out; a settlement without the new fields is stored as before them.
/// </summary>
public sealed class SettlementDetailTests(SettlementDetailTests.Fixture fixture) : IClassFixture<SettlementDetailTests.Fixture>
{
    private const string Insured = "370102";
    private const string Care = "380102";
    private const string Hospital = "DET-H2";

    private static DateOnly Today => ChinaClock.Today;

    [Fact]
    public async Task An_inpatient_stay_without_its_visit_detail_is_refused_naming_the_field_and_nothing_is_written()
    {
        var before = await fixture.Database.CountsAsync();
        var request = Stay("det-r1", "det-p1");
        request.Visit = null;

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.SettleAsync(request));

        Assert.Equal("visit.admission_date is required for an inpatient visit", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task An_inpatient_service_date_other_than_the_discharge_date_is_refused()
    {
        var before = await fixture.Database.CountsAsync();
        var request = Stay("det-r2", "det-p1");
        request.ServiceDate = ChinaClock.Format(Today.AddDays(-1));

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.SettleAsync(request));

        Assert.Equal(
            $"service_date {ChinaClock.Format(Today.AddDays(-1))} must be the discharge date {ChinaClock.Format(Today)} for an inpatient visit (or empty)",
            refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_discharge_date_in_the_future_is_refused_naming_it()
    {
        var request = Stay("det-r3", "det-p1");
        request.ServiceDate = "";
        request.Visit = Stays.Ending(Today.AddDays(1));

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.SettleAsync(request));

        Assert.Equal($"visit.discharge_date {ChinaClock.Format(Today.AddDays(1))} is later than today (China time)", refused.Status.Detail);
    }

    [Fact]
    public async Task An_amount_other_than_quantity_times_unit_price_is_refused_naming_the_line_and_nothing_is_written()
    {
        var before = await fixture.Database.CountsAsync();
        var request = Stay("det-r4", "det-p1");
        request.Items[2].AmountFen = 10_001;

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.SettleAsync(request));

        Assert.Equal("items[2].amount_fen 10001 must equal quantity × unit_price_fen = 2 × 5000 = 10000, or be 0", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_settled_stay_reads_back_with_its_lines_as_settled_and_its_visit_detail()
    {
        var request = Stay("det-r5", "det-p2");

        var settled = await fixture.Settlements.SettleAsync(request);

        // A 120,000 (3 × 40,000, amount left 0); B 50,000 (a line without a unit price); C 10,000 (2 × 5,000):
        // total 180,000; copay B 5,000; eligible 165,000; deductible 60,000; ratio 8,500 − 1,000 (unregistered)
        // = 7,500; fund floor(105,000 × 75%) = 78,750; cash 101,250. No catalogue: nothing over a limit.
        Assert.Equal(
            (180_000L, 10_000L, 5_000L, 165_000L, 60_000L, 7_500, 78_750L, 101_250L, 0L, 0),
            (settled.TotalFen, settled.SelfPayCFen, settled.CopayBFen, settled.EligibleFen, settled.DeductibleFen, settled.RatioBp,
             settled.FundPayFen, settled.CashPayFen, settled.OverLimitSelfPayFen, settled.CatalogueVersion));
        Assert.Equal(ChinaClock.Format(Today), settled.ServiceDate);

        var read = await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = settled.SettlementId });

        Assert.Equal(
            [
                new SettledLineItem { Code = "310100001", Name = "bed", Category = ItemCategory.A, CategorySent = ItemCategory.A, Quantity = 3, AmountFen = 120_000, UnitPriceFen = 40_000 },
                new SettledLineItem { Code = "250101001", Name = "test", Category = ItemCategory.B, CategorySent = ItemCategory.B, Quantity = 1, AmountFen = 50_000 },
                new SettledLineItem { Code = "C-99", Name = "private room", Category = ItemCategory.C, CategorySent = ItemCategory.C, Quantity = 2, AmountFen = 10_000, UnitPriceFen = 5_000 },
            ],
            read.Items);
        Assert.Equal(Stays.Ending(Today, nights: 4, diagnosis: "K35.800"), read.Visit);
        // The rest is the record Settle answered, which leaves the lines and the visit detail out, as listings do.
        Assert.Equal(settled, read.WithoutDetail());

        var listed = await fixture.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Care, Period = settled.Period });
        var row = Assert.Single(listed.Settlements, s => s.SettlementId == settled.SettlementId);
        Assert.Equal(settled, row);
    }

    [Fact]
    public async Task An_outpatient_visit_of_legacy_lines_is_stored_as_before_the_visit_detail_under_its_new_name()
    {
        var request = new SettleRequest
        {
            RequestId = "det-r6", CareRegionCode = Care, HospitalCode = Hospital, PersonId = "det-p3",
            VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(Today),
        };
        request.Items.Add(new LineItem { Code = "A-1", Name = "consultation", Category = ItemCategory.A, Quantity = 1, AmountFen = 30_000 });
        var settled = await fixture.Settlements.SettleAsync(request);

        var (type, data) = await StoredSettlementAsync(settled.SettlementId);

        Assert.Equal("settlement_accepted_v2", type);
        Assert.Contains("\"Items\": [[\"A-1\", \"consultation\", \"A\", 1, 30000]]", data, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Visit\"", data, StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogueVersion", data, StringComparison.Ordinal);
        Assert.DoesNotContain("OverLimit", data, StringComparison.Ordinal);
        var read = await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = settled.SettlementId });
        Assert.Null(read.Visit);
    }

    /// <summary>
    /// An inpatient stay at the level-2 hospital, discharged today after four nights, service date sent: a priced
    /// line with its amount left 0, a line without a unit price, and a priced line with its amount sent.
    /// </summary>
    private static SettleRequest Stay(string requestId, string personId)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = Care, HospitalCode = Hospital, PersonId = personId,
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(Today),
            Visit = Stays.Ending(Today, nights: 4, diagnosis: "K35.800"),
        };
        request.Items.Add(new LineItem { Code = "310100001", Name = "bed", Category = ItemCategory.A, Quantity = 3, UnitPriceFen = 40_000 });
        request.Items.Add(new LineItem { Code = "250101001", Name = "test", Category = ItemCategory.B, Quantity = 1, AmountFen = 50_000 });
        request.Items.Add(new LineItem { Code = "C-99", Name = "private room", Category = ItemCategory.C, Quantity = 2, UnitPriceFen = 5_000, AmountFen = 10_000 });
        return request;
    }

    private async Task<(string Type, string Data)> StoredSettlementAsync(string settlementId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, data::text from clearinghouse.mt_events where data ->> 'SettlementId' = @id and type like 'settlement_accepted%'", connection);
        command.Parameters.AddWithValue("id", settlementId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "det-seed");
            await scenario.RegionAsync(Insured, "Jinan Lixia");
            await scenario.RegionAsync(Care, "Nanning Xingning");
            await scenario.PolicyAsync(Insured, new DateOnly(2020, 1, 1), Policies.Standard());
            await scenario.HospitalAsync(Hospital, Care, 2);
            foreach (var person in new[] { "det-p1", "det-p2", "det-p3" })
            {
                await scenario.PersonAsync(person, Insured, Scheme.Employee, PersonCategory.Active);
            }
        }
    }
}
