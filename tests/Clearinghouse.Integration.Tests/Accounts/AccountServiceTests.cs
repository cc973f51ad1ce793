using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Accounts;

/// <summary>
/// The accounts through gRPC on a real host: a deposit, a withdrawal, a close that draws the prepayment, and the
/// transfers marked executed move the prepayment, clearing and personal accounts by entries that name their cause,
/// amount, balance after and actor. Retries answer the first answer, refusals write nothing, and a region reads only
/// its own accounts.
/// </summary>
public sealed class AccountServiceTests(AccountServiceTests.Fixture fixture) : IClassFixture<AccountServiceTests.Fixture>
{
    private const string Insured = "150202";
    private const string Care = "150203";
    private const string Other = "150204";
    private const string Person = "acc-p1";
    private const string Officer = "officer:tests";

    public sealed class Fixture : ClearinghouseFixture
    {
        public ContributionResult Contribution { get; private set; } = new();

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "acc");
            await scenario.RegionAsync(Insured, "Baotou Kundulun");
            await scenario.RegionAsync(Care, "Baotou Qingshan");
            await scenario.RegionAsync(Other, "Baotou Donghe");
            await scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("ACC-H1", Care, 1);
            await scenario.PersonAsync(Person, Insured, Scheme.Employee, PersonCategory.Active);
            Contribution = await scenario.ContributionAsync(Person, "2026-01", 100_000, 20_000);
        }
    }

    private ClearingService.ClearingServiceClient Clearing => fixture.Clearing;

    private AccountService.AccountServiceClient Accounts => new(fixture.Host.Channel);

    private AccountService.AccountServiceClient AccountsAs(Caller caller) => new(fixture.Host.ChannelFor(caller));

    [Fact]
    public async Task Deposit_withdrawal_close_and_executed_transfers_are_entries_on_every_account_they_move()
    {
        Assert.Equal(100_000, (await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "acc-dep-1", RegionCode = Insured, AmountFen = 100_000, BankReference = "DEP-1" })).BalanceFen);
        var withdraw = new WithdrawPrepaymentRequest { RequestId = "acc-wd-1", RegionCode = Insured, AmountFen = 30_000, BankReference = "WD-1", Reason = "refund of an overpayment" };
        Assert.Equal(70_000, (await Clearing.WithdrawPrepaymentAsync(withdraw)).BalanceFen);
        // A retry answers the first balance and writes nothing; the id with other content is another request.
        var before = await fixture.Database.CountsAsync();
        Assert.Equal(70_000, (await Clearing.WithdrawPrepaymentAsync(withdraw)).BalanceFen);
        await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Clearing.WithdrawPrepaymentAsync(withdraw.Clone().Also(w => w.AmountFen = 1)));
        // Never below zero.
        var overdraw = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Clearing.WithdrawPrepaymentAsync(
            new WithdrawPrepaymentRequest { RequestId = "acc-wd-2", RegionCode = Insured, AmountFen = 70_001, BankReference = "WD-2", Reason = "too much" }));
        Assert.Contains("never goes below zero", overdraw.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());

        var today = fixture.Today;
        var visit = new SettleRequest
        {
            RequestId = "acc-visit-1", CareRegionCode = Care, HospitalCode = "ACC-H1", PersonId = Person,
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(today), Visit = Stays.Ending(today), UsePersonalAccount = true,
        };
        visit.Items.Add(new LineItem { Code = "A-1", Name = "ward", Category = ItemCategory.A, Quantity = 1, AmountFen = 120_000 });
        var settled = await fixture.Settlements.SettleAsync(visit);
        Assert.True(settled.AccountPayFen > 0);
        var owed = settled.FundPayFen + settled.AccountPayFen;
        Assert.True(owed > 70_000, "the obligation exceeds the prepayment, so the close draws it all and leaves an amount due");

        var summary = await Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "acc-close", Period = settled.Period });
        Assert.Equal(PeriodState.Closed, summary.State);
        var transfers = (await Clearing.ListTransfersAsync(new ListTransfersRequest { Period = settled.Period })).Transfers;
        Assert.Equal(
            [
                ($"{settled.Period}/001", Insured, TransferKind.PrepaymentDraw, 70_000L, TransferStatus.Executed),
                ($"{settled.Period}/002", Insured, TransferKind.AmountDue, owed - 70_000, TransferStatus.Pending),
                ($"{settled.Period}/003", Care, TransferKind.Payout, owed, TransferStatus.Pending),
            ],
            transfers.Select(t => (t.TransferId, t.FromRegionCode == "000000" ? t.ToRegionCode : t.FromRegionCode, t.Kind, t.AmountFen, t.Status)));
        var draw = transfers[0];
        var due = transfers[1];
        var payout = transfers[2];

        // The payout first: the clearing account holds only the draw, less than it would pay out.
        var executedAt = WireInstant(fixture.HostClock.GetUtcNow());
        before = await fixture.Database.CountsAsync();
        var early = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Clearing.MarkTransferExecutedAsync(
            new MarkTransferExecutedRequest { RequestId = "acc-x-0", TransferId = payout.TransferId, BankReference = "PAY-1", ExecutedAt = executedAt }));
        Assert.Contains("pays out only what the period's payers paid in", early.Status.Detail);
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Clearing.MarkTransferExecutedAsync(
            new MarkTransferExecutedRequest { RequestId = "acc-x-0", TransferId = due.TransferId, BankReference = "DUE-1", ExecutedAt = WireInstant(fixture.HostClock.GetUtcNow().AddDays(1)) }));
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Clearing.MarkTransferExecutedAsync(
            new MarkTransferExecutedRequest { RequestId = "acc-x-0", TransferId = due.TransferId, BankReference = "DUE-1", ExecutedAt = WireInstant(fixture.HostClock.GetUtcNow().AddDays(-40)) }));
        var drawAgain = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Clearing.MarkTransferExecutedAsync(
            new MarkTransferExecutedRequest { RequestId = "acc-x-0", TransferId = draw.TransferId, BankReference = "DRAW", ExecutedAt = executedAt }));
        Assert.Contains("the close executed it", drawAgain.Status.Detail);
        await Rpc.RefusedAsync(StatusCode.NotFound, () => Clearing.MarkTransferExecutedAsync(
            new MarkTransferExecutedRequest { RequestId = "acc-x-0", TransferId = $"{settled.Period}/004", BankReference = "NONE", ExecutedAt = executedAt }));
        Assert.Equal(before, await fixture.Database.CountsAsync());

        var markDue = new MarkTransferExecutedRequest { RequestId = "acc-x-1", TransferId = due.TransferId, BankReference = "DUE-1", ExecutedAt = executedAt };
        var dueExecuted = await Clearing.MarkTransferExecutedAsync(markDue);
        Assert.Equal((TransferStatus.Executed, "DUE-1", executedAt), (dueExecuted.Status, dueExecuted.BankReference, dueExecuted.ExecutedAt));
        Assert.Equal(dueExecuted, await Clearing.MarkTransferExecutedAsync(markDue));
        var again = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Clearing.MarkTransferExecutedAsync(markDue.Clone().Also(m => m.RequestId = "acc-x-2")));
        Assert.Equal($"transfer {due.TransferId} was already executed at {executedAt} with bank reference DUE-1", again.Status.Detail);
        var payoutExecuted = await Clearing.MarkTransferExecutedAsync(
            new MarkTransferExecutedRequest { RequestId = "acc-x-3", TransferId = payout.TransferId, BankReference = "PAY-1", ExecutedAt = executedAt });
        Assert.Equal(TransferStatus.Executed, payoutExecuted.Status);
        var statement = await Clearing.GetStatementAsync(new GetStatementRequest { Period = settled.Period, RegionCode = Insured });
        Assert.Equal([TransferStatus.Executed, TransferStatus.Executed], statement.Transfers.Select(t => t.Status));

        // The prepayment account: in, out, drawn by the close.
        var prepayment = await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Insured });
        Assert.Equal(
            [
                (1L, EntryCause.Deposit, "acc-dep-1", 100_000L, 100_000L, Officer, "DEP-1"),
                (2L, EntryCause.Withdrawal, "acc-wd-1", -30_000L, 70_000L, Officer, "WD-1"),
                (3L, EntryCause.Close, settled.Period, -70_000L, 0L, Officer, ""),
            ],
            prepayment.Entries.Select(e => (e.Sequence, e.Cause, e.CauseId, e.AmountFen, e.BalanceAfterFen, e.Actor, e.BankReference)));
        var account = await Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "prepayment:" + Insured });
        Assert.Equal(("prepayment:" + Insured, 0L, 3L, prepayment.Entries[^1].BookedAt), (account.AccountId, account.BalanceFen, account.EntryCount, account.AsOf));

        // The clearing account: the draw and the amount due in, the payout out; back to zero.
        var clearing = await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "clearing:000000" });
        Assert.Equal(
            [
                (EntryCause.Close, settled.Period, 70_000L, 70_000L, ""),
                (EntryCause.Transfer, due.TransferId, owed - 70_000, owed, "DUE-1"),
                (EntryCause.Transfer, payout.TransferId, -owed, 0L, "PAY-1"),
            ],
            clearing.Entries.Select(e => (e.Cause, e.CauseId, e.AmountFen, e.BalanceAfterFen, e.BankReference)));
        Assert.Equal(0, (await Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "clearing:000000" })).BalanceFen);

        // The personal account: the contribution's credit in, the settlement's account payment out.
        var personal = await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "personal:" + Person });
        Assert.Equal(
            [
                (EntryCause.Contribution, fixture.Contribution.AccountCreditFen, fixture.Contribution.AccountBalanceFen),
                (EntryCause.Settlement, -settled.AccountPayFen, fixture.Contribution.AccountBalanceFen - settled.AccountPayFen),
            ],
            personal.Entries.Select(e => (e.Cause, e.AmountFen, e.BalanceAfterFen)));
        Assert.Equal(settled.SettlementId, personal.Entries[1].CauseId);
        Assert.Equal(
            (await fixture.Registry.GetPersonAsync(new GetPersonRequest { PersonId = Person })).AccountBalanceFen,
            (await Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "personal:" + Person })).BalanceFen);

        // Paging by entry sequence, and the window in time.
        var first = await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Insured, PageSize = 2 });
        var rest = await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Insured, PageSize = 2, PageToken = first.NextPageToken });
        Assert.Equal(prepayment.Entries, first.Entries.Concat(rest.Entries));
        Assert.Equal("", rest.NextPageToken);
        var later = await Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Insured, From = prepayment.Entries[2].BookedAt });
        Assert.Equal([3L], later.Entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_region_reads_its_own_accounts_and_officers_read_every_account()
    {
        Assert.Equal("prepayment:" + Other, (await AccountsAs(TestCallers.Region(Other)).GetAccountAsync(new GetAccountRequest { AccountId = "prepayment:" + Other })).AccountId);
        Assert.Equal("personal:" + Person, (await AccountsAs(TestCallers.Region(Insured)).GetAccountAsync(new GetAccountRequest { AccountId = "personal:" + Person })).AccountId);

        foreach (var id in new[] { "prepayment:" + Insured, "clearing:000000", "personal:" + Person })
        {
            await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => AccountsAs(TestCallers.Region(Other)).GetAccountAsync(new GetAccountRequest { AccountId = id }), id);
            await Rpc.RefusedAsync(StatusCode.PermissionDenied, () => AccountsAs(TestCallers.Region(Other)).ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = id }), id);
        }
    }

    [Fact]
    public async Task Malformed_ids_tokens_and_windows_are_invalid_and_unknown_owners_not_found()
    {
        var malformed = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "savings:1" }));
        Assert.Equal("account_id: unknown account kind \"savings\": prepayment:<region>, pooled:<region>, serious:<region>, assistance:<region>, clearing:000000 or personal:<person_id>", malformed.Status.Detail);
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "clearing:000001" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Insured, PageToken = "not-a-token" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Insured, PageSize = 1_001 }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest
        {
            AccountId = "prepayment:" + Insured, From = "2026-12-02T00:00:00Z", To = "2026-12-01T00:00:00Z",
        }));
        var region = await Rpc.RefusedAsync(StatusCode.NotFound, () => Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "prepayment:159999" }));
        Assert.Equal("region 159999 not found", region.Status.Detail);
        var person = await Rpc.RefusedAsync(StatusCode.NotFound, () => Accounts.GetAccountAsync(new GetAccountRequest { AccountId = "personal:nobody" }));
        Assert.Equal("person nobody not found", person.Status.Detail);
    }

    private static string WireInstant(DateTimeOffset instant) => Clearinghouse.Api.WireMapping.Instant(instant);
}

internal static class MessageExtensions
{
    public static T Also<T>(this T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
