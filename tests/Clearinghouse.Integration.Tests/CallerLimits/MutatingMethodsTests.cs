using Clearinghouse.Api.CallerLimits;

namespace Clearinghouse.Integration.Tests.CallerLimits;

public sealed class MutatingMethodsTests
{
    /// <summary>The rate limit covers exactly the RPCs that carry a request_id: every write, no read.</summary>
    [Fact]
    public void The_rate_limited_rpcs_are_exactly_those_that_carry_a_request_id()
    {
        string[] expected =
        [
            "/clearinghouse.v1.ClearingService/ClosePeriod",
            "/clearinghouse.v1.ClearingService/ConfirmStatement",
            "/clearinghouse.v1.ClearingService/DepositPrepayment",
            "/clearinghouse.v1.ClearingService/MarkTransferExecuted",
            "/clearinghouse.v1.ClearingService/WithdrawPrepayment",
            "/clearinghouse.v1.ReconciliationService/ResolveDiscrepancy",
            "/clearinghouse.v1.ReconciliationService/SubmitDailyReport",
            "/clearinghouse.v1.RegistryService/EnrollPerson",
            "/clearinghouse.v1.RegistryService/FileRegistration",
            "/clearinghouse.v1.RegistryService/PublishCatalogue",
            "/clearinghouse.v1.RegistryService/PublishPolicy",
            "/clearinghouse.v1.RegistryService/RecordContribution",
            "/clearinghouse.v1.RegistryService/RegisterHospital",
            "/clearinghouse.v1.RegistryService/ReinstatePerson",
            "/clearinghouse.v1.RegistryService/SetAssistanceStatus",
            "/clearinghouse.v1.RegistryService/SuspendPerson",
            "/clearinghouse.v1.RegistryService/UpsertRegion",
            "/clearinghouse.v1.SettlementService/Reverse",
            "/clearinghouse.v1.SettlementService/Settle",
            "/clearinghouse.v1.SettlementService/SettleStream",
            "/clearinghouse.v1.SupervisionService/ResolveFlag",
        ];
        Assert.Equal(expected, MutatingMethods.Paths.Order(StringComparer.Ordinal));
    }
}
