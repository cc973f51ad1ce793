using System.CommandLine;
using Clearinghouse.Cli.Commands;
using Clearinghouse.Cli.Commands.Demo;

namespace Clearinghouse.Cli;

/// <summary>
/// The command line as a library: <see cref="RunAsync"/> parses, runs one command against the host and
/// returns the exit code, writing only to the writers it is given (so tests run it in-process).
/// </summary>
public static class CliApp
{
    /// <param name="terminal">stdout is a terminal: print Spectre tables unless --plain.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, bool terminal = false, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        var root = BuildRoot(globals, output, error, terminal);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync("error: " + problem.Message);
            }
            await error.WriteLineAsync("Run 'clearinghouse --help' (or 'clearinghouse COMMAND --help') for usage.");
            return ExitCodes.InvalidArguments;
        }
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // The caller owns Ctrl-C (Program.cs cancels the token): no process-wide handler in a library.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    public static RootCommand BuildRoot(GlobalOptions globals, TextWriter output, TextWriter error, bool terminal)
    {
        var root = new RootCommand(
            "Clearinghouse officer command line: period close, statements, transfers, CSV export, prepayment deposits, confirmations, daily reconciliation; and a demo month.");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }
        var define = new Definer(globals, output, error, terminal);
        root.Subcommands.Add(PeriodCommands.Period(define));
        root.Subcommands.Add(PeriodCommands.Close(define));
        root.Subcommands.Add(PeriodCommands.Summary(define));
        root.Subcommands.Add(StatementCommands.Statement(define));
        root.Subcommands.Add(StatementCommands.Confirm(define));
        root.Subcommands.Add(StatementCommands.Position(define));
        root.Subcommands.Add(SettlementCommand.Create(define));
        root.Subcommands.Add(TransfersCommand.Create(define));
        root.Subcommands.Add(ExportCommand.Create(define));
        root.Subcommands.Add(DepositCommand.Create(define));
        root.Subcommands.Add(WithdrawCommand.Create(define));
        root.Subcommands.Add(ExecuteCommand.Create(define));
        root.Subcommands.Add(AccountCommands.Account(define));
        root.Subcommands.Add(AccountCommands.Entries(define));
        root.Subcommands.Add(WatchCommand.Create(define));
        root.Subcommands.Add(ReconcileCommand.Create(define));
        root.Subcommands.Add(DiscrepancyCommands.Discrepancies(define));
        root.Subcommands.Add(DiscrepancyCommands.Resolve(define));
        root.Subcommands.Add(DiscrepancyCommands.ReconciliationStatus(define));
        root.Subcommands.Add(PolicyCommands.Publish(define));
        root.Subcommands.Add(FlagCommands.Flags(define));
        root.Subcommands.Add(FlagCommands.Flag(define));
        root.Subcommands.Add(FlagCommands.ResolveFlag(define));
        root.Subcommands.Add(FlagCommands.FlagReport(define));
        root.Subcommands.Add(CatalogueCommands.Publish(define));
        root.Subcommands.Add(CatalogueCommands.Versions(define));
        root.Subcommands.Add(CatalogueCommands.Item(define));
        root.Subcommands.Add(AuditCommand.Create(define));
        root.Subcommands.Add(DemoCommand.Create(define));
        return root;
    }
}
