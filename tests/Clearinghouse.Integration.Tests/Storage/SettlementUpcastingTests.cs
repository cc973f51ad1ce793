using Clearinghouse.Api;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// A settlement stored as settlement_accepted_v1 (before the visit detail and the catalogue) is read as the current
/// shape on every read path: the read-model rebuild puts it in the ledger, GetSettlement reads its lines through the
/// person's grain (the event read by version), a retry of its request answers from it, and the grain, which folded
/// it from Marten's stream read, reverses it.
/// </summary>
public sealed class SettlementUpcastingTests(SettlementUpcastingTests.Fixture fixture) : IClassFixture<SettlementUpcastingTests.Fixture>
{
    private const string Insured = "410102";
    private const string Care = "420102";
    private const string Hospital = "UPS-H2";
    private const string Person = "ups-1";
    private const string SettlementId = "0000000000000000000000000000a001";

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "ups");
            await scenario.RegionAsync(Insured, "Zhengzhou Zhongyuan");
            await scenario.RegionAsync(Care, "Wuhan Jiang'an");
            await scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync(Hospital, Care, 2);
            await scenario.PersonAsync(Person, Insured, Scheme.Employee, PersonCategory.Active);
        }
    }

    [Fact]
    public async Task A_settlement_stored_in_its_first_shape_reads_and_reverses_as_the_current_one()
    {
        var today = ChinaClock.Today;
        var old = new SettleRequest
        {
            RequestId = "old-s1", CareRegionCode = Care, HospitalCode = Hospital, PersonId = Person,
            VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(today),
        };
        old.Items.Add(new LineItem { Code = "A-1", Name = "consultation", Category = ItemCategory.A, Quantity = 2, AmountFen = 30_000 });
        // Stored as the first shape was: no Visit, no CatalogueVersion, five-position lines. The figures are the event's
        // own (nothing recomputes a stored settlement), so they are chosen to be easy to follow.
        var oldJson = $$"""
            {"Request":{"Scope":"{{Care}}","RequestId":"old-s1","Fingerprint":"{{Fingerprint.Of(old)}}","AcceptedAt":"{{DateTimeOffset.UtcNow.AddMinutes(-5):yyyy-MM-ddTHH:mm:ss}}+00:00"},
             "SettlementId":"{{SettlementId}}","Period":"{{ChinaClock.Period(today)}}","PersonId":"{{Person}}","InsuredRegionCode":"{{Insured}}",
             "CareRegionCode":"{{Care}}","HospitalCode":"{{Hospital}}","HospitalLevel":2,"VisitType":"Outpatient","ServiceDate":"{{ChinaClock.Format(today)}}",
             "UsePersonalAccount":false,"RegisteredForCareRegion":false,"PolicyVersion":1,
             "Breakdown":{"TotalFen":30000,"SelfPayCFen":0,"CopayBFen":0,"EligibleFen":30000,"DeductibleFen":20000,
                          "RatioBp":6500,"FundPayFen":6500,"AccountPayFen":0,"CashPayFen":23500},
             "Items":[["A-1","consultation","A",2,30000]]}
            """;
        await fixture.RestartHostAsync(async () =>
        {
            await StoreAsync(oldJson, "old-s1");
            await ReadModelRebuilds.RunAsync(fixture.ConnectionString);
        });

        // The ledger (rebuilt) and the event read by version through the person's grain.
        var read = await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = SettlementId });
        Assert.Equal((6_500L, 23_500L, 0L, 0), (read.FundPayFen, read.CashPayFen, read.OverLimitSelfPayFen, read.CatalogueVersion));
        Assert.Equal(
            [new SettledLineItem { Code = "A-1", Name = "consultation", Category = ItemCategory.A, CategorySent = ItemCategory.A, Quantity = 2, AmountFen = 30_000 }],
            read.Items);
        Assert.Null(read.Visit);
        // A retry of its request answers from it.
        Assert.Equal(SettlementId, (await fixture.Settlements.SettleAsync(old)).SettlementId);
        // The grain folded it from the stream: it reverses it, restoring its fund pay.
        var reversal = await fixture.Settlements.ReverseAsync(new ReverseRequest { RequestId = "old-r1", SettlementId = SettlementId, CareRegionCode = Care, Reason = "test" });
        Assert.Equal(6_500, reversal.FundPayFen);
        Assert.Equal(
            ["person_enrolled_v1", "settlement_accepted_v1", "settlement_reversed_v1"],
            (await fixture.Database.StreamAsync("person:" + Person)).Select(e => e.Type));
    }

    /// <summary>Appends one stored event to the person's stream as an older build wrote it, with its request key.</summary>
    private Task StoreAsync(string json, string requestId) =>
        OldStoredEvents.AppendSecondAsync(
            fixture.ConnectionString, Person, "settlement_accepted_v1", "Clearinghouse.Domain.Events.SettlementAccepted, Clearinghouse.Domain", json, Care, requestId);
}
