using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Storage.Failures;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>
/// What period close asks of reconciliation: the discrepancies still open in a period (the month of their
/// business date), read from the discrepancy read model, which commits with the events.
/// </summary>
public sealed class OpenDiscrepancies(NpgsqlDataSource database) : IOpenDiscrepancies
{
    public async Task<IReadOnlyList<OpenDiscrepancyRef>> ListOpenAsync(string period, CancellationToken cancellationToken = default)
    {
        Invariant.Require(CivilDate.TryParsePeriod(period, out _), "a period is YYYY-MM");
        try
        {
            await using var command = database.CreateCommand(
                $"select discrepancy_id, care_region_code, business_date, kind, request_id from {ReconciliationSchema.Discrepancies} " +
                "where period = $1 and status = $2 order by care_region_code, business_date, discrepancy_id");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = period });
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)DiscrepancyStatus.Open });
            var open = new List<OpenDiscrepancyRef>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add(new OpenDiscrepancyRef(
                    reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), (DiscrepancyKind)reader.GetInt16(3), reader.GetString(4)));
            }
            return open;
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }
}
