using Clearinghouse.Cli;

// The first Ctrl-C cancels the running command (watch ends normally; a pending call reports "interrupted"
// and exits 130); a second one ends the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected, interrupt.Token);
