using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

public static class SettlementReads
{
    /// <summary>
    /// A settlement as GetSettlement answers it without the lines and the visit detail, which only GetSettlement
    /// adds: what Settle answered and listings show, for comparing with them.
    /// </summary>
    public static Settlement WithoutDetail(this Settlement settlement)
    {
        var figures = settlement.Clone();
        figures.Items.Clear();
        figures.Visit = null;
        return figures;
    }
}
