using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Clearing;

public sealed class OpenPeriodStore(NpgsqlDataSource database) : IOpenPeriodStore
{
    public async Task<string?> ReadOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"select period from {ClearingSchema.Periods} where state = 'open'");
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
