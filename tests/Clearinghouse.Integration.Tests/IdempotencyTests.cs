using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Request ids are chosen by the client and scoped to the acting region (the care region for Settle and
/// Reverse, the insured region for person operations): the same id with the same content is a retry and
/// returns the first answer; the same id with other content is ALREADY_EXISTS and writes nothing.
/// </summary>
public sealed class IdempotencyTests(IdempotencyTests.Fixture fixture) : IClassFixture<IdempotencyTests.Fixture>
{
    private const string Insured = "120101";
    private const string Care = "130102";
    private const string OtherCare = "140105";
    private const int Copies = 20;

    [Fact]
    public async Task The_same_settle_sent_20_times_at_once_settles_once_and_every_answer_is_the_first()
    {
        var (scenario, request) = await SetUpAsync("once");
        var before = await fixture.Database.CountsAsync();
        var expected = scenario.Model.Compute(request);

        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => fixture.Settlements.SettleAsync(request.Clone()).ResponseAsync));

        var first = answers[0];
        Assert.All(answers, answer => Assert.Equal(first, answer));
        scenario.Model.ApplySettlement(first.SettlementId, expected);
        scenario.Check(request, expected, first);
        scenario.AssertNoMismatches();

        var stream = await fixture.Database.StreamAsync("person:" + request.PersonId);
        Assert.Single(stream, e => e.Type == "settlement_accepted_v2");
        Assert.Equal(1, await fixture.Database.SettlementRecordsOfAsync(request.PersonId));
        var after = await fixture.Database.CountsAsync();
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, after);

        var listed = await scenario.ListAllAsync(Care, first.Period, pageSize: 10);
        Assert.Equal(first.SettlementId, Assert.Single(listed, s => s.PersonId == request.PersonId).SettlementId);
        await scenario.CheckPersonAsync(request.PersonId);
        scenario.AssertNoMismatches();

        // A later retry still answers with the first answer.
        Assert.Equal(first, await fixture.Settlements.SettleAsync(request.Clone()));
        Assert.Equal(after, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_reused_request_id_with_other_content_or_for_another_person_is_refused_and_writes_nothing()
    {
        var (scenario, request) = await SetUpAsync("reuse");
        var first = await scenario.SettleAsync(request);
        scenario.AssertNoMismatches();
        var settled = await fixture.Database.CountsAsync();

        // Same id, same care region, other content.
        var otherAmount = request.Clone();
        otherAmount.Items[0].AmountFen += 1;
        await RefusedWithoutTraceAsync(StatusCode.AlreadyExists, () => fixture.Settlements.SettleAsync(otherAmount), "other amount");
        var otherFlag = request.Clone();
        otherFlag.UsePersonalAccount = !otherFlag.UsePersonalAccount;
        await RefusedWithoutTraceAsync(StatusCode.AlreadyExists, () => fixture.Settlements.SettleAsync(otherFlag), "other use_personal_account");
        var otherDate = request.Clone();
        otherDate.ServiceDate = ChinaClock.Format(ChinaClock.Parse(request.ServiceDate).AddDays(-1));
        // A stay's service date is its discharge date: the stay moves with it.
        otherDate.Visit = request.VisitType == VisitType.Inpatient ? Stays.Ending(otherDate.ServiceDate) : null;
        await RefusedWithoutTraceAsync(StatusCode.AlreadyExists, () => fixture.Settlements.SettleAsync(otherDate), "other service date");

        // Same id, same care region, another person: request ids are the care region's, not the person's.
        var otherPerson = request.Clone();
        otherPerson.PersonId = "reuse-B";
        await RefusedWithoutTraceAsync(StatusCode.AlreadyExists, () => fixture.Settlements.SettleAsync(otherPerson), "another person");
        var personB = await fixture.Registry.GetPersonAsync(new GetPersonRequest { PersonId = "reuse-B" });
        Assert.Equal((0L, 0L), (personB.FundPaidInYearFen, personB.OutpatientDeductibleUsedFen));
        Assert.Equal(0, await fixture.Database.SettlementRecordsOfAsync("reuse-B"));

        // Same id on another RPC in the same scope (a reversal by the care region) is another request too.
        await RefusedWithoutTraceAsync(StatusCode.AlreadyExists, () => fixture.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = request.RequestId, SettlementId = first.SettlementId, CareRegionCode = Care, Reason = "id of the settle",
        }), "settle's id on a reverse");

        // The first request is still answered as before.
        Assert.Equal(first, await fixture.Settlements.SettleAsync(request.Clone()));
        Assert.Equal(settled, await fixture.Database.CountsAsync());

        // The same id in another care region is another region's request: it settles.
        var elsewhere = request.Clone();
        elsewhere.CareRegionCode = OtherCare;
        elsewhere.HospitalCode = "IDEM-H3";
        var second = await scenario.SettleAsync(elsewhere);
        Assert.NotEqual(first.SettlementId, second.SettlementId);
        scenario.AssertNoMismatches();
        Assert.Equal(settled.Events + 1, (await fixture.Database.CountsAsync()).Events);
        await scenario.CheckPersonAsync(request.PersonId);
        await scenario.CheckPersonAsync("reuse-B");
        scenario.AssertNoMismatches();
    }

    [Fact]
    public async Task A_reversal_sent_10_times_at_once_reverses_once()
    {
        var (scenario, request) = await SetUpAsync("rev");
        var settled = await scenario.SettleAsync(request);
        var before = await fixture.Database.CountsAsync();
        var reverse = new ReverseRequest { RequestId = "rev-1", SettlementId = settled.SettlementId, CareRegionCode = Care, Reason = "duplicate bill" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Settlements.ReverseAsync(reverse.Clone()).ResponseAsync));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        Assert.Equal((settled.SettlementId, settled.FundPayFen, settled.AccountPayFen), (answers[0].SettlementId, answers[0].FundPayFen, answers[0].AccountPayFen));
        scenario.Model.ApplyReversal(settled.SettlementId);
        var stream = await fixture.Database.StreamAsync("person:" + request.PersonId);
        Assert.Single(stream, e => e.Type == "settlement_reversed_v1");
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, await fixture.Database.CountsAsync());

        // Another request id is another reversal: refused, naming the first one (read back from the stream).
        var again = await Assert.ThrowsAsync<RpcException>(() => fixture.Settlements.ReverseAsync(new ReverseRequest(reverse) { RequestId = "rev-2" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal($"settlement {settled.SettlementId} was already reversed by reversal {answers[0].ReversalId}", again.Status.Detail);
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, await fixture.Database.CountsAsync());
        await scenario.CheckPersonAsync(request.PersonId);
        scenario.AssertNoMismatches();
    }

    [Fact]
    public async Task A_contribution_sent_10_times_at_once_credits_the_account_once()
    {
        var (scenario, request) = await SetUpAsync("contrib");
        var contribution = new RecordContributionRequest { RequestId = "c-7", PersonId = request.PersonId, Period = ChinaClock.Period(ChinaClock.Today), EmployerFen = 100_001, IndividualFen = 20_000 };
        var before = await fixture.Database.CountsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Registry.RecordContributionAsync(contribution.Clone()).ResponseAsync));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        var (account, pooled) = scenario.Model.RecordContribution(request.PersonId, contribution.Period, contribution.EmployerFen, contribution.IndividualFen);
        Assert.Equal((20_000 + 30_000L, 70_001L), (account, pooled)); // floor(100001 × 3000 / 10000) = 30000
        Assert.Equal((account, pooled, scenario.Model.AccountBalanceFen(request.PersonId)),
            (answers[0].AccountCreditFen, answers[0].PooledCreditFen, answers[0].AccountBalanceFen));
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1 }, await fixture.Database.CountsAsync());
        await scenario.CheckPersonAsync(request.PersonId);
        scenario.AssertNoMismatches();

        var changed = contribution.Clone();
        changed.IndividualFen += 1;
        await RefusedWithoutTraceAsync(StatusCode.AlreadyExists, () => fixture.Registry.RecordContributionAsync(changed), "changed contribution");
    }

    private async Task RefusedWithoutTraceAsync<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call, string because)
    {
        var before = await fixture.Database.CountsAsync();
        await Rpc.RefusedAsync(expected, call, because);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    /// <summary>Regions, hospitals and two people of one test (ids prefixed, so the facts share one database).</summary>
    private async Task<(Scenario Scenario, SettleRequest Request)> SetUpAsync(string prefix)
    {
        var scenario = new Scenario(fixture, prefix);
        var today = ChinaClock.Today;
        await RegistryAsync(scenario, write: false);
        var personA = prefix + "-A";
        await scenario.PersonAsync(personA, Insured, Scheme.Employee, PersonCategory.Active);
        await scenario.ContributionAsync(personA, ChinaClock.Period(today), 80_000, 20_000);
        await scenario.RegistrationAsync(personA, Care, today.AddDays(-30), today.AddDays(30));
        await scenario.PersonAsync(prefix + "-B", Insured, Scheme.Employee, PersonCategory.Retired);

        var request = new Visits(7).Next($"{prefix}-visit-1", personA, Care, "IDEM-H2", today.AddDays(-1), VisitType.Inpatient, usePersonalAccount: true, maxItems: 12);
        return (scenario, request);
    }

    /// <summary>The registry of this class's database: written once by the fixture, described to each fact's model.</summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        protected override Task SeedAsync() => RegistryAsync(new Scenario(this, "seed"), write: true);
    }

    private static async Task RegistryAsync(Scenario scenario, bool write)
    {
        var effectiveFrom = new DateOnly(ChinaClock.Today.Year - 1, 1, 1);
        if (!write)
        {
            scenario.Model.PublishPolicy(Insured, effectiveFrom, Policies.Standard());
            scenario.Model.RegisterHospital("IDEM-H2", Care, 2);
            scenario.Model.RegisterHospital("IDEM-H3", OtherCare, 3);
            return;
        }
        await scenario.RegionAsync(Insured, "Tianjin Heping");
        await scenario.RegionAsync(Care, "Shijiazhuang Changan");
        await scenario.RegionAsync(OtherCare, "Taiyuan Xiaodian");
        await scenario.PolicyAsync(Insured, effectiveFrom, Policies.Standard());
        await scenario.HospitalAsync("IDEM-H2", Care, 2);
        await scenario.HospitalAsync("IDEM-H3", OtherCare, 3);
    }
}
