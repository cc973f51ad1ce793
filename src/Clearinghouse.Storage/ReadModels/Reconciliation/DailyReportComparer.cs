using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>The daily report's comparison in PostgreSQL: each report is staged by a <see cref="DailyReportStaging"/>.</summary>
public sealed class DailyReportComparer(NpgsqlDataSource database) : IDailyReportComparer
{
    public async Task<IDailyReportStaging> BeginAsync(CancellationToken cancellationToken = default) =>
        await DailyReportStaging.BeginAsync(database, cancellationToken);
}
