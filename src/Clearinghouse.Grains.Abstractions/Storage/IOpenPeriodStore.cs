namespace Clearinghouse.Grains.Storage;

/// <summary>The open period as committed in the database: the same record the write path's fence checks.</summary>
public interface IOpenPeriodStore
{
    /// <summary>Null before the first period is opened.</summary>
    Task<string?> ReadOpenAsync(CancellationToken cancellationToken = default);
}
