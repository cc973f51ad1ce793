using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearinghouse.Storage;

/// <summary>
/// Marten's command log: schema changes at Information, failures as errors with their SQL. Marten only
/// reads streams and migrates the schema here; the writes, and with them the database's expected
/// refusals (the period fence, a reused request id), go through <see cref="SqlBatch"/> and are
/// translated by the event log, so none of them reaches this log.
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

    private void Failure(Exception ex, string what) => _logger.LogError(ex, "Marten command failed: {What}", what);
}
