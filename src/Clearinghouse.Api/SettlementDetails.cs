using Clearinghouse.Domain.ReadModels;
using Clearinghouse.Grains.Abstractions;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>A settlement as GetSettlement answers it: the ledger's record with the lines and visit detail of its event.</summary>
internal static class SettlementDetails
{
    /// <summary>
    /// The lines and the visit detail stay in the event (the ledger answers questions about money): the person's
    /// grain, which the ledger names, reads it back.
    /// </summary>
    public static async Task<V1.Settlement> WithDetailAsync(PersonReferences persons, SettlementRecord settlement, V1.Settlement wire)
    {
        var accepted = await persons.Get(settlement.PersonId).FindSettlement(settlement.Id)
            ?? throw new InvalidOperationException($"settlement {settlement.Id} is in the ledger but not in person {settlement.PersonId}'s stream");
        WireMapping.AddDetail(wire, accepted);
        return wire;
    }
}
