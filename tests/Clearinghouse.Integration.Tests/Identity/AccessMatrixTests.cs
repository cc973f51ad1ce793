using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Clearinghouse.EventStore.Protocol;
using EventStoreEmpty = Clearinghouse.EventStore.Protocol.Empty;

namespace Clearinghouse.Integration.Tests.Identity;

/// <summary>
/// Every RPC × every kind of caller → the expected status (docs/identity.md, "Who may call what"): the callers
/// are the region a request acts for, another region, the platform of its province, another province's
/// platform, an officer, an operator, and no / a stranger CA's / an expired certificate. Each request names the
/// region <see cref="Own"/>. An admitted call may still be refused for what it asks (NOT_FOUND, INVALID_ARGUMENT…)
/// but never PERMISSION_DENIED or UNAUTHENTICATED; a refused one leaves the store as it was. The expectations
/// are written here, not read from the host's table, so a wrong entry there fails.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.Fixture fixture) : IClassFixture<AccessMatrixTests.Fixture>
{
    private const string Own = "110101";
    private const string Another = "120101";
    private const string Third = "130101";

    private static readonly TestCertificates Stranger = new("matrix stranger CA");

    // Who is admitted, by row: own region, another region, platform 11, platform 12, officer, operator.
    private const string OperatorOnly = "-----O";
    private const string OfficerOnly = "----O-";
    private const string Anyone = "OOOOOO";
    private const string Agencies = "O-O---";
    private const string AgenciesAndOfficer = "O-O-O-";
    private const string PartiesAnyoneButStrangers = "O-O-OO";

    private static readonly string[] Identities = ["own region", "another region", "province's platform", "another province's platform", "officer", "operator"];

    private static readonly Dictionary<string, (string Admitted, Func<CallInvoker, Fixture, Task> Call)> Rpcs = new()
    {
        ["RegistryService/UpsertRegion"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).UpsertRegionAsync(new UpsertRegionRequest { RequestId = Id(), RegionCode = Own, Name = "Beijing Dongcheng" }).ResponseAsync),
        ["RegistryService/GetRegion"] = (Anyone, (c, _) => new RegistryService.RegistryServiceClient(c).GetRegionAsync(new GetRegionRequest { RegionCode = Own }).ResponseAsync),
        ["RegistryService/PublishPolicy"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).PublishPolicyAsync(new PublishPolicyRequest { RequestId = Id(), RegionCode = Own, EffectiveFrom = "2001-01-01", Policy = new Policy() }).ResponseAsync),
        ["RegistryService/RegisterHospital"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = Id(), RegionCode = Own, HospitalCode = "M-" + Id()[..8], Name = "New", Level = 1 }).ResponseAsync),
        ["RegistryService/EnrollPerson"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).EnrollPersonAsync(new EnrollPersonRequest { RequestId = Id(), PersonId = "m-" + Id()[..8], InsuredRegionCode = Own, Scheme = Scheme.Employee, Category = PersonCategory.Active }).ResponseAsync),
        ["RegistryService/RecordContribution"] = (OperatorOnly, (c, f) => new RegistryService.RegistryServiceClient(c).RecordContributionAsync(new RecordContributionRequest { RequestId = Id(), PersonId = "m-own", Period = ChinaClock.Period(f.Today), EmployerFen = 1 }).ResponseAsync),
        ["RegistryService/FileRegistration"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).FileRegistrationAsync(new FileRegistrationRequest { RequestId = Id(), PersonId = "m-own", CareRegionCode = Third, ValidFrom = "2025-01-01", ValidTo = "2025-12-31" }).ResponseAsync),
        ["RegistryService/SuspendPerson"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).SuspendPersonAsync(new SuspendPersonRequest { RequestId = Id(), PersonId = "nobody", Reason = "x" }).ResponseAsync),
        ["RegistryService/ReinstatePerson"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = Id(), PersonId = "nobody" }).ResponseAsync),
        ["RegistryService/SetAssistanceStatus"] = (OperatorOnly, (c, _) => new RegistryService.RegistryServiceClient(c).SetAssistanceStatusAsync(new SetAssistanceStatusRequest { RequestId = Id(), PersonId = "nobody", Status = AssistanceStatus.MinimumLiving, EffectiveFrom = "2025-01-01" }).ResponseAsync),
        // A catalogue is published information: anyone reads it; only operators publish (a header alone: refused as empty).
        ["RegistryService/PublishCatalogue"] = (OperatorOnly, (c, _) => CatalogueAsync(c)),
        ["RegistryService/GetCatalogueItem"] = (Anyone, (c, _) => new RegistryService.RegistryServiceClient(c).GetCatalogueItemAsync(new GetCatalogueItemRequest { RegionCode = Own, Code = "X001", Date = "2025-01-01" }).ResponseAsync),
        ["RegistryService/ListCatalogueVersions"] = (Anyone, (c, _) => new RegistryService.RegistryServiceClient(c).ListCatalogueVersionsAsync(new ListCatalogueVersionsRequest { RegionCode = Own }).ResponseAsync),
        ["RegistryService/GetPerson"] = (PartiesAnyoneButStrangers, (c, _) => new RegistryService.RegistryServiceClient(c).GetPersonAsync(new GetPersonRequest { PersonId = "m-own" }).ResponseAsync),

        ["SettlementService/Settle"] = (Agencies, (c, f) => new SettlementService.SettlementServiceClient(c).SettleAsync(f.Visit()).ResponseAsync),
        ["SettlementService/SettleStream"] = (Agencies, (c, f) => SettleStreamAsync(c, f.Visit())),
        ["SettlementService/Reverse"] = (Agencies, (c, _) => new SettlementService.SettlementServiceClient(c).ReverseAsync(new ReverseRequest { RequestId = Id(), SettlementId = "0123456789abcdef0123456789abcdef", CareRegionCode = Own, Reason = "x" }).ResponseAsync),
        ["SettlementService/GetSettlement"] = ("O-O-O-", (c, f) => new SettlementService.SettlementServiceClient(c).GetSettlementAsync(new GetSettlementRequest { SettlementId = f.SettlementId }).ResponseAsync),
        ["SettlementService/ListReversals"] = (AgenciesAndOfficer, (c, f) => new SettlementService.SettlementServiceClient(c).ListReversalsAsync(new ListReversalsRequest { RegionCode = Own, Period = ChinaClock.Period(f.Today) }).ResponseAsync),
        ["SettlementService/ListSettlements"] = (AgenciesAndOfficer, (c, f) => new SettlementService.SettlementServiceClient(c).ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Own, Period = ChinaClock.Period(f.Today) }).ResponseAsync),

        ["ClearingService/DepositPrepayment"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = Id(), RegionCode = Own, AmountFen = 0 }).ResponseAsync),
        ["ClearingService/GetPrepaymentBalance"] = (AgenciesAndOfficer, (c, _) => new ClearingService.ClearingServiceClient(c).GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Own }).ResponseAsync),
        ["ClearingService/GetCurrentPeriod"] = (Anyone, (c, _) => new ClearingService.ClearingServiceClient(c).GetCurrentPeriodAsync(new GetCurrentPeriodRequest()).ResponseAsync),
        ["ClearingService/ClosePeriod"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).ClosePeriodAsync(new ClosePeriodRequest { RequestId = Id(), Period = "2001-01" }).ResponseAsync),
        ["ClearingService/GetPeriodSummary"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = "2001-01" }).ResponseAsync),
        ["ClearingService/GetStatement"] = (AgenciesAndOfficer, (c, _) => new ClearingService.ClearingServiceClient(c).GetStatementAsync(new GetStatementRequest { Period = "2001-01", RegionCode = Own }).ResponseAsync),
        ["ClearingService/ListStatements"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).ListStatementsAsync(new ListStatementsRequest { Period = "2001-01" }).ResponseAsync),
        ["ClearingService/ConfirmStatement"] = ("O---O-", (c, _) => new ClearingService.ClearingServiceClient(c).ConfirmStatementAsync(new ConfirmStatementRequest { RequestId = Id(), Period = "2001-01", RegionCode = Own }).ResponseAsync),
        ["ClearingService/WithdrawPrepayment"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).WithdrawPrepaymentAsync(new WithdrawPrepaymentRequest { RequestId = Id(), RegionCode = Own, AmountFen = 0 }).ResponseAsync),
        ["ClearingService/MarkTransferExecuted"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).MarkTransferExecutedAsync(new MarkTransferExecutedRequest { RequestId = Id(), TransferId = "2001-01/001", BankReference = "B", ExecutedAt = "2001-02-01T00:00:00Z" }).ResponseAsync),
        ["AccountService/GetAccount"] = (AgenciesAndOfficer, (c, _) => new AccountService.AccountServiceClient(c).GetAccountAsync(new GetAccountRequest { AccountId = "prepayment:" + Own }).ResponseAsync),
        ["AccountService/ListAccountEntries"] = (AgenciesAndOfficer, (c, _) => new AccountService.AccountServiceClient(c).ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + Own }).ResponseAsync),
        ["ClearingService/ListTransfers"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).ListTransfersAsync(new ListTransfersRequest { Period = "2001-01" }).ResponseAsync),
        ["ClearingService/GetOpenPeriodOverview"] = (OfficerOnly, (c, _) => new ClearingService.ClearingServiceClient(c).GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest()).ResponseAsync),
        ["ClearingService/GetPeriodPosition"] = (AgenciesAndOfficer, (c, _) => new ClearingService.ClearingServiceClient(c).GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = Own }).ResponseAsync),
        ["ClearingService/WatchPeriods"] = (AgenciesAndOfficer, (c, _) => WatchAsync(c)),

        ["ReconciliationService/SubmitDailyReport"] = (Agencies, (c, f) => ReportAsync(c, f)),
        ["ReconciliationService/ListDiscrepancies"] = (AgenciesAndOfficer, (c, _) => new ReconciliationService.ReconciliationServiceClient(c).ListDiscrepanciesAsync(new ListDiscrepanciesRequest { RegionCode = Own }).ResponseAsync),
        ["ReconciliationService/ResolveDiscrepancy"] = (OfficerOnly, (c, _) => new ReconciliationService.ReconciliationServiceClient(c).ResolveDiscrepancyAsync(new ResolveDiscrepancyRequest { RequestId = Id(), DiscrepancyId = "0123456789abcdef0123456789abcdef" }).ResponseAsync),
        ["IdentityService/GetCaller"] = (Anyone, (c, _) => new IdentityService.IdentityServiceClient(c).GetCallerAsync(new GetCallerRequest()).ResponseAsync),
        // Fund supervision: a region lists the flags it is party to; reading one it is not party to is refused after the
        // load (HiddenData-style, tested in SupervisionTests), so a flag that does not exist is NOT_FOUND to every reader.
        ["SupervisionService/ListFlags"] = (AgenciesAndOfficer, (c, _) => new SupervisionService.SupervisionServiceClient(c).ListFlagsAsync(new ListFlagsRequest { RegionCode = Own }).ResponseAsync),
        ["SupervisionService/GetFlag"] = ("OOOOO-", (c, _) => new SupervisionService.SupervisionServiceClient(c).GetFlagAsync(new GetFlagRequest { FlagId = "F0123456789abcdef0123" }).ResponseAsync),
        ["SupervisionService/ResolveFlag"] = (OfficerOnly, (c, _) => new SupervisionService.SupervisionServiceClient(c).ResolveFlagAsync(new ResolveFlagRequest { RequestId = Id(), FlagId = "F0123456789abcdef0123", Resolution = FlagResolution.Confirmed }).ResponseAsync),
        ["SupervisionService/ReplayRules"] = (OfficerOnly, (c, _) => new SupervisionService.SupervisionServiceClient(c).ReplayRulesAsync(new ReplayRulesRequest { Period = "2001-01" }).ResponseAsync),
        ["AuditService/ListActions"] = (OfficerOnly, (c, _) => new AuditService.AuditServiceClient(c).ListActionsAsync(new ListActionsRequest { RegionCode = Own }).ResponseAsync),
        ["ReconciliationService/GetReconciliationStatus"] = (AgenciesAndOfficer, (c, f) => new ReconciliationService.ReconciliationServiceClient(c).GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = Own, Period = ChinaClock.Period(f.Today) }).ResponseAsync),

        // The EventStoreDB protocol: every agency and officer reads (each its own part); writes are refused to all.
        ["Streams/Read"] = ("OOOOO-", (c, _) => ReadAllAsync(c)),
        ["Streams/Append"] = ("------", (c, _) => AppendAsync(c)),
        ["Streams/Delete"] = ("------", (c, _) => new Streams.StreamsClient(c).DeleteAsync(new DeleteReq { Options = new DeleteReq.Types.Options { StreamIdentifier = StreamOf("region:" + Own), Any = new EventStoreEmpty() } }).ResponseAsync),
        ["Streams/Tombstone"] = ("------", (c, _) => new Streams.StreamsClient(c).TombstoneAsync(new TombstoneReq { Options = new TombstoneReq.Types.Options { StreamIdentifier = StreamOf("region:" + Own), Any = new EventStoreEmpty() } }).ResponseAsync),
        ["ServerFeatures/GetSupportedMethods"] = ("OOOOO-", (c, _) => new ServerFeatures.ServerFeaturesClient(c).GetSupportedMethodsAsync(new EventStoreEmpty()).ResponseAsync),
    };

    public static TheoryData<string> RpcNames => [.. Rpcs.Keys];

    [Fact]
    public void The_matrix_covers_every_RPC_of_the_contract()
    {
        var services = new[]
        {
            RegistryService.Descriptor, SettlementService.Descriptor, ClearingService.Descriptor, ReconciliationService.Descriptor, AuditService.Descriptor,
            AccountService.Descriptor, IdentityService.Descriptor, SupervisionService.Descriptor, Streams.Descriptor, ServerFeatures.Descriptor,
        };
        Assert.Equal(services.SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}")).Order(), Rpcs.Keys.Order());
        Assert.Equal(services.SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}")).Order(), AccessTable.Rpcs.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(RpcNames))]
    public async Task Each_caller_gets_the_status_the_table_gives_it_and_a_refusal_writes_nothing(string rpc)
    {
        var (admitted, call) = Rpcs[rpc];
        Caller[] callers = [TestCallers.Region(Own), TestCallers.Region(Another), new(CallerRole.Platform, "11"), new(CallerRole.Platform, "12"), TestCallers.Officer, TestCallers.Operator];
        for (var i = 0; i < callers.Length; i++)
        {
            var invoker = fixture.Host.ChannelFor(callers[i]).CreateCallInvoker();
            var because = $"{rpc} as {Identities[i]} ({callers[i]})";
            if (admitted[i] == 'O')
            {
                var status = await StatusOf(() => call(invoker, fixture));
                Assert.True(status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated), $"{because}: admitted, but {status}");
            }
            else
            {
                await RefusedUnchanged(StatusCode.PermissionDenied, () => call(invoker, fixture), because);
            }
        }
        foreach (var (name, tls) in new[]
        {
            ("no certificate", TestCertificates.Instance.ClientFor(null)),
            ("another CA's certificate", ClientTls.Of(TestCertificates.Instance.Authority, Stranger.For(TestCallers.Officer))),
            ("an expired certificate", ClientTls.Of(TestCertificates.Instance.Authority, TestCertificates.Instance.Expired(TestCallers.Officer))),
        })
        {
            using var channel = fixture.Host.OpenChannel(tls);
            await RefusedUnchanged(StatusCode.Unauthenticated, () => call(channel.CreateCallInvoker(), fixture), $"{rpc} with {name}");
        }
    }

    private async Task RefusedUnchanged(StatusCode expected, Func<Task> call, string because)
    {
        var before = await fixture.Database.CountsAsync();
        var refused = await Rpc.RefusedAsync(expected, call, because);
        Assert.False(string.IsNullOrWhiteSpace(refused.Status.Detail), $"{because}: the refusal says why");
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    private static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static async Task SettleStreamAsync(CallInvoker invoker, SettleRequest visit)
    {
        using var call = new SettlementService.SettlementServiceClient(invoker).SettleStream(deadline: DateTime.UtcNow.AddSeconds(30));
        await WriteOneAsync(call.RequestStream, visit);
        while (await call.ResponseStream.MoveNext())
        {
        }
    }

    private static async Task WatchAsync(CallInvoker invoker)
    {
        // Admitted: the stream opens and sends nothing until a period closes; the deadline ends it.
        using var call = new ClearingService.ClearingServiceClient(invoker).WatchPeriods(new WatchPeriodsRequest { RegionCode = Own }, deadline: DateTime.UtcNow.AddSeconds(1));
        while (await call.ResponseStream.MoveNext())
        {
        }
    }

    private static async Task ReadAllAsync(CallInvoker invoker)
    {
        var options = new ReadReq.Types.Options { All = new ReadReq.Types.Options.Types.AllOptions { Start = new EventStoreEmpty() }, Count = 5, NoFilter = new EventStoreEmpty() };
        using var call = new Streams.StreamsClient(invoker).Read(new ReadReq { Options = options }, deadline: DateTime.UtcNow.AddSeconds(30));
        while (await call.ResponseStream.MoveNext())
        {
        }
    }

    private static async Task AppendAsync(CallInvoker invoker)
    {
        using var call = new Streams.StreamsClient(invoker).Append(deadline: DateTime.UtcNow.AddSeconds(30));
        await WriteOneAsync(call.RequestStream, new AppendReq { Options = new AppendReq.Types.Options { StreamIdentifier = StreamOf("region:" + Own), Any = new EventStoreEmpty() } });
        await call.ResponseAsync;
    }

    private static StreamIdentifier StreamOf(string name) => new() { StreamName = Google.Protobuf.ByteString.CopyFromUtf8(name) };

    private static async Task CatalogueAsync(CallInvoker invoker)
    {
        using var call = new RegistryService.RegistryServiceClient(invoker).PublishCatalogue(deadline: DateTime.UtcNow.AddSeconds(30));
        await WriteOneAsync(call.RequestStream, new PublishCatalogueRequest
        {
            Header = new CatalogueHeader { RequestId = Id(), RegionCode = Own, EffectiveFrom = "2025-01-01" },
        });
        await call.ResponseAsync;
    }

    private static async Task ReportAsync(CallInvoker invoker, Fixture fixture)
    {
        using var call = new ReconciliationService.ReconciliationServiceClient(invoker).SubmitDailyReport(deadline: DateTime.UtcNow.AddSeconds(30));
        await WriteOneAsync(call.RequestStream, new SubmitDailyReportRequest
        {
            Header = new DailyReportHeader { RequestId = Id(), CareRegionCode = Own, BusinessDate = ChinaClock.Format(fixture.Today.AddDays(-400)) },
        });
        await call.ResponseAsync;
    }

    /// <summary>
    /// Sends one message and half-closes. A server that refuses the call on its first message may end it
    /// before the client has half-closed; the client's write then fails on its own account (Cancelled, or
    /// "the call is complete"), and the server's status is the one the response carries, read next.
    /// </summary>
    private static async Task WriteOneAsync<T>(IClientStreamWriter<T> requests, T message)
    {
        try
        {
            await requests.WriteAsync(message);
            await requests.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
        }
    }

    private static string Id() => "m-" + Guid.NewGuid().ToString("N");

    /// <summary>Three regions in three provinces; a person insured in <see cref="Own"/>; a settlement at Own's hospital of a person insured in <see cref="Third"/>.</summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        public string SettlementId { get; private set; } = "";

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "matrix");
            await scenario.RegionAsync(Own, "Beijing Dongcheng");
            await scenario.RegionAsync(Another, "Tianjin Heping");
            await scenario.RegionAsync(Third, "Shijiazhuang Chang'an");
            await scenario.PolicyAsync(Own, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.PolicyAsync(Third, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("M-H1", Own, 1);
            await scenario.PersonAsync("m-own", Own, Scheme.Employee, PersonCategory.Active);
            await scenario.PersonAsync("m-third", Third, Scheme.Employee, PersonCategory.Active);
            await scenario.ContributionAsync("m-third", ChinaClock.Period(Today), 100_000, 20_000);
            SettlementId = (await Settlements.SettleAsync(Visit())).SettlementId;
            await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest());
        }

        /// <summary>A valid visit of m-third (insured in Third) at M-H1 in Own.</summary>
        public SettleRequest Visit()
        {
            var request = new SettleRequest
            {
                RequestId = Id(), CareRegionCode = Own, HospitalCode = "M-H1", PersonId = "m-third",
                VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(Today.AddDays(-1)), UsePersonalAccount = true,
            };
            request.Items.Add(new LineItem { Code = "A1", Name = "consultation", Category = ItemCategory.A, Quantity = 1, AmountFen = 3_000 });
            return request;
        }
    }
}
