using Clearinghouse.Domain.Accounts;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using EntryCause = Clearinghouse.V1.EntryCause;
using Tiered = Clearinghouse.Integration.Tests.Tiers.TieredSettlementTests;

namespace Clearinghouse.Integration.Tests.Tiers;

/// <summary>
/// The insured region's three funds over AccountService on a tiered month (TieredSettlementTests' policy and person):
/// contributions, stays below and across the serious-illness threshold with an assistance status, one reversed.
/// Before booking, all of it is unbooked; after each fund's BookCommitted, serious:&lt;insured&gt; is its
/// contributions' serious-illness part less the serious-illness pay plus what the reversal gave back, and
/// assistance:&lt;insured&gt; is minus the assistance pay plus what was given back, to the fen, with the entries adding
/// up; and the funds' outflows with the account and cash payments are the settlements' totals.
/// </summary>
public sealed class TieredFundAccountsTests(TieredSettlementTests.Fixture fixture) : IClassFixture<TieredSettlementTests.Fixture>
{
    private const string Insured = Tiered.Insured;
    private const string Care = Tiered.Care;
    private const string Person = Tiered.Person;

    private AccountService.AccountServiceClient Accounts => new(fixture.Host.Channel);

    private IFundAccountGrain Fund(FundKind fund) =>
        fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IFundAccountGrain>(fund.Account(Insured).ToString());

