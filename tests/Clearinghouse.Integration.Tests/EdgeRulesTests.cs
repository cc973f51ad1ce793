using System.Security.Cryptography;
using Clearinghouse.Api;
using RejectedException = Clearinghouse.Domain.RejectedException;
using Clearinghouse.V1;
using Google.Protobuf;
using Xunit;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Pure checks of the gRPC edge's helpers, which the host's hot path made allocation-free: a fingerprint
/// is still the hash the stored requests were given (a retry after an upgrade must still match), and a
/// refusal still names the exact field.
/// </summary>
public sealed class EdgeRulesTests
{
    private static SettleRequest Visit(string requestId) => new()
    {
        RequestId = requestId,
        PersonId = "p-1",
        CareRegionCode = "520102",
        HospitalCode = "H-1",
        VisitType = VisitType.Outpatient,
        ServiceDate = "2026-11-20",
        Items =
        {
            new LineItem { Code = "A1", Name = "诊查", Category = ItemCategory.A, Quantity = 1, AmountFen = 3_000 },
            new LineItem { Code = "B1", Name = "药品", Category = ItemCategory.B, Quantity = 2, AmountFen = 4_555 },
        },
    };

    /// <summary>The definition the stored fingerprints were made with: SHA-256 of the type name and of a copy without its request id.</summary>
    private static string AsStored<T>(T request, Action<T> clearRequestId) where T : IMessage<T>
    {
        var copy = request.Clone();
        clearRequestId(copy);
        var bytes = System.Text.Encoding.UTF8.GetBytes(copy.Descriptor.FullName).Concat(copy.ToByteArray()).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 16);
    }

    [Fact]
    public void A_fingerprint_is_the_stored_hash_and_the_request_keeps_its_id()
    {
        var request = Visit("req-42");

        var fingerprint = Fingerprint.Of(request);

        Assert.Equal(AsStored(request, r => r.RequestId = ""), fingerprint);
        Assert.Equal("req-42", request.RequestId);
        Assert.Equal(Visit("req-42"), request);
    }

    [Fact]
    public void A_fingerprint_ignores_the_request_id_and_sees_every_other_field_and_the_message_type()
    {
        var first = Fingerprint.Of(Visit("a"));
        var changed = Visit("a");
        changed.Items[1].AmountFen += 1;

        Assert.Equal(first, Fingerprint.Of(Visit("b")));
        Assert.NotEqual(first, Fingerprint.Of(changed));
        Assert.NotEqual(
            Fingerprint.Of(new ReverseRequest { RequestId = "x" }),
            Fingerprint.Of(new SettleRequest { RequestId = "x" }));
    }

    [Fact]
    public void A_fingerprint_refuses_a_message_without_a_request_id()
    {
        Assert.Throws<InvalidOperationException>(() => Fingerprint.Of(new GetPersonRequest { PersonId = "p" }));
    }

    [Fact]
    public void A_refused_line_item_names_its_index_and_field()
    {
        var field = FieldName.Element("items", 2);

        var refusal = Assert.Throws<RejectedException>(() => RequestRules.Identifier("bad code", field.Member("code")));

        Assert.StartsWith("items[2].code must be 1..", refusal.Message);
        Assert.Equal("items[2]", field.ToString());
        Assert.Equal("person_id", ((FieldName)"person_id").ToString());
    }
}
