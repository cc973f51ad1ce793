using Clearinghouse.Storage.Clearing;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearinghouse.Storage;

/// <summary>
/// Marten's command log, with the database's expected refusals kept out of the error log: the period
/// fence (a settlement decided in a period a close just cut off, retried in the next) and unique
/// violations (a request id reused, answered ALREADY_EXISTS). Both are answers, not faults; they are
/// logged at Debug. Every other failure is an error, with its SQL.
/// </summary>
public sealed class MartenLogging(ILoggerFactory loggers) : IMartenLogger, IMartenSessionLogger, IConfigureMarten
{
    private readonly ILogger _logger = loggers.CreateLogger("Marten");

    public void Configure(IServiceProvider services, StoreOptions options) => options.Logger(this);

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => _logger.LogInformation("Schema change: {Sql}", sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failure(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failure(ex, string.Join(";\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failure(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Failure(Exception ex, string what)
    {
        if (IsRefusal(ex))
        {
            _logger.LogDebug(ex, "Refused by the database: {What}", what);
        }
        else
        {
            _logger.LogError(ex, "Marten command failed: {What}", what);
        }
    }

    private static bool IsRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is PostgresException { SqlState: ClearingSchema.PeriodNotOpenState or PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }
        return false;
    }
}