    private SettleRequest Stay(string requestId, DateOnly serviceDate, bool useAccount, long amountFen)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = Care, HospitalCode = Tiered.Hospital, PersonId = Person,
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(serviceDate), Visit = Stays.Ending(serviceDate), UsePersonalAccount = useAccount,
        };
        request.Items.Add(new LineItem { Code = "I-0", Name = "item", Category = ItemCategory.A, Quantity = 1, AmountFen = amountFen });
        return request;
    }

    [Fact]
    public async Task Each_fund_books_its_part_of_contributions_settlements_and_reversals_to_the_fen()
    {
        var contributions = new List<ContributionResult>();
        foreach (var (id, month, employer) in new[] { ("tf-c1", 1, 80_005L), ("tf-c2", 2, 61_333L) })
        {
            contributions.Add(await fixture.Registry.RecordContributionAsync(new RecordContributionRequest
            {
                RequestId = id, PersonId = Person, Period = $"{fixture.Year}-{month:00}", EmployerFen = employer, IndividualFen = 20_000,
            }));
        }
        Assert.All(contributions, c => Assert.True(c.SeriousIllnessCreditFen > 0));
        await fixture.Registry.SetAssistanceStatusAsync(new SetAssistanceStatusRequest
        {
            RequestId = "tf-a1", PersonId = Person, Status = AssistanceStatus.MinimumLiving, EffectiveFrom = ChinaClock.Format(fixture.Day(7, 1)),
        });
        Settlement[] settled =
        [
            await fixture.Settlements.SettleAsync(Stay("tf-s1", fixture.Day(6, 30), false, 650_000)),
            await fixture.Settlements.SettleAsync(Stay("tf-s2", fixture.Day(7, 1), false, 650_000)),
            await fixture.Settlements.SettleAsync(Stay("tf-s3", fixture.Day(7, 2), true, 80_000_003)),
            await fixture.Settlements.SettleAsync(Stay("tf-s4", fixture.Day(7, 3), false, 30_000_000)),
        ];
        var reversal = await fixture.Settlements.ReverseAsync(new ReverseRequest { RequestId = "tf-r3", SettlementId = settled[2].SettlementId, CareRegionCode = Care, Reason = "duplicate bill" });
        Assert.True(settled.Sum(s => s.SeriousIllnessPayFen) > reversal.SeriousIllnessPayFen && reversal.SeriousIllnessPayFen > 0);
        Assert.True(settled.Sum(s => s.AssistancePayFen) > reversal.AssistancePayFen && reversal.AssistancePayFen > 0);

        var expected = new Dictionary<FundKind, (long Fen, long Count)>
        {
            [FundKind.Pooled] = Net(contributions.Select(c => c.PooledCreditFen), settled.Select(s => s.FundPayFen), reversal.FundPayFen),
            [FundKind.SeriousIllness] = Net(contributions.Select(c => c.SeriousIllnessCreditFen), settled.Select(s => s.SeriousIllnessPayFen), reversal.SeriousIllnessPayFen),
            [FundKind.Assistance] = Net([], settled.Select(s => s.AssistancePayFen), reversal.AssistancePayFen),
        };
        // Nothing flows into the assistance fund: it holds what it advanced, to be funded by civil affairs.
        Assert.True(expected[FundKind.Assistance].Fen < 0);

        foreach (var fund in FundKinds.All)
        {
            var id = fund.Account(Insured).ToString();
            var before = await Accounts.GetAccountAsync(new GetAccountRequest { AccountId = id });
            Assert.Equal((id, 0L, 0L, expected[fund].Fen, expected[fund].Count), (before.AccountId, before.BalanceFen, before.EntryCount, before.UnbookedFen, before.UnbookedCount));

            await Fund(fund).BookCommitted();
            var account = await Accounts.GetAccountAsync(new GetAccountRequest { AccountId = id });
            Assert.Equal((expected[fund].Fen, 0L, 0L), (account.BalanceFen, account.UnbookedFen, account.UnbookedCount));
            var entries = (await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = id })).Entries;
            Assert.Equal(account.EntryCount, entries.Count);
            Assert.Equal(account.BalanceFen, entries.Sum(e => e.AmountFen));
            Assert.Equal(account.BalanceFen, entries[^1].BalanceAfterFen);
            Assert.Equal(expected[fund].Count, entries.Sum(e => e.MovementCount));
            Assert.Equal(fund != FundKind.Assistance, entries.Any(e => e.Cause == EntryCause.Contribution));
        }

        // Each fund books on its own stream, keyed by its account id.
        foreach (var fund in FundKinds.All)
        {
            Assert.Equal(["pooled_fund_booked_v1"], (await fixture.Database.StreamAsync(fund.Account(Insured).ToString())).Select(e => e.Type));
        }

        // The funds' outflows, the account and cash payments are the standing settlements' totals.
        var standing = settled.Where(s => s.SettlementId != reversal.SettlementId).ToList();
        var paidByFunds = FundKinds.All.Sum(f => -expected[f].Fen)
            + contributions.Sum(c => c.PooledCreditFen) + contributions.Sum(c => c.SeriousIllnessCreditFen);
        Assert.Equal(standing.Sum(s => s.TotalFen), paidByFunds + standing.Sum(s => s.AccountPayFen + s.CashPayFen));

        // A region's agency reads its own funds; another region's is refused.
        foreach (var fund in new[] { FundKind.SeriousIllness, FundKind.Assistance })
        {
            var id = fund.Account(Insured).ToString();
            Assert.Equal(expected[fund].Fen, (await new AccountService.AccountServiceClient(fixture.Host.ChannelFor(TestCallers.Region(Insured)))
                .GetAccountAsync(new GetAccountRequest { AccountId = id })).BalanceFen);
            await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => new AccountService.AccountServiceClient(fixture.Host.ChannelFor(TestCallers.Region(Care)))
                .GetAccountAsync(new GetAccountRequest { AccountId = id }), id);
        }
    }

    /// <summary>Contributions in, payments out, the reversed payment back: the net and how many rows moved the fund.</summary>
    private static (long Fen, long Count) Net(IEnumerable<long> credits, IEnumerable<long> payments, long reversed)
    {
        var moving = credits.Where(c => c > 0).Select(c => c).Concat(payments.Where(p => p > 0).Select(p => -p)).ToList();
        if (reversed > 0)
        {
            moving.Add(reversed);
        }
        return (moving.Sum(), moving.Count);
    }
}
