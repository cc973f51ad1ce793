using System.Net.Sockets;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.Failures;
using Marten.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace Clearinghouse.Integration.Tests.Outage;

/// <summary>
/// The one classification of "PostgreSQL is unreachable": lost or refused connections and the server's
/// shutdown states, however wrapped, are; a statement's own failure (a constraint, a syntax error) and
/// anything not from the database are not.
/// </summary>
public sealed class TransientDatabaseFailureTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused)) },
        { "broken stream", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "timeout while opening", new NpgsqlException("The operation has timed out", new TimeoutException()) },
        { "postmaster gone (57P01)", Postgres("57P01") },
        { "crash shutdown (57P02)", Postgres("57P02") },
        { "starting up (57P03)", Postgres("57P03") },
        { "connection failure (08006)", Postgres("08006") },
        { "bare socket error", new SocketException((int)SocketError.ConnectionReset) },
        { "wrapped by Marten", new MartenCommandException(new NpgsqlCommand("select 1"), Postgres("57P01")) },
        { "inside an aggregate", new AggregateException(new InvalidOperationException("other"), new NpgsqlException("x", new IOException("reset"))) },
        { "already translated", new DatabaseUnavailableException("gone") },
        { "translated, then wrapped", new InvalidOperationException("outer", new DatabaseUnavailableException("gone")) },
    };

    public static TheoryData<string, Exception> NotOutages => new()
    {
        { "unique violation", Postgres(PostgresErrorCodes.UniqueViolation) },
        { "serialization failure (transient, but the statement's)", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "syntax error wrapped by Marten", new MartenCommandException(new NpgsqlCommand("selec 1"), Postgres(PostgresErrorCodes.SyntaxError)) },
        { "not from the database", new InvalidOperationException("bug") },
        { "a driver error that is no outage", new NpgsqlException("bad connection string") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_is_transient_and_translates_to_DatabaseUnavailableException(string what, Exception failure)
    {
        Assert.True(TransientDatabaseFailure.IsTransientDatabaseFailure(failure), what);
        Assert.True(new DatabaseFailures().IsTransientDatabaseFailure(failure), what);
        var translated = Assert.IsType<DatabaseUnavailableException>(TransientDatabaseFailure.Translate(failure));
        // It crosses silos intact: no driver exception inside, for which Orleans has no codec.
        var copy = Assert.IsType<DatabaseUnavailableException>(Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(translated)));
        Assert.Equal(translated.Message, copy.Message);
        Assert.Null(copy.InnerException);
    }

    [Theory]
    [MemberData(nameof(NotOutages))]
    public void Any_other_failure_keeps_its_meaning(string what, Exception failure)
    {
        Assert.False(TransientDatabaseFailure.IsTransientDatabaseFailure(failure), what);
        Assert.Same(failure, TransientDatabaseFailure.Translate(failure));
    }

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(DatabaseUnavailableException).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);
}
