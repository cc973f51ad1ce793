using Clearinghouse.Domain.Events;
using static Clearinghouse.Integration.Tests.Support.StoredForms;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// A deposit's stored JSON, through the serializer the store is configured with (no database): deposits
/// stored before the bank reference was required lack the property and read back with "" for it.
/// </summary>
public sealed class StoredDepositFormTests
{
    [Fact]
    public void A_deposit_without_the_bank_reference_property_reads_back_with_an_empty_reference()
    {
        const string Old = """{"Request":{"Scope":"110101","RequestId":"d-1","Fingerprint":"f","AcceptedAt":"2026-11-30T08:00:00+00:00"},"RegionCode":"110101","AmountFen":5000,"BalanceAfterFen":5000}""";

        var deposited = Read<PrepaymentDeposited>(Old);

        Assert.Equal(("110101", 5_000L, 5_000L, ""), (deposited.RegionCode, deposited.AmountFen, deposited.BalanceAfterFen, deposited.BankReference));
        Assert.Equal("d-1", deposited.Request.RequestId);
    }

    [Fact]
    public void A_deposit_with_its_bank_reference_round_trips()
    {
        var deposited = new PrepaymentDeposited(
            new RequestStamp("110101", "d-2", "f", new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero)), "110101", 7_000, 12_000, "CNAPS-000123");

        var json = Write(deposited);

        Assert.Contains("\"BankReference\":\"CNAPS-000123\"", json, StringComparison.Ordinal);
        Assert.Equal(deposited, Read<PrepaymentDeposited>(json));
    }
}
