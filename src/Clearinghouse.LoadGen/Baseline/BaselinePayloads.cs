using System.Text;
using Npgsql;

namespace Clearinghouse.LoadGen.Baseline;

/// <summary>
/// The event payloads the baseline appends: copies of the latest settlement and reversal events in
/// clearinghouse.mt_events, so each row is the size of a real event; a synthetic 1,500-byte payload when the
/// database has none.
/// </summary>
public sealed record BaselinePayloads(List<string> Settlement, List<string> Reversal, bool Synthetic)
{
    private const int Samples = 500;

    public static async Task<BaselinePayloads> SampleAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        // A database filled before settlements took their second stored shape holds the first one.
        var settlement = await SampleAsync(dataSource, "settlement_accepted_v2", cancellationToken);
        if (settlement.Count == 0)
        {
            settlement = await SampleAsync(dataSource, "settlement_accepted_v1", cancellationToken);
        }
        var reversal = await SampleAsync(dataSource, "settlement_reversed_v1", cancellationToken);
        var synthetic = settlement.Count == 0;
        if (synthetic)
        {
            settlement = [SyntheticPayload(1_500)];
        }
        if (reversal.Count == 0)
        {
            reversal = settlement;
        }
        return new BaselinePayloads(settlement, reversal, synthetic);
    }

    /// <summary>Average bytes per row when <paramref name="settlementRows"/> settlement rows and <paramref name="reversalRows"/> reversal rows are written.</summary>
    public double AverageBytes(long settlementRows, long reversalRows)
    {
        var total = settlementRows + reversalRows;
        return total == 0 ? 0
            : (settlementRows * Settlement.Average(p => (double)Encoding.UTF8.GetByteCount(p))
               + reversalRows * Reversal.Average(p => (double)Encoding.UTF8.GetByteCount(p))) / total;
    }

    private static async Task<List<string>> SampleAsync(NpgsqlDataSource dataSource, string type, CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand(
                "select data::text from clearinghouse.mt_events where seq_id > (select coalesce(max(seq_id), 0) - 200000 from clearinghouse.mt_events) " +
                "and type = $1 order by seq_id desc limit $2");
            cmd.Parameters.AddWithValue(type);
            cmd.Parameters.AddWithValue(Samples);
            var payloads = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                payloads.Add(reader.GetString(0));
            }
            return payloads;
        }
        catch (PostgresException e)
        {
            Console.Error.WriteLine($"loadgen: baseline: could not read sample {type} events ({e.MessageText}); using a synthetic payload");
            return [];
        }
    }

    private static string SyntheticPayload(int length)
    {
        var sb = new StringBuilder("{\"pad\":\"");
        while (sb.Length < length - 2)
        {
            sb.Append('x');
        }
        return sb.Append("\"}").ToString();
    }
}
