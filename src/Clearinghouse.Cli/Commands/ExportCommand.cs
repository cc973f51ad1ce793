using System.CommandLine;
using Clearinghouse.Cli.Export;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>export: every statement (all ListStatements pages) and the transfers of a closed period, as CSV.</summary>
public static class ExportCommand
{
    /// <summary>Statements per page asked for (the server allows 1..100).</summary>
    private const int PageSize = 100;

    /// <summary>An upper bound on pages: far above any real number of regions, so a looping token cannot hang the tool.</summary>
    private const int MaxPages = 10_000;

    public static Command Create(Definer define)
    {
        var period = new Argument<string>("period") { Description = "A closed period, YYYY-MM" };
        var outDirectory = new Option<string>("--out") { Description = "Directory to write into (created if missing)", DefaultValueFactory = _ => "." };
        var command = new Command("export", "Write statements-PERIOD.csv and transfers-PERIOD.csv (UTF-8, RFC 4180) and print their paths and row counts.")
        {
            period, outDirectory,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var exported = context.Period(period);
            var statements = await AllStatementsAsync(context, exported, cancellationToken);
            var transfers = await context.Connection.Clearing.ListTransfersAsync(
                new ListTransfersRequest { Period = exported }, context.Connection.Call(cancellationToken));

            var directory = Path.GetFullPath(context.Value(outDirectory));
            Directory.CreateDirectory(directory);
            var statementsFile = Path.Combine(directory, $"statements-{exported}.csv");
            var transfersFile = Path.Combine(directory, $"transfers-{exported}.csv");
            var statementRows = await CsvFile.WriteAsync(statementsFile, ExportLayout.StatementHeader, statements.SelectMany(ExportLayout.StatementRows));
            var transferRows = await CsvFile.WriteAsync(transfersFile, ExportLayout.TransferHeader, transfers.Transfers.Select(t => ExportLayout.TransferRow(exported, t)));

            context.Printer.Print(new TableBlock("files", $"Export of {exported}",
            [
                new("file", "File"),
                new("path", "Path"),
                new("rows", "Rows", AlignRight: true),
            ],
            [
                ["statements", statementsFile, Views.Count(statementRows)],
                ["transfers", transfersFile, Views.Count(transferRows)],
            ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<List<Statement>> AllStatementsAsync(CliContext context, string period, CancellationToken cancellationToken)
    {
        var all = new List<Statement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await context.Connection.Clearing.ListStatementsAsync(
                new ListStatementsRequest { Period = period, PageSize = PageSize, PageToken = token },
                context.Connection.Call(cancellationToken));
            foreach (var statement in response.Statements)
            {
                // A region listed twice would double its rows and break every sum downstream.
                if (!seen.Add(statement.RegionCode))
                {
                    throw new IOException($"ListStatements repeated region {statement.RegionCode}: export abandoned");
                }
                all.Add(statement);
            }
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }
            token = response.NextPageToken;
        }
        throw new IOException($"ListStatements did not end within {MaxPages} pages: export abandoned");
    }
}
