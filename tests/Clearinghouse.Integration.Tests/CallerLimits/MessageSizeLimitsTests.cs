using Clearinghouse.Api.CallerLimits;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>The computed sizes in MessageSizeLimits against the largest legitimate messages, encoded.</summary>
public sealed class MessageSizeLimitsTests
{
    [Fact]
    public void The_largest_settle_request_is_as_computed_and_within_the_settlement_service_limit()
    {
        var size = LargestMessages.Settle("S").CalculateSize();

        Assert.Equal(MessageSizeLimits.LargestSettleRequest, size);
        Assert.Equal(688_583, size);
        Assert.InRange(MessageSizeLimits.SettlementService - size, 0, 4_095);
    }

    [Fact]
    public void The_largest_report_batch_is_as_computed_and_the_largest_message_of_any_service()
    {
        var size = LargestMessages.ReportBatch().CalculateSize();

        Assert.Equal(MessageSizeLimits.LargestReportMessage, size);
        Assert.Equal(4_040_005, size);
        Assert.InRange(MessageSizeLimits.ReconciliationService - size, 0, 4_095);
        Assert.True(MessageSizeLimits.ReconciliationService < MessageSizeLimits.HostWide);
        Assert.True(MessageSizeLimits.SettlementService < MessageSizeLimits.HostWide);
    }

    [Fact]
    public void The_largest_catalogue_batch_is_as_computed_and_the_largest_message_of_any_service()
    {
        var size = LargestMessages.CatalogueBatch().CalculateSize();

        Assert.Equal(MessageSizeLimits.LargestCatalogueMessage, size);
        Assert.Equal(7_300_005, size);
        Assert.InRange(MessageSizeLimits.RegistryService - size, 0, 4_095);
        Assert.Equal(MessageSizeLimits.HostWide, MessageSizeLimits.RegistryService);
    }

    [Fact]
    public void The_other_largest_requests_are_as_computed_and_within_their_services_limits()
    {
        Assert.Equal(MessageSizeLimits.LargestResolveRequest, LargestMessages.Resolve().CalculateSize());
        Assert.True(MessageSizeLimits.LargestResolveRequest <= MessageSizeLimits.ReconciliationService);

        Assert.Equal(MessageSizeLimits.LargestRegistryRequest, LargestMessages.Suspend().CalculateSize());
        Assert.True(LargestMessages.RegisterHospital().CalculateSize() < MessageSizeLimits.LargestRegistryRequest);
        Assert.True(LargestMessages.PublishPolicy().CalculateSize() < MessageSizeLimits.LargestRegistryRequest);
        Assert.True(MessageSizeLimits.LargestRegistryRequest < MessageSizeLimits.RegistryService);

        Assert.Equal(MessageSizeLimits.LargestClearingRequest, LargestMessages.ConfirmStatement().CalculateSize());
        Assert.True(LargestMessages.Deposit().CalculateSize() < MessageSizeLimits.LargestClearingRequest);
        Assert.InRange(MessageSizeLimits.ClearingService - MessageSizeLimits.LargestClearingRequest, 0, 4_095);

        Assert.InRange(LargestMessages.ListActions().CalculateSize(), 1, MessageSizeLimits.AuditService / 8);
    }
}
