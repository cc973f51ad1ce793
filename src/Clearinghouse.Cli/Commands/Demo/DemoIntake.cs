using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>The month's visits, settled over one SettleStream call, and one of them reversed by its care region.</summary>
public static class DemoIntake
{
    /// <summary>Sends every visit on one stream (the server handles up to 1,024 at once) and collects the answers by request id.</summary>
    public static async Task<IReadOnlyList<Settlement>> SettleAsync(Connection connection, IReadOnlyList<SettleRequest> visits, CancellationToken cancellationToken)
    {
        using var call = connection.Settlements.SettleStream(connection.Call(cancellationToken));
        var answers = ReadAnswersAsync(call.ResponseStream, cancellationToken);
        foreach (var visit in visits)
        {
            await call.RequestStream.WriteAsync(visit, cancellationToken);
        }
        await call.RequestStream.CompleteAsync();
        var settled = await answers;
        // In request order: the report and the reversal pick settlements by position.
        return [.. visits.Select(v => settled.TryGetValue(v.RequestId, out var s)
            ? s
            : throw new IOException($"SettleStream ended without answering {v.RequestId}: run demo again to resume"))];
    }

    private static async Task<Dictionary<string, Settlement>> ReadAnswersAsync(IAsyncStreamReader<SettleOutcome> answers, CancellationToken cancellationToken)
    {
        var settled = new Dictionary<string, Settlement>(StringComparer.Ordinal);
        SettleOutcome? refused = null;
        // Read to the end even after a refusal: a reader that stopped would hold the sender back for good.
        await foreach (var outcome in answers.ReadAllAsync(cancellationToken))
        {
            if (outcome.ResultCase == SettleOutcome.ResultOneofCase.Settlement)
            {
                settled[outcome.RequestId] = outcome.Settlement;
            }
            else
            {
                refused ??= outcome;
            }
        }
        if (refused is not null)
        {
            // The demo's inputs are fixed, so a refusal says the host differs from what the demo expects: report it as Settle would have.
            throw new RpcException(new Status((StatusCode)refused.Status.Code, $"settling {refused.RequestId}: {refused.Status.Message}"));
        }
        return settled;
    }

    public static string ReversalRequestId(DemoWorld world, DemoMonth month) => world.Id($"{month.Period}-v1");

    /// <summary>Reverses (冲正) one settlement, as its care region.</summary>
    public static async Task<Reversal> ReverseAsync(Connection connection, DemoWorld world, DemoMonth month, Settlement settlement, CancellationToken cancellationToken) =>
        await connection.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = ReversalRequestId(world, month),
            SettlementId = settlement.SettlementId,
            CareRegionCode = settlement.CareRegionCode,
            Reason = "demo: the hospital billed the visit twice",
        }, connection.Call(cancellationToken));
}
