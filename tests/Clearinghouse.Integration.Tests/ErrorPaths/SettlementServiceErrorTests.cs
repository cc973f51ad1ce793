using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// SettlementService refusals the other tests do not reach: a policy without a rule for the visit's type
/// at the hospital's level, and a SettleStream request without a request id (answered on the stream, which
/// stays open). Each refusal leaves the row counts as they were.
/// </summary>
public sealed class SettlementServiceErrorTests(SettlementServiceErrorTests.Fixture fixture) : IClassFixture<SettlementServiceErrorTests.Fixture>
{
    private const string Insured = "350102";
    private const string Care = "360102";
    private const string Hospital = "SET-H2";

    [Fact]
    public async Task A_visit_whose_type_has_no_rule_at_the_hospital_s_level_is_refused_and_the_other_type_settles()
    {
        var before = await fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => fixture.Settlements.SettleAsync(Visit("norule-1", VisitType.Inpatient)));

        Assert.Equal($"policy version 1 of region {Insured} has no Inpatient rule for hospital level 2", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(0, await fixture.Database.SettlementRecordsOfAsync("set-p1"));

        // The outpatient rule at level 2 exists: resident, deductible 10,000, ratio 5500 − 1500 = 4000 bp;
        // floor((30,000 − 10,000) × 0.40) = 8,000 fen.
        var settled = await fixture.Settlements.SettleAsync(Visit("norule-2", VisitType.Outpatient));
        Assert.Equal((10_000L, 4_000, 8_000L, 22_000L), (settled.DeductibleFen, settled.RatioBp, settled.FundPayFen, settled.CashPayFen));
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_stream_request_without_request_id_is_answered_INVALID_ARGUMENT_and_the_stream_carries_on()
    {
        var before = await fixture.Database.CountsAsync();
        var withoutId = Visit("", VisitType.Outpatient);
        var valid = Visit("stream-1", VisitType.Outpatient);
        valid.PersonId = "set-p2";

        using var call = fixture.Settlements.SettleStream(deadline: DateTime.UtcNow.AddMinutes(1));
        await call.RequestStream.WriteAsync(withoutId);
        // The refusal is answered while the stream is open, before the client sends anything else.
        Assert.True(await call.ResponseStream.MoveNext());
        var refusal = call.ResponseStream.Current;
        await call.RequestStream.WriteAsync(valid);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var accepted = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext());

        Assert.Equal(new SettleOutcome { RequestId = "", Status = new RequestStatus { Code = (int)StatusCode.InvalidArgument, Message = "request_id is required" } }, refusal);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal(("stream-1", SettleOutcome.ResultOneofCase.Settlement), (accepted.RequestId, accepted.ResultCase));
        Assert.Equal((8_000L, 22_000L), (accepted.Settlement.FundPayFen, accepted.Settlement.CashPayFen));
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, await fixture.Database.CountsAsync());
    }

    /// <summary>One item of category A, 30,000 fen, at the level-2 hospital of 360102.</summary>
    private static SettleRequest Visit(string requestId, VisitType type)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = Care, HospitalCode = Hospital, PersonId = "set-p1",
            VisitType = type, ServiceDate = ChinaClock.Format(ChinaClock.Today),
            Visit = type == VisitType.Inpatient ? Stays.Ending(ChinaClock.Today) : null,
        };
        request.Items.Add(new LineItem { Code = "A-1", Name = "treatment", Category = ItemCategory.A, Quantity = 1, AmountFen = 30_000 });
        return request;
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "settle-seed");
            await scenario.RegionAsync(Insured, "Fuzhou Gulou");
            await scenario.RegionAsync(Care, "Nanchang Donghu");
            // The standard policy without its inpatient rules at level 2.
            var policy = Policies.Standard();
            foreach (var scheme in policy.Schemes)
            {
                var rule = scheme.Rules.Single(r => r.VisitType == VisitType.Inpatient && r.HospitalLevel == 2);
                scheme.Rules.Remove(rule);
            }
            await scenario.PolicyAsync(Insured, new DateOnly(2020, 1, 1), policy);
            await scenario.HospitalAsync(Hospital, Care, 2);
            await scenario.PersonAsync("set-p1", Insured, Scheme.Resident, PersonCategory.Active);
            await scenario.PersonAsync("set-p2", Insured, Scheme.Resident, PersonCategory.Active);
        }
    }
}
