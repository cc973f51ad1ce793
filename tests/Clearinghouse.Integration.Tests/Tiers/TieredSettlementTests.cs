using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Tiers;

/// <summary>
/// Three tiers in one settlement (三级赔付) over gRPC: a policy with a serious-illness and an assistance tier, a
/// person whose minimum-living status starts on 1 July of last year, stays that stay below the threshold, one
/// that crosses the threshold and both band bounds (and both the basic and the assistance caps), its reversal,
/// and a stay after it that is settled on the restored totals. Every figure is worked by hand in the comments
/// (the policy is the one of docs/domain.md's tier examples). All service dates are in last year, so none is
/// ever in the future.
/// </summary>
public sealed class TieredSettlementTests(TieredSettlementTests.Fixture fixture) : IClassFixture<TieredSettlementTests.Fixture>
{
    public const string Insured = "620102";
    public const string Care = "530102";
    public const string Hospital = "TIER-H2";
    public const string Person = "tier-1";

    public sealed class Fixture : ClearinghouseFixture
    {
        public int Year => Today.Year - 1;

        public DateOnly Day(int month, int day) => new(Year, month, day);

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "tier");
            await scenario.RegionAsync(Insured, "Lanzhou Chengguan");
            await scenario.RegionAsync(Care, "Kunming Wuhua");
            await scenario.PolicyAsync(Insured, Day(1, 1), Policies.Of(TieredScheme()));
            await scenario.HospitalAsync(Hospital, Care, 2);
            await scenario.PersonAsync(Person, Insured, Scheme.Employee, PersonCategory.Active);
            await scenario.RegistrationAsync(Person, Care, Day(1, 1), Day(12, 31));
        }
    }

    /// <summary>docs/domain.md's tier policy: the employee scheme with both tiers and 10% of the pooled part to serious illness.</summary>
    public static SchemePolicy TieredScheme()
    {
        var scheme = Policies.SchemeOf(Scheme.Employee, categoryBCopayBp: 1_000, retiredBonusBp: 1_000, unregisteredReductionBp: 1_000,
            annualCapFen: 40_000_000, employerToAccountBp: 3_000, outpatientDeductibleFen: 100_000, outpatientRatioBp: [6_000, 5_000, 5_000],
            inpatientDeductibleFen: [80_000, 80_000, 120_000], inpatientRatioBp: [8_500, 8_500, 8_000]);
        scheme.SeriousIllness = new SeriousIllnessTier { ThresholdFen = 1_500_000, AnnualCapFen = 40_000_000 };
        scheme.SeriousIllness.Bands.Add(new TierBand { UpToFen = 10_000_000, RatioBp = 6_000 });
        scheme.SeriousIllness.Bands.Add(new TierBand { UpToFen = 20_000_000, RatioBp = 7_000 });
        scheme.SeriousIllness.Bands.Add(new TierBand { RatioBp = 8_000 });
        scheme.Assistance = new AssistanceTier { MinimumLivingRatioBp = 7_000, ExtremePovertyRatioBp = 10_000, LowIncomeRatioBp = 5_000, AnnualCapFen = 5_000_000 };
        scheme.SeriousIllnessShareBp = 1_000;
        return scheme;
    }

    private SettleRequest Stay(string requestId, DateOnly serviceDate, bool useAccount, params (ItemCategory Category, long AmountFen)[] items)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = Care, HospitalCode = Hospital, PersonId = Person,
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(serviceDate), Visit = Stays.Ending(serviceDate), UsePersonalAccount = useAccount,
        };
        request.Items.AddRange(items.Select((item, i) => new LineItem { Code = $"I-{i}", Name = $"item {i}", Category = item.Category, Quantity = 1, AmountFen = item.AmountFen }));
        return request;
    }

    private static (long Fund, long Qualifying, long SeriousIllness, long Assistance, long Account, long Cash) Figures(Settlement s) =>
        (s.FundPayFen, s.QualifyingSelfBurdenFen, s.SeriousIllnessPayFen, s.AssistancePayFen, s.AccountPayFen, s.CashPayFen);

    [Fact]
    public async Task Settlements_cross_the_bands_a_reversal_restores_every_tier_total_and_the_next_stay_settles_on_them()
    {
        var registry = fixture.Registry;
        var settlements = fixture.Settlements;

        // E 80,005, I 20,000: account 44,001, pooled part 56,004 of which 10% (floored) to serious illness.
        var contribution = await registry.RecordContributionAsync(new RecordContributionRequest
        {
            RequestId = "tier-c1", PersonId = Person, Period = $"{fixture.Year}-01", EmployerFen = 80_005, IndividualFen = 20_000,
        });
        Assert.Equal(new ContributionResult { AccountCreditFen = 44_001, PooledCreditFen = 50_404, SeriousIllnessCreditFen = 5_600, AccountBalanceFen = 44_001 }, contribution);

        // Minimum living from 1 July; a status must take effect later than the latest.
        var set = new SetAssistanceStatusRequest { RequestId = "tier-a1", PersonId = Person, Status = AssistanceStatus.MinimumLiving, EffectiveFrom = ChinaClock.Format(fixture.Day(7, 1)) };
        var person = await registry.SetAssistanceStatusAsync(set);
        Assert.Equal([new AssistanceStatusPeriod { Status = AssistanceStatus.MinimumLiving, EffectiveFrom = ChinaClock.Format(fixture.Day(7, 1)) }], person.AssistanceStatuses);
        Assert.Equal(person.AssistanceStatuses, (await registry.SetAssistanceStatusAsync(set)).AssistanceStatuses);
        var before = await fixture.Database.CountsAsync();
        var earlier = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => registry.SetAssistanceStatusAsync(
            new SetAssistanceStatusRequest { RequestId = "tier-a2", PersonId = Person, Status = AssistanceStatus.None, EffectiveFrom = ChinaClock.Format(fixture.Day(7, 1)) }));
        Assert.Equal(
            $"effective_from {fixture.Year}-07-01 must be later than person {Person}'s latest assistance status, MinimumLiving from {fixture.Year}-07-01",
            earlier.Status.Detail);
        var unspecified = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => registry.SetAssistanceStatusAsync(
            new SetAssistanceStatusRequest { RequestId = "tier-a3", PersonId = Person, EffectiveFrom = ChinaClock.Format(fixture.Day(8, 1)) }));
        Assert.StartsWith("status must be ASSISTANCE_STATUS_NONE", unspecified.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Database.CountsAsync());

        // 30 June, no status yet: fund 425,000; qualifying 175,000, below the threshold; nothing more.
        var june = await settlements.SettleAsync(Stay("tier-s1", fixture.Day(6, 30), false, (ItemCategory.A, 400_000), (ItemCategory.B, 200_000), (ItemCategory.C, 50_000)));
        Assert.Equal((425_000L, 175_000L, 0L, 0L, 0L, 225_000L), Figures(june));
        // 1 July, minimum living: assistance floor(175,000 × 0.7) = 122,500.
        var july = await settlements.SettleAsync(Stay("tier-s2", fixture.Day(7, 1), false, (ItemCategory.A, 400_000), (ItemCategory.B, 200_000), (ItemCategory.C, 50_000)));
        Assert.Equal((425_000L, 175_000L, 0L, 122_500L, 0L, 102_500L), Figures(july));

        // A 80,000,003: fund capped at 40,000,000 − 850,000 = 39,150,000; qualifying 40,850,003; the year 350,000 → 41,200,003:
        // 8,500,000 × 0.6 + 10,000,000 × 0.7 + 21,200,003 × 0.8 = floor(29,060,002.4) = 29,060,002;
        // assistance floor(11,790,001 × 0.7) = 8,253,000, capped at 5,000,000 − 122,500 = 4,877,500;
        // patient 80,000,003 − 39,150,000 − 29,060,002 − 4,877,500 = 6,912,501: account 44,001, cash 6,868,500.
        var big = await settlements.SettleAsync(Stay("tier-s3", fixture.Day(7, 2), true, (ItemCategory.A, 80_000_003)));
        Assert.Equal((39_150_000L, 40_850_003L, 29_060_002L, 4_877_500L, 44_001L, 6_868_500L), Figures(big));
        Assert.Equal(Figures(big), Figures(await settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = big.SettlementId })));

        var reversal = await settlements.ReverseAsync(new ReverseRequest { RequestId = "tier-r3", SettlementId = big.SettlementId, CareRegionCode = Care, Reason = "duplicate bill" });
        Assert.Equal((39_150_000L, 29_060_002L, 4_877_500L, 44_001L), (reversal.FundPayFen, reversal.SeriousIllnessPayFen, reversal.AssistancePayFen, reversal.AccountPayFen));
        var listed = await settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = Insured, Period = reversal.Period });
        Assert.Equal([reversal], listed.Reversals);
        var restored = await registry.GetPersonAsync(new GetPersonRequest { PersonId = Person, Year = fixture.Year });
        Assert.Equal((850_000L, 350_000L, 0L, 122_500L, 44_001L),
            (restored.FundPaidInYearFen, restored.QualifyingSelfBurdenInYearFen, restored.SeriousIllnessPaidInYearFen, restored.AssistancePaidInYearFen, restored.AccountBalanceFen));

        // On the restored totals: fund floor(29,920,000 × 0.85) = 25,432,000; qualifying 4,568,000; the year 350,000 → 4,918,000:
        // serious illness floor(3,418,000 × 0.6) = 2,050,800; assistance floor(2,517,200 × 0.7) = 1,762,040; cash 755,160.
        var after = await settlements.SettleAsync(Stay("tier-s4", fixture.Day(7, 3), false, (ItemCategory.A, 30_000_000)));
        Assert.Equal((25_432_000L, 4_568_000L, 2_050_800L, 1_762_040L, 0L, 755_160L), Figures(after));

        var year = await registry.GetPersonAsync(new GetPersonRequest { PersonId = Person, Year = fixture.Year });
        Assert.Equal((26_282_000L, 4_918_000L, 2_050_800L, 1_884_540L),
            (year.FundPaidInYearFen, year.QualifyingSelfBurdenInYearFen, year.SeriousIllnessPaidInYearFen, year.AssistancePaidInYearFen));
        var page = await settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Care, Period = after.Period });
        var bigReversed = big.Clone();
        bigReversed.Reversed = true;
        bigReversed.ReversalId = reversal.ReversalId;
        Assert.Equal([june, july, bigReversed, after], page.Settlements);

        await ReconcileAsync([june, july, big, after], reversal, "tier-r3");
        await CloseAsync(after.Period);
    }

    /// <summary>
    /// The care region's daily report states each entry's fund amount as every fund tier it advanced together
    /// (basic fund + serious illness + assistance): reported so, every entry matches.
    /// </summary>
    private async Task ReconcileAsync(Settlement[] settled, Reversal reversal, string reversalRequestId)
    {
        static string Day(string acceptedAt) => ChinaClock.Format(DateOnly.FromDateTime(DateTimeOffset.Parse(acceptedAt, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(8)).DateTime));
        var entries = settled
            .Select(s => (Day: Day(s.AcceptedAt), Entry: ReportStream.Entry(s.RequestId, ReportEntryKind.Settlement, s.FundPayFen + s.SeriousIllnessPayFen + s.AssistancePayFen, s.AccountPayFen)))
            .Append((Day: Day(reversal.AcceptedAt), Entry: ReportStream.Entry(reversalRequestId, ReportEntryKind.Reversal, reversal.FundPayFen + reversal.SeriousIllnessPayFen + reversal.AssistancePayFen, reversal.AccountPayFen)));
        foreach (var day in entries.GroupBy(e => e.Day))
        {
            var result = await fixture.Reconciliation.SubmitAsync(
                [ReportStream.Header($"tier-report-{day.Key}", Care, day.Key), .. day.Select(e => e.Entry)]);
            Assert.Empty(result.Discrepancies);
            Assert.Equal(day.Count(), result.MatchedCount);
        }
    }

    /// <summary>
    /// The close counts every tier the care region advanced: 425,000 + 547,500 + (73,131,503 − 73,131,503) + 29,244,840
    /// = 30,217,340, of which serious illness 2,050,800 and assistance 1,884,540; the insured region owes it all,
    /// to the fen, and the transfers move exactly that.
    /// </summary>
    private async Task CloseAsync(string period)
    {
        var clearing = fixture.Clearing;
        var closed = await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "tier-close", Period = period });
        Assert.Equal(PeriodState.Closed, closed.State);

        var insured = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Insured });
        Assert.Equal(
            [new StatementLine
            {
                CounterpartyRegionCode = Care, ReceivableFen = 0, PayableFen = 30_217_340, SettlementCount = 4, ReversalCount = 1,
                SeriousIllnessOwedFen = 2_050_800, AssistanceOwedFen = 1_884_540,
            }],
            insured.Lines);
        Assert.Equal((-30_217_340L, 0L, 30_217_340L), (insured.NetFen, insured.PrepaymentDrawnFen, insured.AmountDueFen));
        var care = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Care });
        Assert.Equal(
            [new StatementLine
            {
                CounterpartyRegionCode = Insured, ReceivableFen = 30_217_340, PayableFen = 0, SettlementCount = 4, ReversalCount = 1,
                SeriousIllnessAdvancedFen = 2_050_800, AssistanceAdvancedFen = 1_884_540,
            }],
            care.Lines);
        Assert.Equal(30_217_340, care.NetFen);

        var transfers = await clearing.ListTransfersAsync(new ListTransfersRequest { Period = period });
        Assert.Equal(
            [("000000", Care, 30_217_340L, TransferKind.Payout), (Insured, "000000", 30_217_340L, TransferKind.AmountDue)],
            transfers.Transfers.Select(t => (t.FromRegionCode, t.ToRegionCode, t.AmountFen, t.Kind)));
    }

    [Fact]
    public async Task A_policy_with_bad_tiers_is_refused_naming_the_field_and_nothing_is_written()
    {
        var scheme = TieredScheme();
        scheme.SeriousIllness.Bands[1].UpToFen = 9_000_000;
        var before = await fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Registry.PublishPolicyAsync(new PublishPolicyRequest
        {
            RequestId = "tier-bad", RegionCode = Insured, EffectiveFrom = ChinaClock.Format(fixture.Today.AddDays(1)), Policy = Policies.Of(scheme),
        }));

        Assert.Equal("Employee.serious_illness.bands[1].up_to_fen 9000000 must be greater than bands[0].up_to_fen 10000000: bands increase", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }
}
