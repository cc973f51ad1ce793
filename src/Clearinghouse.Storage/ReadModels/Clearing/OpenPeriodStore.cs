using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Failures;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Clearing;

public sealed class OpenPeriodStore(NpgsqlDataSource database) : IOpenPeriodStore
{
    public async Task<string?> ReadOpenAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.CreateCommand($"select period from {ClearingSchema.Periods} where state = 'open'");
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }
}
