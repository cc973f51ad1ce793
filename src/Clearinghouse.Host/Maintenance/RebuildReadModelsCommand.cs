using System.Globalization;
using Clearinghouse.Storage;
using Clearinghouse.Storage.ReadModels;
using Marten;
using Npgsql;

namespace Clearinghouse.Host.Maintenance;

/// <summary>
/// <c>Clearinghouse.Host rebuild-read-models --ConnectionStrings:Clearinghouse=…</c>: rebuilds every read model
/// from the events while no host runs (ops/rebuild-read-models.sh). It takes the connection string as the host
/// does (command line, environment, appsettings), migrates the schema first (so a database written by an older
/// build gets its newer tables), and prints progress and the rate to standard error, the outcome to standard output.
/// </summary>
public static class RebuildReadModelsCommand
{
    public const string Name = "rebuild-read-models";

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var connectionString = configuration.GetConnectionString("Clearinghouse");
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync($"{Name}: ConnectionStrings:Clearinghouse is not set (pass --ConnectionStrings:Clearinghouse=\"Host=...\")");
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            using var store = DocumentStore.For(options => MartenConfiguration.Configure(options, connectionString));
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await using var database = NpgsqlDataSource.Create(connectionString);
            var rebuild = new ReadModelRebuild(database, store);
            await rebuild.RequireNoHostAsync(cancel.Token);
            var progress = new Progress<long>(events => Console.Error.WriteLine($"{Name}: {events:N0} events projected"));
            var outcome = await rebuild.RunAsync(progress, cancel.Token);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rebuilt the read models from {outcome.Events:N0} events in {outcome.Elapsed.TotalSeconds:0.0} s ({outcome.EventsPerSecond:N0} events/s)"));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"{Name}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"{Name}: interrupted; the read models are as they were");
            return 130;
        }
    }
}
