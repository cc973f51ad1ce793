using Clearinghouse.Domain;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Ledger;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Supervision;

/// <summary>A period's settlements for the outliers comparison (see <see cref="IPeriodVisitQueries"/>), from the ledger.</summary>
public sealed class PeriodVisitQueries(NpgsqlDataSource database) : IPeriodVisitQueries
{
    public async Task<IReadOnlyList<PeriodVisit>> ListAsync(string period, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "select s.id, s.person_id, s.insured_region_code, s.care_region_code, s.hospital_code, s.visit_type, s.total_fen " +
            $"from {LedgerSchema.Settlements} s where s.period = $1 " +
            $"and not exists (select 1 from {LedgerSchema.Reversals} r where r.settlement_id = s.id and r.period = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = period });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var visits = new List<PeriodVisit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            visits.Add(new PeriodVisit(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                (VisitType)reader.GetInt16(5), reader.GetInt64(6)));
        }
        return visits;
    }
}
