using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Storage.Serialization.Upcasting;
using static Clearinghouse.Integration.Tests.Support.StoredForms;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// The catalogue and the visit detail gave the settlement a second stored shape (settlement_accepted_v2): a settlement
/// stored as settlement_accepted_v1 reads back through its upcaster with no visit detail, catalogue version 0 and
/// nothing over a limit. A line keeps its five positions unless it has a unit price or a catalogue priced it, and a
/// settlement without the new figures is stored byte for byte as before. Checked on the serializer the store is
/// configured with (no database).
/// </summary>
public sealed class StoredCatalogueFormTests
{
    private const string Stamp = """{"Scope":"110101","RequestId":"r-1","Fingerprint":"f","AcceptedAt":"2026-03-10T02:00:00+00:00"}""";

    private const string V1 = $$"""
        {"Request":{{Stamp}},"SettlementId":"s-1","Period":"2026-03","PersonId":"p-1","InsuredRegionCode":"610924",
         "CareRegionCode":"110101","HospitalCode":"H-1","HospitalLevel":2,"VisitType":"Inpatient","ServiceDate":"2026-03-01",
         "UsePersonalAccount":false,"RegisteredForCareRegion":true,"PolicyVersion":1,
         "Breakdown":{"TotalFen":650000,"SelfPayCFen":50000,"CopayBFen":20000,"EligibleFen":580000,"DeductibleFen":80000,
                      "RatioBp":8500,"FundPayFen":425000,"AccountPayFen":0,"CashPayFen":225000},
         "Items":[["A-1","a","A",1,400000],["B-1","b","B",2,200000],["C-1","c","C",1,50000]]}
        """;

    [Fact]
    public void A_settlement_stored_in_its_first_shape_reads_as_the_current_one_without_visit_detail_or_catalogue()
    {
        var settled = Read<SettlementAcceptedV1>(V1).Upcast();

        Assert.Equal(("s-1", VisitType.Inpatient, new DateOnly(2026, 3, 1)), (settled.SettlementId, settled.VisitType, settled.ServiceDate));
        Assert.Equal((null, 0), (settled.Visit, settled.CatalogueVersion));
        Assert.Equal(new SettlementBreakdown(650_000, 50_000, 20_000, 580_000, 80_000, 8_500, 425_000, 0, 225_000), settled.Breakdown);
        Assert.Equal(
            [new LineItem("A-1", "a", ItemCategory.A, 1, 400_000), new LineItem("B-1", "b", ItemCategory.B, 2, 200_000), new LineItem("C-1", "c", ItemCategory.C, 1, 50_000)],
            settled.Items.ToArray());
        Assert.All(settled.Items, i => Assert.Equal((i.Category, 0L, 0L, 0L), (i.SentCategory, i.UnitPriceFen, i.PriceLimitFen, i.OverLimitFen)));
        // The current shape reads the same JSON the same way: the new fields are absent, so they are their defaults.
        var current = Read<SettlementAccepted>(V1);
        Assert.Equal(settled with { Items = [] }, current with { Items = [] });
        Assert.Equal(settled.Items.ToArray(), current.Items.ToArray());
    }

    [Fact]
    public void A_settlement_without_the_new_fields_is_stored_as_the_first_shape_was()
    {
        var settled = Read<SettlementAcceptedV1>(V1).Upcast();

        Assert.Equal(Write(Read<SettlementAcceptedV1>(V1)), Write(settled));
        Assert.Equal("""["A-1","a","A",1,400000]""", Write(settled.Items[0]));
    }

    [Fact]
    public void A_priced_line_takes_nine_positions_and_reads_back()
    {
        var sentOnly = new LineItem("X1", "bed", ItemCategory.A, 3, 120_000, UnitPriceFen: 40_000);
        var catalogued = new LineItem("X2", "drug", ItemCategory.B, 2, 100_002, 50_001, CategorySent: ItemCategory.A, PriceLimitFen: 50_000, OverLimitFen: 2);

        Assert.Equal("""["X1","bed","A",3,120000,40000,null,0,0]""", Write(sentOnly));
        Assert.Equal("""["X2","drug","B",2,100002,50001,"A",50000,2]""", Write(catalogued));
        Assert.Equal(sentOnly, Read<LineItem>(Write(sentOnly)));
        Assert.Equal(catalogued, Read<LineItem>(Write(catalogued)));
    }

    [Fact]
    public void The_current_shape_round_trips_with_its_visit_detail_catalogue_version_and_over_limit_self_pay()
    {
        var stamp = new RequestStamp("110101", "r-2", "f", new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero));
        var breakdown = new SettlementBreakdown(184_502, 3_000, 10_000, 158_000, 80_000, 8_500, 66_300, 0, 118_202, OverLimitSelfPayFen: 13_502);
        var settled = new SettlementAccepted(
            stamp, "s-2", "2026-12", "p-1", "610924", "110101", "H-1", 2, VisitType.Inpatient, new DateOnly(2026, 12, 5), false, true, 3,
            breakdown,
            [new LineItem("X2", "drug", ItemCategory.B, 2, 100_002, 50_001, ItemCategory.A, 50_000, 2)],
            new VisitDetail(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5), "K35.800"),
            CatalogueVersion: 4);

        var json = Write(settled);
        var back = Read<SettlementAccepted>(json);

        Assert.Contains("\"OverLimitSelfPayFen\":13502", json, StringComparison.Ordinal);
        Assert.EndsWith("\"Visit\":{\"AdmissionDate\":\"2026-12-01\",\"DischargeDate\":\"2026-12-05\",\"DiagnosisCode\":\"K35.800\"},\"CatalogueVersion\":4}", json, StringComparison.Ordinal);
        Assert.Equal(settled with { Items = [] }, back with { Items = [] });
        Assert.Equal(settled.Items.ToArray(), back.Items.ToArray());
        // An outpatient visit's detail is its diagnosis alone.
        Assert.Equal("""{"DiagnosisCode":"I10"}""", Write(new VisitDetail(null, null, "I10")));
    }
}
