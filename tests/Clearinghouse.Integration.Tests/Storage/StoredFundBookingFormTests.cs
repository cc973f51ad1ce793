using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Events;
using static Clearinghouse.Integration.Tests.Support.StoredForms;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// PooledFundBooked gained the fund it books, last and defaulting to the pooled fund: a booking stored before
/// (every one was the pooled fund's) reads back as the pooled fund's, and the other funds' round-trip. Checked on
/// the serializer the store is configured with (no database).
/// </summary>
public sealed class StoredFundBookingFormTests
{
    [Fact]
    public void A_booking_stored_before_the_funds_were_told_apart_is_the_pooled_funds()
    {
        const string Old = """
            {"Request":{"Scope":"000000","RequestId":"pooled-booking:610924:42","Fingerprint":"","AcceptedAt":"2026-03-10T02:00:00+00:00","Actor":"system"},
             "RegionCode":"610924","FromSequenceExclusive":0,"ThroughSequence":42,"ThroughPeriod":"2026-03",
             "Movements":{"ContributionCount":1,"ContributionFen":700,"FundPaymentCount":1,"FundPaymentFen":300,"ReversalCount":0,"ReversalFen":0},
             "BalanceAfterFen":400}
            """;

        var booked = Read<PooledFundBooked>(Old);

        Assert.Equal((FundKind.Pooled, 400L, 42L), (booked.Fund, booked.BalanceAfterFen, booked.ThroughSequence));
    }

    [Fact]
    public void Each_funds_booking_round_trips()
    {
        var stamp = new RequestStamp("000000", "serious-booking:610924:42", "", DateTimeOffset.UnixEpoch, RequestStamp.SystemActor);
        foreach (var fund in FundKinds.All)
        {
            var booked = new PooledFundBooked(stamp, "610924", 0, 42, "2026-03", new PooledMovements(0, 0, 1, 300, 0, 0), -300, fund);
            Assert.Equal(booked, Read<PooledFundBooked>(Write(booked)));
        }
    }
}
