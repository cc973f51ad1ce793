using Clearinghouse.Cli;

// Ctrl-C cancels the running command (watch ends normally; a pending call reports "interrupted").
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected, interrupt.Token);
