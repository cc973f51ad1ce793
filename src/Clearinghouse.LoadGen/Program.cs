using Clearinghouse.LoadGen.Commands;

// `settle` is also the root command: `loadgen [options]` runs it, as ops/bench.sh and the docs have always
// called the load generator; `close`, `reconcile`, `baseline` and `console` are the other benchmarks.
var root = SettleCommand.CreateRoot();
root.Subcommands.Add(SettleCommand.Create());
root.Subcommands.Add(CloseCommand.Create());
root.Subcommands.Add(ReconcileCommand.Create());
root.Subcommands.Add(BaselineCommand.Create());
root.Subcommands.Add(ConsoleCommand.Create());
return await Invocation.RunAsync(root, args);
